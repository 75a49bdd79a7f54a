package dev.selfheal.agent.kube;

import dev.selfheal.spi.RegularFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * A bearer token, given or read from a file; a file is read again after {@value #REREAD_SECONDS} s, since the
 * kubelet rotates a projected ServiceAccount token. The token never appears in {@link #toString()}.
 */
final class BearerToken implements Supplier<String> {

    static final long REREAD_SECONDS = 60;

    private final String fixed;
    private final Path file;
    private String cached;
    private long readAt;

    private BearerToken(String fixed, Path file) {
        this.fixed = fixed;
        this.file = file;
    }

    static BearerToken of(String token) {
        return new BearerToken(token.strip(), null);
    }

    static BearerToken fromFile(Path file) {
        BearerToken t = new BearerToken(null, file);
        t.get();
        return t;
    }

    @Override
    public synchronized String get() {
        if (fixed != null) {
            return fixed;
        }
        long now = System.nanoTime();
        if (cached == null || now - readAt > Duration.ofSeconds(REREAD_SECONDS).toNanos()) {
            try {
                String t = RegularFiles.readString(file, RegularFiles.SECRET_LIMIT).strip();
                if (t.isEmpty()) {
                    throw new IllegalStateException("the token file " + file + " is empty");
                }
                cached = t;
                readAt = now;
            } catch (IOException e) {
                if (cached == null) {
                    throw new UncheckedIOException("cannot read the token file " + file + ": " + e.getMessage(), e);
                }
            }
        }
        return cached;
    }

    @Override
    public String toString() {
        return file != null ? "token from " + file : "token (given)";
    }
}
