package dev.selfheal.agent.etcd;

import dev.selfheal.agent.checkpoint.RevisionMark;
import dev.selfheal.agent.etcd.MemberObservation.ClusterView;
import dev.selfheal.agent.internal.EtcdGateway;
import dev.selfheal.agent.internal.HttpCall;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Gathers a {@link MemberObservation}: the local member's health and identity, its data directory, and the
 * cluster as the first healthy peer sees it (its members, each asked for its health). Remembers since when the
 * local member is down, and records the revision a healthy local member reports ({@link RevisionMark}).
 */
final class MemberObserver {

    private final EtcdMemberSettings settings;
    private final HttpCall http;
    private final Clock clock;
    private final RevisionMark mark;
    private Instant downSince;

    MemberObserver(EtcdMemberSettings settings, HttpCall http, Clock clock, RevisionMark mark) {
        this.mark = mark;
        this.settings = settings;
        this.http = http;
        this.clock = clock;
    }

    MemberObservation observe() {
        EtcdGateway local = gateway(settings.clientUrl());
        boolean healthy = local.healthy();
        Optional<EtcdGateway.Status> status;
        try {
            status = Optional.of(local.status());
        } catch (IOException e) {
            status = Optional.empty();
        }
        if (healthy) {
            downSince = null;
            if (mark != null && status.isPresent()) {
                mark.record(status.get().revision(), clock.instant());
            }
        } else if (downSince == null) {
            downSince = clock.instant();
        }
        return new MemberObservation(healthy, status, dataIntact(settings.dataDir()), downSince, cluster());
    }

    /** Forgets the down time (after a repair). */
    void reset() {
        downSince = null;
    }

    EtcdGateway gateway(String url) {
        return new EtcdGateway(url, http);
    }

    /** Whether the data directory holds a WAL segment and a database. */
    static boolean dataIntact(Path dataDir) {
        Path wal = dataDir.resolve("member/wal");
        if (!Files.isRegularFile(dataDir.resolve("member/snap/db")) || !Files.isDirectory(wal)) {
            return false;
        }
        try (Stream<Path> s = Files.list(wal)) {
            return s.anyMatch(p -> p.getFileName().toString().endsWith(".wal"));
        } catch (IOException e) {
            return false;
        }
    }

    private Optional<ClusterView> cluster() {
        for (String url : settings.peerEndpoints()) {
            EtcdGateway peer = gateway(url);
            if (!peer.healthy()) {
                continue;
            }
            try {
                String clusterId = peer.status().clusterId();
                List<EtcdGateway.Member> members = peer.members();
                Set<String> healthy = new HashSet<>();
                for (EtcdGateway.Member m : members) {
                    if (!m.clientUrls().isEmpty() && gateway(m.clientUrls().get(0)).healthy()) {
                        healthy.add(m.id());
                    }
                }
                return Optional.of(new ClusterView(clusterId, members, healthy, url));
            } catch (IOException e) {
                // this peer stopped answering: ask the next
            }
        }
        return Optional.empty();
    }
}
