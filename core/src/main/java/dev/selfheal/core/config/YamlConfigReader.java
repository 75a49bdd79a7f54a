package dev.selfheal.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.selfheal.spi.DurationText;
import dev.selfheal.spi.ProviderConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads a {@link SelfhealConfig} from YAML. Every key is optional (the default applies); an unknown key is
 * an error naming it and the known ones. Durations are {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, a number
 * of seconds or ISO-8601 ({@link DurationText}). Example:
 *
 * <pre>
 * namespace: selfheal-system
 * dryRun: false
 * checks: {notReadyAfter: 40s, heartbeatLostAfter: 40s, problemConditions: [KernelDeadlock, ReadonlyFilesystem]}
 * gates: {maxUnhealthy: 40%, maxConcurrent: 2, excludeLabel: selfheal.dev/exclude}
 * recovery:
 *   releaseMode: AUTO
 *   stepTimeouts: {reboot: 5m, fence: 5m}
 *   ladders: {NODE_UNREACHABLE: [reboot, fence, release, replace, remove-node]}
 * resilience: {retryAttempts: 3, destructivePerMinute: 10}
 * leader: {enabled: true, leaseDuration: 15s}
 * providers:
 *   - type: aws
 *     settings: {region: eu-west-1}
 *     secretsFromEnv: {secretAccessKey: AWS_SECRET_ACCESS_KEY}   # value read from the environment
 *     secretsFromFiles: {}                                       # value read from a file (a mounted Secret)
 * </pre>
 */
public final class YamlConfigReader {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private YamlConfigReader() {
    }

    /** Reads a file. */
    public static SelfhealConfig read(Path file) {
        try {
            return read(Files.readString(file), System.getenv());
        } catch (IOException e) {
            throw new InvalidConfigException("(file)", "cannot read " + file + ": " + e.getMessage());
        }
    }

    /** Reads YAML text, resolving {@code secretsFromEnv} against {@code env}. */
    public static SelfhealConfig read(String yaml, Map<String, String> env) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new InvalidConfigException("(document)", "not valid YAML: " + e.getOriginalMessage());
        }
        SelfhealConfig.Builder b = SelfhealConfig.builder();
        if (root == null || root.isMissingNode() || root.isNull()) {
            return b.build();
        }
        Node r = new Node("", root, Set.of("namespace", "identity", "dryRun", "paused", "checks", "gates", "recovery",
                "resilience", "leader", "providers"));
        r.text("namespace").ifPresent(b::namespace);
        r.text("identity").ifPresent(b::identity);
        r.bool("dryRun").ifPresent(b::dryRun);
        r.bool("paused").ifPresent(b::paused);
        r.child("checks").ifPresent(n -> b.checks(checks(n)));
        r.child("gates").ifPresent(n -> b.gates(gates(n)));
        r.child("recovery").ifPresent(n -> b.recovery(recovery(n)));
        r.child("resilience").ifPresent(n -> b.resilience(resilience(n)));
        r.child("leader").ifPresent(n -> b.leader(leader(n)));
        JsonNode providers = root.get("providers");
        if (providers != null) {
            if (!providers.isArray()) {
                throw new InvalidConfigException("providers", "must be a list of {type, name, settings, secretsFromEnv, secretsFromFiles}");
            }
            for (int i = 0; i < providers.size(); i++) {
                b.provider(provider(new Node("providers[" + i + "].", providers.get(i),
                        Set.of("type", "name", "settings", "secretsFromEnv", "secretsFromFiles")), env));
            }
        }
        return b.build();
    }

    private static CheckSettings checks(Node n) {
        n.known(Set.of("notReadyAfter", "heartbeatLostAfter", "startupTimeout", "conditionAfter", "problemConditions",
                "agentSilentAfter", "machineUnansweredAfter", "crashLoopRestarts", "stuckTerminatingAfter",
                "statefulPodsHeldAfter", "volumeAttachmentHeldAfter", "maxListed"));
        CheckSettings d = CheckSettings.defaults();
        return new CheckSettings(n.duration("notReadyAfter", d.notReadyAfter()), n.duration("heartbeatLostAfter", d.heartbeatLostAfter()),
                n.duration("startupTimeout", d.startupTimeout()), n.duration("conditionAfter", d.conditionAfter()),
                n.list("problemConditions").orElse(d.problemConditions()), n.duration("agentSilentAfter", d.agentSilentAfter()),
                n.duration("machineUnansweredAfter", d.machineUnansweredAfter()), n.integer("crashLoopRestarts", d.crashLoopRestarts()),
                n.duration("stuckTerminatingAfter", d.stuckTerminatingAfter()),
                n.duration("statefulPodsHeldAfter", d.statefulPodsHeldAfter()),
                n.duration("volumeAttachmentHeldAfter", d.volumeAttachmentHeldAfter()), n.integer("maxListed", d.maxListed()));
    }

    private static GateSettings gates(Node n) {
        n.known(Set.of("maxUnhealthy", "stormCooldown", "maxConcurrent", "maxAttempts", "attemptWindow", "backoff", "excludeLabel"));
        GateSettings d = GateSettings.defaults();
        return new GateSettings(n.text("maxUnhealthy").map(MaxUnhealthy::parse).orElse(d.maxUnhealthy()),
                n.duration("stormCooldown", d.stormCooldown()), n.integer("maxConcurrent", d.maxConcurrent()),
                n.integer("maxAttempts", d.maxAttempts()), n.duration("attemptWindow", d.attemptWindow()),
                n.duration("backoff", d.backoff()), n.text("excludeLabel").orElse(d.excludeLabel()));
    }

    private static RecoverySettings recovery(Node n) {
        n.known(Set.of("stepTimeouts", "defaultStepTimeout", "ladders", "releaseMode", "retention", "replaceWithLocalVolumes"));
        RecoverySettings d = RecoverySettings.defaults();
        Map<String, Duration> timeouts = new HashMap<>(d.stepTimeouts());
        n.map("stepTimeouts", (k, v) -> timeouts.put(k, parseDuration("recovery.stepTimeouts." + k, v.asText())));
        Map<String, List<String>> ladders = new HashMap<>();
        n.map("ladders", (k, v) -> ladders.put(k, new Node("recovery.ladders.", n.raw(), Set.of()).asList(k, v)));
        ReleaseMode mode = n.text("releaseMode").map(v -> parseEnum("recovery.releaseMode", v, ReleaseMode::valueOf,
                "AUTO, OUT_OF_SERVICE_TAINT, FORCE_DELETE")).orElse(d.releaseMode());
        return new RecoverySettings(timeouts, n.duration("defaultStepTimeout", d.defaultStepTimeout()), ladders, mode,
                n.duration("retention", d.retention()), n.bool("replaceWithLocalVolumes").orElse(d.replaceWithLocalVolumes()));
    }

    private static ResilienceSettings resilience(Node n) {
        n.known(Set.of("retryAttempts", "retryBackoff", "callTimeout", "failureRateThreshold", "breakerOpenFor", "destructivePerMinute",
                "readTimeout", "bulkhead"));
        ResilienceSettings d = ResilienceSettings.defaults();
        return new ResilienceSettings(n.integer("retryAttempts", d.retryAttempts()), n.duration("retryBackoff", d.retryBackoff()),
                n.duration("callTimeout", d.callTimeout()), n.integer("failureRateThreshold", d.failureRateThreshold()),
                n.duration("breakerOpenFor", d.breakerOpenFor()), n.integer("destructivePerMinute", d.destructivePerMinute()),
                n.duration("readTimeout", d.readTimeout()), n.integer("bulkhead", d.bulkhead()));
    }

    private static LeaderSettings leader(Node n) {
        n.known(Set.of("enabled", "leaseDuration", "renewDeadline", "retryPeriod"));
        LeaderSettings d = LeaderSettings.defaults();
        return new LeaderSettings(n.bool("enabled").orElse(d.enabled()), n.duration("leaseDuration", d.leaseDuration()),
                n.duration("renewDeadline", d.renewDeadline()), n.duration("retryPeriod", d.retryPeriod()));
    }

    private static ProviderConfig provider(Node n, Map<String, String> env) {
        String type = n.text("type").filter(t -> !t.isBlank())
                .orElseThrow(() -> new InvalidConfigException(n.path("type"), "is required (such as aws, vsphere, baremetal)"));
        ProviderConfig.Builder b = ProviderConfig.builder(type);
        n.text("name").ifPresent(b::name);
        n.map("settings", (k, v) -> {
            if (!v.isValueNode()) {
                throw new InvalidConfigException(n.path("settings." + k), "must be a single value (text, number or boolean); "
                        + "write nested settings with dotted keys, such as " + k + ".trustStore: VALUE");
            }
            b.set(k, v.asText());
        });
        n.map("secretsFromEnv", (k, v) -> {
            String value = env.get(v.asText());
            if (value == null) {
                throw new InvalidConfigException(n.path("secretsFromEnv." + k), "environment variable " + v.asText() + " is not set");
            }
            b.secret(k, value);
        });
        n.map("secretsFromFiles", (k, v) -> {
            try {
                b.secret(k, Files.readString(Path.of(v.asText())).strip());
            } catch (IOException e) {
                throw new InvalidConfigException(n.path("secretsFromFiles." + k), "cannot read " + v.asText() + ": " + e.getMessage());
            }
        });
        return b.build();
    }

    /** Parses a duration in the syntax of {@link DurationText}. */
    static Duration parseDuration(String field, String v) {
        return DurationText.parse(v).orElseThrow(() -> new InvalidConfigException(field,
                "'" + v + "' is not a duration; use " + DurationText.ALLOWED));
    }

    private static <E> E parseEnum(String field, String v, Function<String, E> valueOf, String allowed) {
        try {
            return valueOf.apply(v.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException(field, "'" + v + "' is not allowed; allowed values: " + allowed);
        }
    }

    /** A YAML mapping with its path, for messages. */
    private record Node(String prefix, JsonNode node, Set<String> knownKeys) {

        Node {
            if (!node.isObject()) {
                throw new InvalidConfigException(prefix.isEmpty() ? "(document)" : prefix.substring(0, prefix.length() - 1),
                        "must be a mapping of keys to values");
            }
            if (!knownKeys.isEmpty()) {
                checkKnown(prefix, node, knownKeys);
            }
        }

        JsonNode raw() {
            return node;
        }

        void known(Set<String> keys) {
            checkKnown(prefix, node, keys);
        }

        String path(String key) {
            return prefix + key;
        }

        java.util.Optional<Node> child(String key) {
            JsonNode c = node.get(key);
            return c == null || c.isNull() ? java.util.Optional.empty() : java.util.Optional.of(new Node(prefix + key + ".", c, Set.of()));
        }

        java.util.Optional<String> text(String key) {
            JsonNode c = node.get(key);
            if (c == null || c.isNull()) {
                return java.util.Optional.empty();
            }
            if (!c.isValueNode()) {
                throw new InvalidConfigException(path(key), "must be a single value");
            }
            return java.util.Optional.of(c.asText());
        }

        java.util.Optional<Boolean> bool(String key) {
            return text(key).map(v -> switch (v.toLowerCase(Locale.ROOT)) {
                case "true" -> true;
                case "false" -> false;
                default -> throw new InvalidConfigException(path(key), "'" + v + "' is not allowed; allowed values: true, false");
            });
        }

        int integer(String key, int def) {
            return text(key).map(v -> {
                try {
                    return Integer.parseInt(v.trim());
                } catch (NumberFormatException e) {
                    throw new InvalidConfigException(path(key), "'" + v + "' is not an integer");
                }
            }).orElse(def);
        }

        Duration duration(String key, Duration def) {
            return text(key).map(v -> parseDuration(path(key), v)).orElse(def);
        }

        java.util.Optional<List<String>> list(String key) {
            JsonNode c = node.get(key);
            return c == null || c.isNull() ? java.util.Optional.empty() : java.util.Optional.of(asList(key, c));
        }

        List<String> asList(String key, JsonNode c) {
            if (!c.isArray()) {
                throw new InvalidConfigException(path(key), "must be a list");
            }
            List<String> out = new ArrayList<>();
            c.forEach(e -> out.add(e.asText()));
            return out;
        }

        void map(String key, java.util.function.BiConsumer<String, JsonNode> each) {
            JsonNode c = node.get(key);
            if (c == null || c.isNull()) {
                return;
            }
            if (!c.isObject()) {
                throw new InvalidConfigException(path(key), "must be a mapping");
            }
            Iterator<Map.Entry<String, JsonNode>> it = c.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                each.accept(e.getKey(), e.getValue());
            }
        }

        private static void checkKnown(String prefix, JsonNode node, Set<String> keys) {
            node.fieldNames().forEachRemaining(k -> {
                if (!keys.contains(k)) {
                    throw new InvalidConfigException(prefix + k, "unknown key; known keys here: " + new java.util.TreeSet<>(keys));
                }
            });
        }
    }
}
