package dev.selfheal.agent.recover;

import dev.selfheal.agent.checkpoint.CheckpointSettings;
import dev.selfheal.agent.checkpoint.Checkpointer;
import dev.selfheal.agent.checkpoint.ControlPlaneMirror;
import dev.selfheal.agent.checkpoint.EtcdSnapshotter;
import dev.selfheal.agent.internal.AtomicFiles;
import dev.selfheal.agent.internal.EtcdGateway;
import dev.selfheal.agent.internal.HttpCall;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code recover} operation (bootkube's "recover"): rebuilds the control-plane manifests of a node from etcd
 * state alone, when every control-plane component is gone. The agent mirrors each checkpointed manifest into the
 * ConfigMap {@code selfheal-control-plane-<node>} ({@link CheckpointSettings#mirrorToCluster()}); recover reads
 * those ConfigMaps straight from etcd, from an etcd snapshot (such as the agent's own
 * {@link EtcdSnapshotter} checkpoints), a copy of an etcd data directory, or a live etcd endpoint, with no API
 * server. A snapshot or data directory is served by a throw-away etcd ({@link TemporaryEtcd}) over a copy; the
 * original is never modified. Each manifest is checked against the SHA-256 stored beside it; one that does not
 * match is reported and never written.
 */
public final class ControlPlaneRecovery {

    private static final Logger LOG = LoggerFactory.getLogger(ControlPlaneRecovery.class);

    private ControlPlaneRecovery() {
    }

    /** Where the etcd state comes from. */
    public sealed interface Source permits Snapshot, DataDir, Endpoint {
    }

    /** An etcd snapshot database file. */
    public record Snapshot(Path db) implements Source {
    }

    /** An etcd data directory (it holds {@code member/}); a copy is read. */
    public record DataDir(Path dir) implements Source {
    }

    /** A running etcd's client URL (plain http, or https with the given TLS files). */
    public record Endpoint(String url, Path caFile, Path certFile, Path keyFile) implements Source {
    }

    /**
     * Options.
     *
     * @param etcdBinary the etcd executable to serve a snapshot or data directory
     * @param namespace the agent namespace whose mirror ConfigMaps to read
     * @param timeout how long the throw-away etcd may take to start
     */
    public record Options(Path etcdBinary, String namespace, Duration timeout) {
        /** Checks. */
        public Options {
            Objects.requireNonNull(namespace, "namespace");
            timeout = timeout == null ? Duration.ofSeconds(60) : timeout;
        }
    }

    /**
     * One recovered manifest.
     *
     * @param component the component id
     * @param runtime how it ran ({@code process}, {@code static-pod}, {@code systemd})
     * @param path where its manifest lived on the node
     * @param content the manifest, its checksum verified
     */
    public record Manifest(String component, String runtime, Path path, String content) {
    }

    /**
     * Reads the mirrored manifests of every node from etcd.
     *
     * @return the manifests by node name
     * @throws IOException when etcd cannot be read
     */
    public static Map<String, List<Manifest>> read(Source source, Options options) throws IOException {
        String prefix = "/registry/configmaps/" + options.namespace() + "/" + CheckpointSettings.mirrorName("");
        if (source instanceof Endpoint e) {
            return parse(new EtcdGateway(e.url(), new HttpCall(e.caFile(), e.certFile(), e.keyFile(), false,
                    Duration.ofSeconds(10))).rangePrefix(prefix), prefix);
        }
        Objects.requireNonNull(options.etcdBinary(), "etcdBinary (needed to read a snapshot or data directory)");
        try (TemporaryEtcd etcd = source instanceof Snapshot s
                ? TemporaryEtcd.fromSnapshot(options.etcdBinary(), s.db(), options.timeout())
                : TemporaryEtcd.fromDataDir(options.etcdBinary(), ((DataDir) source).dir(), options.timeout())) {
            return parse(etcd.gateway().rangePrefix(prefix), prefix);
        }
    }

    /**
     * Writes recovered manifests atomically, to their original paths or under {@code outDir} as
     * {@code <component>.yaml}, and seeds the checkpoints with them when a checkpointer is given.
     *
     * @return the files written
     */
    public static List<Path> write(List<Manifest> manifests, Path outDir, Checkpointer seed) {
        List<Path> written = new ArrayList<>();
        for (Manifest m : manifests) {
            Path target = outDir == null ? m.path() : outDir.resolve(m.component() + ".yaml");
            try {
                AtomicFiles.write(target, m.content().getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the recovered manifest " + target, e);
            }
            if (seed != null) {
                seed.save(m.component(), m.path(), m.content());
            }
            written.add(target);
            LOG.info("recovered the {} manifest into {}", m.component(), target);
        }
        return written;
    }

    private static Map<String, List<Manifest>> parse(List<EtcdGateway.KeyValue> kvs, String prefix) {
        Map<String, List<Manifest>> out = new LinkedHashMap<>();
        for (EtcdGateway.KeyValue kv : kvs) {
            String node = kv.key().substring(prefix.length());
            Map<String, String> data;
            try {
                data = StoredConfigMap.data(kv.value());
            } catch (IllegalArgumentException e) {
                LOG.warn("cannot read {}: {}", kv.key(), e.getMessage());
                continue;
            }
            out.put(node, manifests(node, data));
        }
        return out;
    }

    private static List<Manifest> manifests(String node, Map<String, String> data) {
        List<Manifest> out = new ArrayList<>();
        for (Map.Entry<String, String> e : data.entrySet()) {
            if (!e.getKey().endsWith(ControlPlaneMirror.MANIFEST_SUFFIX)) {
                continue;
            }
            String id = e.getKey().substring(0, e.getKey().length() - ControlPlaneMirror.MANIFEST_SUFFIX.length());
            String sha = data.get(id + ControlPlaneMirror.SHA_SUFFIX);
            if (sha == null || !sha.equals(AtomicFiles.sha256(e.getValue().getBytes(StandardCharsets.UTF_8)))) {
                LOG.error("the mirrored {} manifest of node {} does not match its checksum; not used", id, node);
                continue;
            }
            out.add(new Manifest(id, data.getOrDefault(id + ControlPlaneMirror.RUNTIME_SUFFIX, ""),
                    Path.of(data.getOrDefault(id + ControlPlaneMirror.PATH_SUFFIX, id + ".yaml")), e.getValue()));
        }
        return out;
    }
}
