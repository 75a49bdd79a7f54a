package dev.selfheal.examples.demo;

import java.io.PrintStream;
import java.util.Locale;

/** The demo's progress output: each line stamped with the seconds since the demo started. */
final class Console {

    private final PrintStream out;
    private final long start = System.nanoTime();

    Console(PrintStream out) {
        this.out = out;
    }

    /** A progress line, {@code [  12.3 s] what}. */
    void step(String what) {
        out.printf(Locale.ROOT, "[%6.1f s] %s%n", (System.nanoTime() - start) / 1e9, what);
        out.flush();
    }

    /** A plain line. */
    void line(String text) {
        out.println(text);
        out.flush();
    }
}
