package dev.selfheal.agent.etcd;

import dev.selfheal.agent.checkpoint.RevisionMark;
import dev.selfheal.agent.etcd.MemberObservation.ClusterView;
import dev.selfheal.agent.internal.EtcdGateway;
import dev.selfheal.agent.internal.HttpCall;
import dev.selfheal.agent.internal.Polling;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Repairs the local etcd member: observes ({@link MemberObserver}), lets {@link MemberRepairPolicy} decide, and
 * performs the decision: stop the member, remove it through a healthy peer ({@code /v3/cluster/member/remove}),
 * clear its data directory, add it anew as a learner ({@code /v3/cluster/member/add}) and start it with
 * {@code --initial-cluster} of the members now listed and {@code --initial-cluster-state=existing}, promote it
 * once it caught up ({@code /v3/cluster/member/promote}); then wait until it is healthy and listed as a started
 * voting member. A member joined to a cluster it was not in (one restored from a snapshot on another master) has
 * the node's API server restarted ({@link LocalApiServer}): the one that ran read the cluster before the restore.
 * One repair at a time: a second caller, in this process or another
 * (a lock file beside the data directory), is told the repair is busy. Every step is logged; a step that fails
 * ends the round with its error in the result, and the next round resumes from what the cluster shows (a member
 * removed and not added: a join; added and not started: a resume).
 */
public final class EtcdMemberRepair {

