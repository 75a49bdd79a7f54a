package dev.selfheal.agent.recover;

import dev.selfheal.agent.internal.EtcdGateway;
import dev.selfheal.agent.internal.HttpCall;
import dev.selfheal.agent.internal.Polling;
import dev.selfheal.agent.runtime.Commands;
import dev.selfheal.agent.runtime.ProcessManifest;
import dev.selfheal.agent.runtime.ProcessRuntime;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A throw-away etcd on free loopback ports over a copy of some etcd state (a snapshot database or a data
 * directory), for reading it back: the original is never touched. Runs as a {@link ProcessRuntime} (its own
 * process group, gone with the agent); {@link #close()} stops it and deletes the copy.
 */
final class TemporaryEtcd implements AutoCloseable {

    private final Path workDir;
    private final ProcessRuntime process;
    private final EtcdGateway gateway;
    private final Commands commands;

    private TemporaryEtcd(Path workDir, ProcessRuntime process, EtcdGateway gateway, Commands commands) {
        this.workDir = workDir;
        this.commands = commands;
        this.process = process;
        this.gateway = gateway;
    }

    /** An etcd over a copy of a snapshot database ({@code member/snap/db} of a fresh data directory). */
    static TemporaryEtcd fromSnapshot(Path etcdBinary, Path snapshotDb, Duration timeout) throws IOException {
        Path work = Files.createTempDirectory("selfheal-recover");
        Path snap = Files.createDirectories(work.resolve("data/member/snap"));
        Files.copy(snapshotDb, snap.resolve("db"));
        return start(etcdBinary, work, false, timeout);
    }

    /** An etcd over a copy of a data directory, as a new single-member cluster. */
    static TemporaryEtcd fromDataDir(Path etcdBinary, Path dataDir, Duration timeout) throws IOException {
        if (!Files.isDirectory(dataDir.resolve("member"))) {
            throw new IOException(dataDir + " is not an etcd data directory (no member/ inside)");
        }
        Path work = Files.createTempDirectory("selfheal-recover");
        copyTree(dataDir, work.resolve("data"));
        return start(etcdBinary, work, true, timeout);
    }

    EtcdGateway gateway() {
        return gateway;
    }

    @Override
    public void close() {
        process.close();
        commands.close();
        try (Stream<Path> s = Files.walk(workDir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temporary directory is harmless
        }
    }

    private static TemporaryEtcd start(Path etcdBinary, Path work, boolean forceNewCluster, Duration timeout) {
        Path data = work.resolve("data");
        try {
            Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwx------"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String client = "http://127.0.0.1:" + freePort();
        String peer = "http://127.0.0.1:" + freePort();
        List<String> cmd = new ArrayList<>(List.of(etcdBinary.toString(), "--name=selfheal-recover",
                "--data-dir=" + data, "--listen-client-urls=" + client, "--advertise-client-urls=" + client,
                "--listen-peer-urls=" + peer, "--initial-advertise-peer-urls=" + peer,
                "--initial-cluster=selfheal-recover=" + peer, "--log-level=warn"));
        if (forceNewCluster) {
            cmd.add("--force-new-cluster");
        }
        Commands commands = new Commands();
        ProcessRuntime p = new ProcessRuntime("recover-etcd", new ProcessManifest(cmd, Map.of(), work), work, work,
                Duration.ofSeconds(5), commands);
        EtcdGateway gw = new EtcdGateway(client, new HttpCall(null, null, null, false, Duration.ofSeconds(2)));
        TemporaryEtcd t = new TemporaryEtcd(work, p, gw, commands);
        try {
            p.start();
            Polling.await("the temporary etcd at " + client + " (log " + p.logFile() + ")", Duration.ofMillis(200), timeout, () -> {
                if (!p.status().running()) {
                    throw new IllegalStateException("the temporary etcd exited; log " + p.logFile());
                }
                return gw.healthy();
            });
            return t;
        } catch (RuntimeException e) {
            t.close();
            throw e;
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on 127.0.0.1", e);
        }
    }
}
