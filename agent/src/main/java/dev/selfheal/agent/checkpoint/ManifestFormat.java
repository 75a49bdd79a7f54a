package dev.selfheal.agent.checkpoint;

import dev.selfheal.agent.internal.Json;
import dev.selfheal.agent.internal.YamlTrees;
import dev.selfheal.agent.runtime.ProcessManifest;
import dev.selfheal.agent.runtime.RuntimeKind;
import java.util.Map;

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
        Object root = YamlTrees.load(content);
        if (!(root instanceof Map<?, ?>) || !"Pod".equals(Json.text(root, "", "kind"))) {
            throw new IllegalArgumentException("not a Pod (kind: Pod)");
        }
        if (Json.array(root, "spec", "containers").isEmpty()) {
            throw new IllegalArgumentException("a Pod without spec.containers");
        }
    }
}
