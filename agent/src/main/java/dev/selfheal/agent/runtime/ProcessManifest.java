package dev.selfheal.agent.runtime;

import dev.selfheal.agent.internal.JsonWriter;
import dev.selfheal.agent.internal.YamlTrees;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How to run a plain process, as a manifest file the agent checkpoints and restores:
 *
 * <pre>
 * command: [/usr/local/bin/kube-apiserver, --etcd-servers=http://127.0.0.1:2379, ...]
 * env: {GOMAXPROCS: "2"}
 * workDir: /var/lib/kube-apiserver
 * </pre>
 *
 * @param command the executable and its arguments (not empty)
 * @param env extra environment variables
 * @param workDir the working directory, or null for the agent's state directory
 */
public record ProcessManifest(List<String> command, Map<String, String> env, Path workDir) {

    private static final Set<String> KEYS = Set.of("command", "env", "workDir");

    /** Copies and validates. */
    public ProcessManifest {
        command = List.copyOf(command);
        env = Map.copyOf(env);
        if (command.isEmpty() || command.get(0).isBlank()) {
            throw new IllegalArgumentException("command must name an executable");
        }
    }

    /**
     * Parses a process manifest.
     *
     * @throws IllegalArgumentException saying what is wrong (not YAML, unknown key, no command)
     */
    public static ProcessManifest parse(String yaml) {
        if (!(YamlTrees.load(yaml) instanceof Map<?, ?> root)) {
            throw new IllegalArgumentException("not a mapping with command, env and workDir");
        }
        for (Object k : root.keySet()) {
            if (!KEYS.contains(String.valueOf(k))) {
                throw new IllegalArgumentException("unknown key '" + k + "'; known keys: command, env, workDir");
            }
        }
        if (!(root.get("command") instanceof List<?> cmd) || cmd.isEmpty()) {
            throw new IllegalArgumentException("command must be a non-empty list");
        }
        List<String> command = new ArrayList<>();
        cmd.forEach(n -> command.add(text(n)));
        Map<String, String> env = new LinkedHashMap<>();
        if (root.get("env") instanceof Map<?, ?> e) {
            e.forEach((k, v) -> env.put(String.valueOf(k), text(v)));
        }
        Object wd = root.get("workDir");
        return new ProcessManifest(command, env, wd == null ? null : Path.of(text(wd)));
    }

    /**
     * This manifest as YAML that {@link #parse} reads back: block lists and mappings, every string double-quoted
     * (JSON's escapes, which YAML shares).
     */
    public String toYaml() {
        StringBuilder sb = new StringBuilder("command:\n");
        command.forEach(c -> sb.append("- ").append(JsonWriter.quote(c)).append('\n'));
        if (!env.isEmpty()) {
            sb.append("env:\n");
            env.forEach((k, v) -> sb.append("  ").append(JsonWriter.quote(k)).append(": ").append(JsonWriter.quote(v)).append('\n'));
        }
        if (workDir != null) {
            sb.append("workDir: ").append(JsonWriter.quote(workDir.toString())).append('\n');
        }
        return sb.toString();
    }

    private static String text(Object scalar) {
        return scalar == null ? "" : String.valueOf(scalar);
    }
}