    private static final Logger LOG = LoggerFactory.getLogger(EtcdMemberRepair.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final EtcdMemberSettings settings;
    private final LocalMember member;
    private final LocalApiServer apiServer;
    private final Clock clock;
    private final MemberObserver observer;
    private final MemberRepairPolicy policy;
    private final AtomicBoolean running = new AtomicBoolean();

    /**
     * What one round did.
     *
     * @param decision what was decided, and why
     * @param repaired whether a repair was performed and the member is healthy again
     * @param detail what happened (the error of a failed step)
     */
    public record Result(MemberRepairDecision decision, boolean repaired, String detail) {
    }

    /**
     * @param settings the local member and its peers
     * @param member how the local member is stopped and started
     * @param clock the time of decisions
     * @param mark where each round records the revision a healthy local member reports (null: nowhere), the
     *             "last revision seen" that {@code recover} compares a snapshot with
     */
    public EtcdMemberRepair(EtcdMemberSettings settings, LocalMember member, Clock clock, RevisionMark mark) {
        this(settings, member, LocalApiServer.NONE, clock, mark);
    }

    /**
     * @param settings the local member and its peers
     * @param member how the local member is stopped and started
     * @param apiServer the node's API server, restarted after the member joined a cluster it was not in
     * @param clock the time of decisions
     * @param mark where each round records the revision a healthy local member reports (null: nowhere)
     */
    public EtcdMemberRepair(EtcdMemberSettings settings, LocalMember member, LocalApiServer apiServer, Clock clock,
                            RevisionMark mark) {
        this.settings = settings;
        this.member = member;
        this.apiServer = Objects.requireNonNull(apiServer, "apiServer");
        this.clock = clock;
        this.observer = new MemberObserver(settings, new HttpCall(settings.caFile(), settings.certFile(),
                settings.keyFile(), false, Duration.ofSeconds(5)), clock, mark);
        this.policy = new MemberRepairPolicy(settings.peerUrl(), settings.repairAfter());
    }

    /** One round: observe, decide and, when the decision acts, repair. Never two at once. */
    public Result runOnce() {
        if (!running.compareAndSet(false, true)) {
            return busy();
        }
        try (FileChannel ch = FileChannel.open(lockFile(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = tryLock(ch)) {
            if (lock == null) {
                return busy();
            }
            return round();
        } catch (IOException e) {
            return new Result(new MemberRepairDecision.Refuse("cannot take the repair lock " + lockFile()), false,
                    String.valueOf(e.getMessage()));
        } finally {
            running.set(false);
        }
    }

    private Result round() {
        MemberObservation o = observer.observe();
        Optional<EtcdGateway.Member> learner = o.cluster().flatMap(c -> c.byPeerUrl(settings.peerUrl()))
                .filter(m -> m.learner() && m.started());
        if (learner.isPresent()) {
            return promoteLeftLearner(learner.get(), o.cluster().get());
        }
        MemberRepairDecision d = policy.decide(o, clock.instant());
        if (!d.acts()) {
            if (d instanceof MemberRepairDecision.Refuse) {
                LOG.warn("etcd member {}: no repair: {}", settings.name(), d.reason());
            }
            return new Result(d, false, d.reason());
        }
        LOG.warn("etcd member {}: repairing ({}): {}", settings.name(), d.getClass().getSimpleName(), d.reason());
        try {
            perform(d, o.cluster().orElseThrow());
            observer.reset();
            String detail = "member " + settings.name() + " repaired (" + d.getClass().getSimpleName() + ") and healthy";
            LOG.info("etcd {}", detail);
            return new Result(d, true, detail);
        } catch (IOException | RuntimeException e) {
            LOG.error("etcd member {}: repair failed: {}", settings.name(), e.getMessage());
            return new Result(d, false, "repair failed: " + e.getMessage());
        }
    }

    /** A member a past round started as a learner and could not promote: promoted now, nothing else touched. */
    private Result promoteLeftLearner(EtcdGateway.Member me, ClusterView view) {
        MemberRepairDecision d = new MemberRepairDecision.Resume(me, "member " + me.hexId()
                + " started as a learner and was never promoted");
        LOG.warn("etcd member {}: {}", settings.name(), d.reason());
        try {
            EtcdGateway peer = observer.gateway(view.via());
            promoteWhenInSync(peer);
            Polling.await("etcd member " + settings.name() + " voting and healthy", Duration.ofMillis(500),
                    settings.startTimeout(), () -> rejoined(peer));
            return new Result(d, true, "member " + settings.name() + " promoted and healthy");
        } catch (RuntimeException e) {
            return new Result(d, false, "promotion failed: " + e.getMessage());
        }
    }

    private void perform(MemberRepairDecision d, ClusterView view) throws IOException {
        EtcdGateway peer = observer.gateway(view.via());
        member.stop();
        awaitDown();
        if (d instanceof MemberRepairDecision.Replace r) {
            peer.removeMember(r.old().id());
            LOG.info("etcd member {}: removed member {} through {}", settings.name(), r.old().hexId(), view.via());
        }
        clearDataDir();
        List<EtcdGateway.Member> members = d instanceof MemberRepairDecision.Resume ? view.members() : add(peer);
        String initialCluster = initialCluster(members);
        LOG.info("etcd member {}: starting with --initial-cluster={} --initial-cluster-state=existing",
                settings.name(), initialCluster);
        member.start(Map.of("--initial-cluster", initialCluster, "--initial-cluster-state", "existing"));
        promoteWhenInSync(peer);
        Polling.await("etcd member " + settings.name() + " to rejoin healthy", Duration.ofMillis(500),
                settings.startTimeout(), () -> rejoined(peer));
        if (d instanceof MemberRepairDecision.Join) {
            restartApiServer();
        }
    }

    /** Restarts the node's API server in place (its supervision, not held, never sees it removed). */
    private void restartApiServer() throws IOException {
        try {
            apiServer.restart();
        } catch (IOException | RuntimeException e) {
            throw new IOException("etcd member " + settings.name() + " joined, but " + apiServer
                    + " cannot be restarted: " + e.getMessage(), e);
        }
        LOG.info("etcd member {}: joined a cluster it was not in; {} restarted to read it anew", settings.name(), apiServer);
    }

    /**
     * Promotes the local member when it is listed as a learner, once it started and caught up with the leader (etcd
     * refuses the promotion until then, "not in sync": tried again).
     */
    private void promoteWhenInSync(EtcdGateway peer) {
        Polling.await("etcd member " + settings.name() + " started and voting", Duration.ofMillis(500),
                settings.startTimeout(), () -> {
                    EtcdGateway.Member me;
                    try {
                        me = peer.members().stream().filter(m -> m.peerUrls().contains(settings.peerUrl())).findFirst()
                                .orElse(null);
                        if (me == null || !me.learner()) {
                            return true;
                        }
                        if (!me.started()) {
                            return false;
                        }
                        peer.promoteMember(me.id());
                        LOG.info("etcd member {}: promoted from learner to voting member", settings.name());
                        return true;
                    } catch (IOException e) {
                        LOG.info("etcd member {}: not promoted yet: {}", settings.name(), e.getMessage());
                        return false;
                    }
                });
    }

    /**
     * Adds the member as a learner: until it has started and caught up it does not count for the quorum, so a
     * member slow to start (a static pod whose kubelet first waits on its own master's API server) never stops
     * the cluster it joins (a cluster of one with a voting member added needs both). etcd refuses an add
     * ("unhealthy cluster") until the peer has been connected to a quorum for a few seconds (just after a start
     * or a removal), so a refusal of that kind is tried again.
     */
    private List<EtcdGateway.Member> add(EtcdGateway peer) {
        AtomicReference<List<EtcdGateway.Member>> added = new AtomicReference<>();
        Polling.await("the cluster to accept member " + settings.name() + " back", Duration.ofSeconds(1),
                settings.startTimeout(), () -> {
                    try {
                        added.set(peer.addMember(List.of(settings.peerUrl()), true));
                        return true;
                    } catch (IOException e) {
                        if (e.getMessage() != null && e.getMessage().contains("unhealthy cluster")) {
                            LOG.info("etcd member {}: add refused for now: {}", settings.name(), e.getMessage());
                            return false;
                        }
                        throw new UncheckedIOException(e);
                    }
                });
        LOG.info("etcd member {}: added as a learner through {}", settings.name(), peer.endpoint());
        return added.get();
    }

    /** {@code name=peerURL,...} of the members, the local (added, unnamed) one by its configured name. */
    String initialCluster(List<EtcdGateway.Member> members) {
        return members.stream().flatMap(m -> m.peerUrls().stream().map(u ->
                        (m.peerUrls().contains(settings.peerUrl()) ? settings.name() : m.name()) + "=" + u))
                .collect(Collectors.joining(","));
    }

    private boolean rejoined(EtcdGateway peer) {
        if (!observer.gateway(settings.clientUrl()).healthy()) {
            return false;
        }
        try {
            return peer.members().stream().anyMatch(m -> m.peerUrls().contains(settings.peerUrl()) && m.started()
                    && !m.learner());
        } catch (IOException e) {
            return false;
        }
    }

    private void awaitDown() {
        Polling.await("etcd member " + settings.name() + " to stop", Duration.ofMillis(200), settings.startTimeout(),
                () -> {
                    try {
                        observer.gateway(settings.clientUrl()).status();
                        return false;
                    } catch (IOException e) {
                        return true;
                    }
                });
    }

    /**
     * Empties the data directory for the new member. Data that still holds a WAL and a database (a member of
     * another cluster, one taken as corrupt, the survivor of a lost quorum) may be the only copy of some writes:
     * it is moved aside to {@code <dataDir>.replaced-<time>}, never deleted; what is left of destroyed data is.
     */
    private void clearDataDir() throws IOException {
        Path dir = settings.dataDir();
        if (MemberObserver.dataIntact(dir)) {
            Path kept = dir.resolveSibling(dir.getFileName() + ".replaced-" + STAMP.format(clock.instant()));
            Files.move(dir, kept);
            LOG.warn("etcd member {}: its data directory still held data; moved aside to {} (kept)", settings.name(), kept);
            return;
        }
        if (Files.exists(dir)) {
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder()).filter(p -> !p.equals(dir))::iterator) {
                    Files.delete(p);
                }
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        }
        LOG.info("etcd member {}: data directory {} cleared", settings.name(), dir);
    }

    private Path lockFile() {
        return settings.dataDir().resolveSibling(settings.dataDir().getFileName() + ".repair.lock");
    }

    /** The lock, or null when another process (or another repair of this process) holds it. */
    private static FileLock tryLock(FileChannel ch) throws IOException {
        try {
            return ch.tryLock();
        } catch (OverlappingFileLockException e) {
            return null;
        }
    }

    private Result busy() {
        return new Result(new MemberRepairDecision.Refuse("a repair of member " + settings.name() + " is under way"),
                false, "busy");
    }
}
