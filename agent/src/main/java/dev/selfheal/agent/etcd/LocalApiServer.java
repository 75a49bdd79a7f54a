package dev.selfheal.agent.etcd;

import dev.selfheal.agent.internal.AtomicFiles;
import dev.selfheal.agent.internal.YamlTrees;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The API server of this node, which must not go on with what it read from an etcd cluster that was restored
 * under it. Kubernetes' own procedure for restoring etcd stops every API server first and starts them again
 * afterwards: an API server left running keeps serving (and caching, its authorizer's roles included) what it read
 * from the lost cluster while it re-reads resource after resource, and hangs every request while etcd has no
 * quorum, including the kubelet's own mirror-pod calls that stand before the start of a rewritten etcd pod.
 * {@link dev.selfheal.agent.recover.EtcdQuorumRecovery} stops it before the local member and starts it once the
 * restored member answers (or when the recovery fails part way: nothing is left stopped); {@link EtcdMemberRepair}
 * restarts it after joining the local member to a cluster it was not in (the cluster restored on another master).
 */
public interface LocalApiServer {

    /** No API server on this node (or one the recovery does not manage). */
    LocalApiServer NONE = new LocalApiServer() {
        @Override
        public void stop() {
        }

        @Override
        public void start() {
        }

        @Override
        public String toString() {
            return "no local API server";
        }
    };

    /** Stops it; a second call does nothing. */
    void stop() throws IOException;

    /** Starts it anew when {@link #stop()} stopped it; otherwise does nothing. */
    void start() throws IOException;

    /**
     * Restarts it where it runs, with no moment in which it looks removed (the agent's own supervision would put a
     * missing manifest back from its checkpoint); does nothing when it does not run.
     */
    default void restart() throws IOException {
        stop();
        start();
    }

    /**
     * The kube-apiserver static pod of the kubelet's manifest folder: stopped by moving its manifest into
     * {@code parkingDir} (the kubelet stops the pod), started by writing it back with the annotation
     * {@value StaticPod#RESTARTED_AT} set, so the kubelet sees a new pod rather than one it has just ended.
     *
     * @param manifest the Pod manifest in the kubelet's manifest folder
     * @param parkingDir where it waits meanwhile (outside the manifest folder)
     */
    static LocalApiServer staticPod(Path manifest, Path parkingDir) {
        return new StaticPod(manifest, parkingDir, Instant::now);
    }

    /** {@link #staticPod}. */
    final class StaticPod implements LocalApiServer {

        /** The annotation that makes the manifest written back a new pod. */
        public static final String RESTARTED_AT = "selfheal.dev/restarted-at";

        private final Path manifest;
        private final Path parked;
        private final Supplier<Instant> now;

        StaticPod(Path manifest, Path parkingDir, Supplier<Instant> now) {
            this.manifest = Objects.requireNonNull(manifest, "manifest");
            this.parked = Objects.requireNonNull(parkingDir, "parkingDir").resolve(manifest.getFileName());
            this.now = now;
        }

        @Override
        public synchronized void stop() throws IOException {
            if (Files.exists(manifest)) {
                Files.createDirectories(parked.getParent());
                Files.move(manifest, parked, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
        }

        @Override
        public synchronized void start() throws IOException {
            if (!Files.exists(parked)) {
                return;
            }
            String yaml = annotated(Files.readString(parked), now.get());
            AtomicFiles.write(manifest, yaml.getBytes(StandardCharsets.UTF_8));
            Files.delete(parked);
        }

        /** Rewrites the manifest in place with the annotation set: the kubelet replaces the pod by a new one. */
        @Override
        public synchronized void restart() throws IOException {
            if (Files.exists(manifest)) {
                AtomicFiles.write(manifest, annotated(Files.readString(manifest), now.get()).getBytes(StandardCharsets.UTF_8));
            }
        }

        /** Where the manifest waits while the API server is stopped. */
        public Path parked() {
            return parked;
        }

        @SuppressWarnings("unchecked")
        static String annotated(String podYaml, Instant at) throws IOException {
            Object tree;
            try {
                tree = YamlTrees.load(podYaml);
            } catch (RuntimeException e) {
                throw new IOException("the API server's manifest does not parse: " + e.getMessage(), e);
            }
            if (!(tree instanceof Map<?, ?> loaded)) {
                throw new IOException("the API server's manifest is not a Pod");
            }
            Map<String, Object> pod = (Map<String, Object>) loaded;
            Map<String, Object> metadata = pod.get("metadata") instanceof Map<?, ?> m
                    ? (Map<String, Object>) m : new LinkedHashMap<>();
            pod.put("metadata", metadata);
            Map<String, Object> annotations = metadata.get("annotations") instanceof Map<?, ?> a
                    ? (Map<String, Object>) a : new LinkedHashMap<>();
            metadata.put("annotations", annotations);
            annotations.put(RESTARTED_AT, at.toString());
            DumperOptions o = new DumperOptions();
            o.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
            return new Yaml(o).dump(pod);
        }

        @Override
        public String toString() {
            return "the static pod " + manifest;
        }
    }
}
