package dev.selfheal.agent.recover;

import dev.selfheal.agent.checkpoint.EtcdSnapshotter;
import dev.selfheal.agent.checkpoint.RevisionMark;
import dev.selfheal.agent.etcd.EtcdMemberSettings;
import dev.selfheal.agent.etcd.LocalApiServer;
import dev.selfheal.agent.etcd.LocalMember;
import dev.selfheal.agent.internal.AtomicFiles;
import dev.selfheal.agent.internal.EtcdGateway;
import dev.selfheal.agent.internal.HttpCall;
import dev.selfheal.agent.internal.Json;
import dev.selfheal.agent.internal.JsonReader;
import dev.selfheal.agent.internal.Polling;
import dev.selfheal.agent.runtime.Commands;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code recover} for a lost etcd quorum: a new single-member cluster on this node from the newest valid
 * snapshot ({@link EtcdSnapshotter}'s), which the other members then join (their agents' member repair sees
 * them missing from the cluster and adds them). Steps: refuse while any member is healthy (a cluster with quorum
 * is never overwritten); stop the node's API server ({@link LocalApiServer}, as Kubernetes' restore procedure
 * asks) and the local member; read what the surviving local data holds after the snapshot
 * (through a {@link TemporaryEtcd} over a copy); {@code etcdutl snapshot restore} into a new directory (revision
 * bumped and marked compacted, so no client sees a revision go back); move the old data directory aside (kept)
 * and the restored one into place; start the member as a new cluster of one, and the API server anew once the
 * member answers ({@link #recover()}) or at once ({@link #restore()}); a recovery that fails part way starts
 * the API server again before it throws. The result is an
 * {@link EtcdRecoveryReport} of what was lost, logged, and written to
 * {@code <checkpoints>/etcd/recover-report-<time>.json}.
 */
public final class EtcdQuorumRecovery {

    private static final Logger LOG = LoggerFactory.getLogger(EtcdQuorumRecovery.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    /**
     * Options.
     *
     * @param etcdutl the etcdutl executable (snapshot restore and status)
     * @param etcd the etcd executable (to read the surviving data)
     * @param checkpointDir the agent's checkpoint directory (snapshots, the revision mark, the report)
     * @param bumpRevision how far the restored revision is raised above the snapshot's (at least 1)
     */
    public record Options(Path etcdutl, Path etcd, Path checkpointDir, long bumpRevision) {
        /** Checks. */
        public Options {
            Objects.requireNonNull(etcdutl, "etcdutl");
            Objects.requireNonNull(etcd, "etcd");
            Objects.requireNonNull(checkpointDir, "checkpointDir");
            if (bumpRevision < 1) {
                throw new IllegalArgumentException("bumpRevision " + bumpRevision + " is out of range; allowed: 1 or more");
            }
        }
    }

    private final EtcdMemberSettings member;
    private final LocalMember local;
    private final Options options;
    private final Clock clock;
    private final HttpCall http;
    private final LocalApiServer apiServer;

    /** A recovery on a node without an API server of its own to stop ({@link LocalApiServer#NONE}). */
    public EtcdQuorumRecovery(EtcdMemberSettings member, LocalMember local, Options options, Clock clock) {
        this(member, local, LocalApiServer.NONE, options, clock);
    }

    /**
     * @param member the local member's settings
     * @param local how the local member is stopped and started
     * @param apiServer the node's API server, stopped while etcd is restored
     * @param options executables, checkpoints, revision bump
     * @param clock the clock of the report
     */
    public EtcdQuorumRecovery(EtcdMemberSettings member, LocalMember local, LocalApiServer apiServer, Options options,
                              Clock clock) {
        this.member = member;
        this.local = local;
        this.apiServer = Objects.requireNonNull(apiServer, "apiServer");
        this.options = options;
        this.clock = clock;
        this.http = new HttpCall(member.caFile(), member.certFile(), member.keyFile(), false, Duration.ofSeconds(5));
    }

    /**
     * Restores, starts the member, waits until it is healthy (the member's {@code startTimeout}), starts the API
     * server anew and reports.
     *
     * @throws IOException when a member is still healthy, no valid snapshot exists, or a step fails
     */
    public EtcdRecoveryReport recover() throws IOException {
        return thenStartApiServer(() -> {
            EtcdRecoveryReport report = restoreKeepingApiServerStopped();
            Polling.await("the restored etcd member " + member.name(), Duration.ofMillis(500), member.startTimeout(),
                    () -> new EtcdGateway(member.clientUrl(), http).healthy());
            return report;
        });
    }

    /**
     * Restores and hands the member its new flags ({@link LocalMember#start}), without waiting for it, and starts
     * the API server again at once: for a one-shot command whose local member only rewrites the manifest that the
     * agent then runs.
     *
     * @throws IOException when a member is still healthy, no valid snapshot exists, or a step fails
     */
    public EtcdRecoveryReport restore() throws IOException {
        return thenStartApiServer(this::restoreKeepingApiServerStopped);
    }

    private interface Step {
        EtcdRecoveryReport run() throws IOException;
    }

    /** Runs the step, then starts the API server again, also when the step failed (its failure kept first). */
    private EtcdRecoveryReport thenStartApiServer(Step step) throws IOException {
        EtcdRecoveryReport report;
        try {
            report = step.run();
        } catch (IOException | RuntimeException e) {
            try {
                startApiServer();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        startApiServer();
        return report;
    }

    private void startApiServer() throws IOException {
        try {
            apiServer.start();
        } catch (IOException | RuntimeException e) {
            throw new IOException("etcd recover: cannot start " + apiServer + " again: " + e.getMessage(), e);
        }
    }

    private EtcdRecoveryReport restoreKeepingApiServerStopped() throws IOException {
        for (String url : member.endpoints()) {
            if (new EtcdGateway(url, http).healthy()) {
                throw new IOException("etcd at " + url + " is healthy: the cluster has quorum; recover does not overwrite it");
            }
        }
        Path snapshot = EtcdSnapshotter.latestValidIn(options.checkpointDir()).orElseThrow(() -> new IOException(
                "no valid etcd snapshot under " + options.checkpointDir().resolve("etcd")));
        long snapRev = snapshotRevision(snapshot);
        Instant at = clock.instant();
        apiServer.stop();
        LOG.info("etcd recover: {} stopped until the restored member answers", apiServer);
        local.stop();
        awaitDown();
        Survivor survivor = survivor(snapRev);
        Path kept = swapIn(restore(snapshot, at), at);
        local.start(Map.of("--initial-cluster", member.name() + "=" + member.peerUrl(), "--initial-cluster-state", "new"));
        long lastSeen = new RevisionMark(options.checkpointDir()).read().map(RevisionMark.Mark::revision).orElse(-1L);
        long lost = Math.max(0, Math.max(lastSeen, survivor.revision()) - snapRev);
        EtcdRecoveryReport report = new EtcdRecoveryReport(at, snapshot, snapRev, lastSeen, survivor.revision(), lost,
                survivor.changed(), kept);
        publish(report);
        return report;
    }

    /** What the surviving local data holds after the snapshot; nothing when no data survived. */
    private record Survivor(long revision, List<EtcdGateway.KeyRevision> changed) {
    }

    private Survivor survivor(long snapRev) {
        if (!Files.isDirectory(member.dataDir().resolve("member"))) {
            return new Survivor(-1, List.of());
        }
        try (TemporaryEtcd etcd = TemporaryEtcd.fromDataDir(options.etcd(), member.dataDir(), member.startTimeout())) {
            return new Survivor(etcd.gateway().revision(), etcd.gateway().changedSince(snapRev + 1));
        } catch (IOException | RuntimeException e) {
            LOG.error("the surviving etcd data in {} cannot be read ({}); the keys lost cannot be named",
                    member.dataDir(), e.getMessage());
            return new Survivor(-1, List.of());
        }
    }

    private long snapshotRevision(Path snapshot) throws IOException {
        try (Commands commands = new Commands()) {
            Commands.Result r = commands.run(List.of(options.etcdutl().toString(), "snapshot", "status",
                    snapshot.toString(), "-w", "json"), Duration.ofMinutes(2));
            if (r.exitCode() != 0) {
                throw new IOException("etcdutl snapshot status " + snapshot + " failed (" + r.describe() + "): " + r.output().strip());
            }
            String out = r.output().substring(Math.max(0, r.output().indexOf('{')));
            return Long.parseLong(Json.text(JsonReader.parse(out.strip()), "-1", "revision"));
        } catch (IllegalArgumentException e) {
            throw new IOException("etcdutl snapshot status answered no revision: " + e.getMessage());
        }
    }

    private Path restore(Path snapshot, Instant at) throws IOException {
        Path target = member.dataDir().resolveSibling(member.dataDir().getFileName() + ".restore-" + STAMP.format(at));
        try (Commands commands = new Commands()) {
            Commands.Result r = commands.run(List.of(options.etcdutl().toString(), "snapshot", "restore",
                    snapshot.toString(), "--name=" + member.name(), "--data-dir=" + target,
                    "--initial-cluster=" + member.name() + "=" + member.peerUrl(),
                    "--initial-advertise-peer-urls=" + member.peerUrl(), "--skip-hash-check",
                    "--bump-revision=" + options.bumpRevision(), "--mark-compacted"), Duration.ofMinutes(10));
            if (r.exitCode() != 0) {
                throw new IOException("etcdutl snapshot restore " + snapshot + " failed (" + r.describe() + "): " + r.output().strip());
            }
        }
        LOG.info("etcd snapshot {} restored into {}", snapshot, target);
        return target;
    }

    private Path swapIn(Path restored, Instant at) throws IOException {
        Path dataDir = member.dataDir();
        Path kept = null;
        if (Files.exists(dataDir)) {
            kept = dataDir.resolveSibling(dataDir.getFileName() + ".lost-" + STAMP.format(at));
            Files.move(dataDir, kept);
            LOG.warn("the replaced etcd data directory is kept in {}", kept);
        }
        Files.move(restored, dataDir);
        return kept;
    }

    private void publish(EtcdRecoveryReport report) throws IOException {
        if (report.lostAnything()) {
            LOG.error("{}", report.summary());
        } else {
            LOG.warn("{}", report.summary());
        }
        Path file = options.checkpointDir().resolve("etcd").resolve("recover-report-" + STAMP.format(report.at()) + ".json");
        AtomicFiles.write(file, (report.toJson() + "\n").getBytes(StandardCharsets.UTF_8));
        LOG.warn("etcd recover report written to {}", file);
    }

    private void awaitDown() {
        Polling.await("etcd member " + member.name() + " to stop", Duration.ofMillis(200), member.startTimeout(), () -> {
            try {
                new EtcdGateway(member.clientUrl(), http).status();
                return false;
            } catch (IOException e) {
                return true;
            }
        });
    }
}
