package dev.selfheal.agent.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
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

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
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
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not valid YAML: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("not a mapping with command, env and workDir");
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!KEYS.contains(k)) {
                throw new IllegalArgumentException("unknown key '" + k + "'; known keys: command, env, workDir");
            }
        }
        JsonNode cmd = root.get("command");
        if (cmd == null || !cmd.isArray() || cmd.isEmpty()) {
            throw new IllegalArgumentException("command must be a non-empty list");
        }
        List<String> command = new ArrayList<>();
        cmd.forEach(n -> command.add(n.asText()));
        Map<String, String> env = new LinkedHashMap<>();
        JsonNode e = root.get("env");
        if (e != null && e.isObject()) {
            e.properties().forEach(f -> env.put(f.getKey(), f.getValue().asText()));
        }
        JsonNode wd = root.get("workDir");
        return new ProcessManifest(command, env, wd == null || wd.isNull() ? null : Path.of(wd.asText()));
    }

    /** This manifest as YAML that {@link #parse} reads back. */
    public String toYaml() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("command", command);
        if (!env.isEmpty()) {
            m.put("env", env);
        }
        if (workDir != null) {
            m.put("workDir", workDir.toString());
        }
        try {
            return YAML.writeValueAsString(m);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("cannot write a process manifest", ex);
        }
    }
}
