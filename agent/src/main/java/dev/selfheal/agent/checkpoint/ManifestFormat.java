package dev.selfheal.agent.checkpoint;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.selfheal.agent.runtime.ProcessManifest;
import dev.selfheal.agent.runtime.RuntimeKind;

/**
 * What a valid manifest looks like for each runtime; a manifest that fails is corrupt and gets restored from
 * its last checkpoint (a corrupt manifest is never checkpointed).
 */
public enum ManifestFormat {
    /** A {@link ProcessManifest}. */
    PROCESS,
    /** A Pod: YAML or JSON of kind Pod with at least one container. */
    POD,
    /** A systemd unit file or drop-in: text with a {@code [Section]} header. */
    UNIT;

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    public static ManifestFormat of(RuntimeKind runtime) {
        return switch (runtime) {
            case PROCESS -> PROCESS;
            case STATIC_POD -> POD;
            case SYSTEMD -> UNIT;
        };
    }

    /**
     * Checks a manifest.
     *
     * @return null when valid, else what is wrong
     */
    public String problem(String content) {
        if (content == null || content.isBlank()) {
            return "empty";
        }
        try {
            switch (this) {
                case PROCESS -> ProcessManifest.parse(content);
                case POD -> pod(content);
                case UNIT -> {
                    if (!content.lines().anyMatch(l -> l.strip().matches("\\[[A-Za-z]+]"))) {
                        throw new IllegalArgumentException("no [Section] header such as [Service]");
                    }
                }
            }
            return null;
        } catch (IllegalArgumentException e) {
            String m = String.valueOf(e.getMessage()).strip();
            int nl = m.indexOf('\n');
            return nl < 0 ? m : m.substring(0, nl).strip();
        }
    }

    private static void pod(String content) {
        JsonNode root;
        try {
            root = YAML.readTree(content);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not valid YAML: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject() || !"Pod".equals(root.path("kind").asText())) {
            throw new IllegalArgumentException("not a Pod (kind: Pod)");
        }
        JsonNode containers = root.path("spec").path("containers");
        if (!containers.isArray() || containers.isEmpty()) {
            throw new IllegalArgumentException("a Pod without spec.containers");
        }
    }
}
