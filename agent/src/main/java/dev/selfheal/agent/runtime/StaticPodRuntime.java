package dev.selfheal.agent.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A static pod: a Pod manifest in the kubelet's manifest directory, which the kubelet runs. Running means the
 * manifest is in place; a restart moves the manifest out of the directory (the kubelet stops the pod) and back
 * after {@code gap} (the kubelet starts it anew), the way kubeadm documents it. The manifest's content is kept
 * by the agent's {@code Checkpointer}, which also puts a missing manifest back.
 */
public final class StaticPodRuntime implements ComponentRuntime {

    private static final Logger LOG = LoggerFactory.getLogger(StaticPodRuntime.class);

    private final Path manifest;
    private final Path parked;
    private final Duration gap;
    private final ScheduledExecutorService scheduler;
    private volatile boolean restarting;

    /**
     * @param manifest the Pod manifest in the kubelet's manifest directory
     * @param parkingDir where the manifest waits during a restart (outside the manifest directory)
     * @param gap how long the manifest stays away so the kubelet notices
     * @param scheduler runs the move back
     */
    public StaticPodRuntime(Path manifest, Path parkingDir, Duration gap, ScheduledExecutorService scheduler) {
        this.manifest = manifest;
        this.parked = parkingDir.resolve(manifest.getFileName());
        this.gap = gap;
        this.scheduler = scheduler;
    }

    /** The kubelet starts a static pod by itself once its manifest is in place; the checkpointer sees to that. */
    @Override
    public void start() {
        if (!Files.exists(manifest) && Files.exists(parked)) {
            moveBack();
        }
    }

    @Override
    public synchronized void restart() {
        if (restarting) {
            return;
        }
        try {
            Files.createDirectories(parked.getParent());
            Files.move(manifest, parked, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move " + manifest + " out of the manifest directory", e);
        }
        restarting = true;
        LOG.info("restarting static pod {}: manifest away for {}", manifest.getFileName(), gap);
        scheduler.schedule(this::moveBack, gap.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public RuntimeStatus status() {
        if (restarting) {
            return new RuntimeStatus(RuntimeStatus.State.RESTARTING, "manifest moved out for a restart");
        }
        return Files.exists(manifest) ? RuntimeStatus.running("manifest " + manifest + " in place")
                : RuntimeStatus.stopped("manifest " + manifest + " missing");
    }

    @Override
    public void close() {
        if (restarting) {
            moveBack();
        }
    }

    private synchronized void moveBack() {
        try {
            if (Files.exists(parked)) {
                Files.move(parked, manifest, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                LOG.info("static pod {}: manifest back in place", manifest.getFileName());
            }
        } catch (IOException e) {
            LOG.warn("cannot move {} back into the manifest directory: {}", manifest.getFileName(), e.getMessage());
        } finally {
            restarting = false;
        }
    }
}
