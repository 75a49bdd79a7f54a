package dev.selfheal.agent.etcd;

import dev.selfheal.agent.internal.EtcdGateway;
import dev.selfheal.agent.internal.HttpCall;
import dev.selfheal.agent.runtime.Commands;
import dev.selfheal.agent.runtime.ProcessManifest;
import dev.selfheal.agent.runtime.ProcessRuntime;
import dev.selfheal.testbed.kube.EtcdCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * A real etcd cluster from the testbed whose members run under the agent's process runtime, each from a process
 * manifest file, as on a master whose agent runs etcd as a process.
 */
final class AgentRunMembers implements AutoCloseable {

    final EtcdCluster cluster;
    private final Commands commands = new Commands();
    private final ProcessRuntime[] runtimes;
    private final Path[] manifests;

    AgentRunMembers(int size) {
        this(size, false);
    }

    /** With {@code tls}, both ports speak TLS and require client certificates. */
    AgentRunMembers(int size, boolean tls) {
        cluster = tls ? EtcdCluster.createTls(size) : EtcdCluster.create(size);
        runtimes = new ProcessRuntime[size];
        manifests = new Path[size];
    }

    /** Writes each member's manifest, starts it under a process runtime, waits until all are healthy. */
    AgentRunMembers startAll() {
        try {
            for (int i = 0; i < runtimes.length; i++) {
                manifests[i] = cluster.dir().resolve(cluster.member(i).name() + ".yaml");
                String yaml = new ProcessManifest(cluster.command(i), Map.of(), cluster.dir()).toYaml();
                Files.writeString(manifests[i], yaml);
                runtimes[i] = new ProcessRuntime(cluster.member(i).name(), ProcessManifest.parse(yaml),
                        cluster.dir().resolve("logs"), cluster.dir(), Duration.ofSeconds(5), commands);
                runtimes[i].start();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (int i = 0; i < runtimes.length; i++) {
            cluster.awaitHealthy(i);
        }
        return this;
    }

    ProcessRuntime runtime(int i) {
        return runtimes[i];
    }

    Path manifest(int i) {
        return manifests[i];
    }

    ProcessLocalMember local(int i) {
        return new ProcessLocalMember(runtimes[i], manifests[i]);
    }

    /** Stops member {@code i} and deletes its data directory. */
    void destroy(int i) {
        runtimes[i].stop();
        cluster.destroyData(i);
    }

    EtcdMemberSettings settings(int i) {
        EtcdCluster.Member m = cluster.member(i);
        return new EtcdMemberSettings(m.name(), m.dataDir(), m.clientUrl(), m.peerUrl(), cluster.clientUrls(), cluster.caFile(),
                cluster.clientCertFile(), cluster.clientKeyFile(), Duration.ofSeconds(30), Duration.ofSeconds(60), null);
    }

    EtcdGateway gateway(int i) {
        return new EtcdGateway(cluster.member(i).clientUrl(), new HttpCall(cluster.caFile(), cluster.clientCertFile(),
                cluster.clientKeyFile(), false, Duration.ofSeconds(5)));
    }

    @Override
    public void close() {
        for (ProcessRuntime r : runtimes) {
            if (r != null) {
                r.close();
            }
        }
        commands.close();
        cluster.close();
    }
}
