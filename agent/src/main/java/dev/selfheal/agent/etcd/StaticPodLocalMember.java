package dev.selfheal.agent.etcd;

import dev.selfheal.agent.internal.AtomicFiles;
import dev.selfheal.agent.internal.YamlTrees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The local etcd member as a static pod the kubelet runs: a stop moves the Pod manifest out of the kubelet's
 * manifest directory into a parking directory (the kubelet stops the pod); a start rewrites the flags of the
 * etcd container ({@link #rewrite}) and writes the manifest back atomically (the kubelet starts the pod anew).
 * The agent then waits until the member answers; the kubelet does the rest.
 */
public final class StaticPodLocalMember implements LocalMember {

    private final Path manifest;
    private final Path parked;
    private final String container;

    /**
     * @param manifest the Pod manifest in the kubelet's manifest directory
     * @param parkingDir where the manifest waits while the member is stopped (outside the manifest directory)
     * @param container the etcd container's name (kubeadm: {@code etcd})
     */
    public StaticPodLocalMember(Path manifest, Path parkingDir, String container) {
        this.manifest = manifest;
        this.parked = parkingDir.resolve(manifest.getFileName());
        this.container = container;
    }

    @Override
    public void stop() {
        try {
            if (Files.exists(manifest)) {
                Files.createDirectories(parked.getParent());
                Files.move(manifest, parked, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move " + manifest + " out of the manifest directory", e);
        }
    }

    @Override
    public void start(Map<String, String> flags) {
        Path from = Files.exists(parked) ? parked : manifest;
        try {
            String yaml = rewrite(Files.readString(from), container, flags);
            AtomicFiles.write(manifest, yaml.getBytes(StandardCharsets.UTF_8));
            Files.deleteIfExists(parked);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rewrite the etcd manifest " + manifest, e);
        }
    }

    /**
     * The Pod manifest with the flags set in the named container's {@code command} (or its {@code args} when the
     * command carries no flags).
     *
     * @throws IllegalArgumentException when the manifest is no Pod with that container
     */
    @SuppressWarnings("unchecked")
    public static String rewrite(String podYaml, String container, Map<String, String> flags) {
        if (!(YamlTrees.load(podYaml) instanceof Map<?, ?> pod)
                || !(((Map<String, Object>) pod).get("spec") instanceof Map<?, ?> spec)
                || !(spec.get("containers") instanceof List<?> containers)) {
            throw new IllegalArgumentException("not a Pod manifest with spec.containers");
        }
        Map<String, Object> c = (Map<String, Object>) containers.stream()
                .filter(x -> x instanceof Map<?, ?> m && container.equals(m.get("name"))).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("the Pod has no container named '" + container + "'"));
        String key = c.get("command") instanceof List<?> cmd && cmd.stream().anyMatch(a -> String.valueOf(a).startsWith("--"))
                || !(c.get("args") instanceof List<?>) ? "command" : "args";
        List<String> list = new ArrayList<>();
        if (c.get(key) instanceof List<?> l) {
            l.forEach(a -> list.add(String.valueOf(a)));
        }
        c.put(key, EtcdFlags.with(list, flags));
        DumperOptions o = new DumperOptions();
        o.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        return new Yaml(o).dump(pod);
    }
}
