package dev.selfheal.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds a bare-metal re-provisioning at its PXE boot until the test has seen everything that happened before it.
 *
 * <p>The bare-metal provider powers the same server on again when it re-provisions it, right after the healer
 * released the node's workloads. The {@link SafetyRecorder} asks the BMC whether the server is off when its watches
 * deliver a release, and a watch delivers late under load: without a gate, a release made while the server was
 * off could be judged against the power of the already re-provisioned server. The gate is the provider's own
 * provisioning hook ({@code replace.hook}, run with {@code SELFHEAL_REPLACE_STEP=before-pxe-boot} before the
 * power-on): a script that announces itself in a directory and waits until the test answers. The test answers
 * once its barrier (the recorder catching up with the API server) has run, so the server stays off until every
 * release made before the power-on was judged, and a release made after it is judged against a server that is on.
 * Nothing is shortened or skipped: the healer waits for the hook as it would for a site's provisioning system.
 */
final class PowerOnGate implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PowerOnGate.class);
    private static final Duration POLL = Duration.ofMillis(50);

    private final Path directory;
    private final Path script;
    private final Thread watcher;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicInteger answered = new AtomicInteger();
    private volatile Runnable barrier = () -> { };

    private PowerOnGate(Path directory) {
        this.directory = directory;
        this.script = directory.resolve("before-pxe-boot.sh");
        this.watcher = new Thread(this::watch, "power-on-gate");
        this.watcher.setDaemon(true);
    }

    /** A gate in a fresh temporary directory, answering at once until {@link #barrier(Runnable)} is set. */
    static PowerOnGate open() {
        try {
            Path dir = Files.createTempDirectory("selfheal-power-gate-");
            PowerOnGate gate = new PowerOnGate(dir);
            // Answers on the file named by the hook's own process id; gives up (exit 1) after two minutes.
            String body = """
                    #!/bin/sh
                    [ "$SELFHEAL_REPLACE_STEP" = before-pxe-boot ] || exit 0
                    : > "%1$s/asked.$$"
                    i=0
                    while [ ! -e "%1$s/go.$$" ]; do
                      i=$((i + 1))
                      [ "$i" -gt 2400 ] && echo "no answer from the test" && exit 1
                      sleep 0.05
                    done
                    rm -f "%1$s/go.$$"
                    exit 0
                    """.formatted(dir);
            Files.writeString(gate.script, body);
            Files.setPosixFilePermissions(gate.script, PosixFilePermissions.fromString("rwx------"));
            gate.watcher.start();
            return gate;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the power-on gate", e);
        }
    }

    /** The hook script to give the provider as {@code replace.hook}. */
    Path script() {
        return script;
    }

    /** How many PXE boots the gate let go on. */
    int answered() {
        return answered.get();
    }

    /** What runs before each PXE boot may go on. */
    void barrier(Runnable barrier) {
        this.barrier = barrier;
    }

    private void watch() {
        while (!closed.get()) {
            try (DirectoryStream<Path> asked = Files.newDirectoryStream(directory, "asked.*")) {
                for (Path a : asked) {
                    String id = a.getFileName().toString().substring("asked.".length());
                    long start = System.nanoTime();
                    try {
                        barrier.run();
                    } catch (RuntimeException e) {
                        LOG.warn("power-on gate: the barrier failed, letting the PXE boot go on: {}", e.toString());
                    }
                    Files.deleteIfExists(a);
                    Files.writeString(directory.resolve("go." + id), "");
                    answered.incrementAndGet();
                    LOG.info("power-on gate: the PXE boot goes on after {} ms", (System.nanoTime() - start) / 1_000_000);
                }
                TimeUnit.MILLISECONDS.sleep(POLL.toMillis());
            } catch (IOException e) {
                if (!closed.get()) {
                    LOG.warn("power-on gate: {}", e.toString());
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            watcher.interrupt();
            try {
                watcher.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
                for (Path f : files) {
                    Files.deleteIfExists(f);
                }
                Files.deleteIfExists(directory);
            } catch (IOException e) {
                LOG.warn("power-on gate: cannot remove {}: {}", directory, e.toString());
            }
        }
    }
}
