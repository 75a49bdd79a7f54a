package dev.selfheal.testbed.leak;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Captures what is written to {@link System#err} (where slf4j-simple logs) while a test runs, still passing it
 * through. Not for parallel tests.
 */
public final class StderrCapture implements AutoCloseable {

    private final PrintStream original = System.err;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

    private StderrCapture() {
        PrintStream copy = new PrintStream(buffer, true, StandardCharsets.UTF_8);
        System.setErr(new PrintStream(new OutputStream() {
            @Override
            public void write(int c) {
                original.write(c);
                copy.write(c);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                original.write(b, off, len);
                copy.write(b, off, len);
            }
        }, true, StandardCharsets.UTF_8));
    }

    /** Starts capturing. */
    public static StderrCapture start() {
        return new StderrCapture();
    }

    /** What was written so far. */
    public synchronized String text() {
        return buffer.toString(StandardCharsets.UTF_8);
    }

    /** Stops capturing. */
    @Override
    public void close() {
        System.setErr(original);
    }
}
