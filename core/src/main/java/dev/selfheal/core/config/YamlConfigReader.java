package dev.selfheal.core.config;

import dev.selfheal.config.ConfigMap;
import dev.selfheal.config.YamlDocument;
import dev.selfheal.spi.ConfigText;
import dev.selfheal.spi.DurationText;
import dev.selfheal.spi.InvalidProviderConfigException;
import dev.selfheal.spi.ProviderConfig;
import dev.selfheal.spi.RegularFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Reads a {@link SelfhealConfig} from YAML with the shared configuration reader ({@link ConfigMap}). Every key is
 * optional (the default applies); an unknown or duplicate key is an error naming it; a YAML null ({@code ~},
 * {@code null} or an empty value) means "not set"; aliases ({@code *name}) read as the value they refer to.
 * Durations are {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, a number of seconds or ISO-8601
 * ({@link DurationText}); whole numbers are ASCII digits. Example:
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
 *
 * A file of {@code secretsFromFiles} must be a regular file of at most 1 MiB ({@link RegularFiles#SECRET_LIMIT}).
 */
public final class YamlConfigReader {

    private static final Set<String> TOP = Set.of("namespace", "identity", "dryRun", "paused", "checks", "gates", "recovery",
            "resilience", "leader", "providers");
    private static final Set<String> PROVIDER = Set.of("type", "name", "settings", "secretsFromEnv", "secretsFromFiles");

    private YamlConfigReader() {
    }

    /** Reads a file: a regular file of at most 4 MiB. */
    public static SelfhealConfig read(Path file) {
        return read(YamlDocument.readFile(file, InvalidConfigException::new), System.getenv());
    }

    /** Reads YAML text, resolving {@code secretsFromEnv} against {@code env}. */
    public static SelfhealConfig read(String yaml, Map<String, String> env) {
        SelfhealConfig.Builder b = SelfhealConfig.builder();
        Optional<ConfigMap> parsed = YamlDocument.parse(yaml, InvalidConfigException::new);
        if (parsed.isEmpty()) {
            return b.build();
        }
        ConfigMap r = parsed.get().known(TOP);
        r.text("namespace").ifPresent(b::namespace);
        r.text("identity").ifPresent(b::identity);
        r.bool("dryRun").ifPresent(b::dryRun);
        r.bool("paused").ifPresent(b::paused);
        r.child("checks").ifPresent(n -> b.checks(section(n.path(), () -> checks(n))));
        r.child("gates").ifPresent(n -> b.gates(section(n.path(), () -> gates(n))));
        r.child("recovery").ifPresent(n -> b.recovery(section(n.path(), () -> recovery(n))));
        r.child("resilience").ifPresent(n -> b.resilience(section(n.path(), () -> resilience(n))));
        r.child("leader").ifPresent(n -> b.leader(section(n.path(), () -> leader(n))));
        for (ConfigMap p : r.children("providers", PROVIDER)) {
            b.provider(section(p.path(), () -> provider(p, env)));
        }
        return section("(document)", b::build);
    }

    /** Any failure but a field-named one is reported against the section being read. */
    private static <T> T section(String field, Supplier<T> read) {
        try {
            return read.get();
        } catch (InvalidConfigException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new InvalidConfigException(field, "cannot be read: " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private static CheckSettings checks(ConfigMap n) {
        n.known(Set.of("notReadyAfter", "heartbeatLostAfter", "startupTimeout", "conditionAfter", "problemConditions",
                "agentSilentAfter", "machineUnansweredAfter", "crashLoopRestarts", "stuckTerminatingAfter",
                "statefulPodsHeldAfter", "volumeAttachmentHeldAfter", "maxListed"));
        CheckSettings d = CheckSettings.defaults();
        return new CheckSettings(duration(n, "notReadyAfter", d.notReadyAfter()), duration(n, "heartbeatLostAfter", d.heartbeatLostAfter()),
                duration(n, "startupTimeout", d.startupTimeout()), duration(n, "conditionAfter", d.conditionAfter()),
                n.strings("problemConditions").orElse(d.problemConditions()), duration(n, "agentSilentAfter", d.agentSilentAfter()),
                duration(n, "machineUnansweredAfter", d.machineUnansweredAfter()),
                n.integer("crashLoopRestarts", 1, 10_000).orElse(d.crashLoopRestarts()),
                duration(n, "stuckTerminatingAfter", d.stuckTerminatingAfter()),
                duration(n, "statefulPodsHeldAfter", d.statefulPodsHeldAfter()),
                duration(n, "volumeAttachmentHeldAfter", d.volumeAttachmentHeldAfter()), n.integer("maxListed", 1, 1000).orElse(d.maxListed()));
    }

    private static GateSettings gates(ConfigMap n) {
        n.known(Set.of("maxUnhealthy", "stormCooldown", "maxConcurrent", "maxAttempts", "attemptWindow", "backoff", "excludeLabel",
                "flapWindow", "domainStorm", "controlPlane"));
        GateSettings d = GateSettings.defaults();
        return new GateSettings(n.text("maxUnhealthy").map(MaxUnhealthy::parse).orElse(d.maxUnhealthy()),
                duration(n, "stormCooldown", d.stormCooldown()), n.integer("maxConcurrent", 1, 1000).orElse(d.maxConcurrent()),
                n.integer("maxAttempts", 1, 100).orElse(d.maxAttempts()), duration(n, "attemptWindow", d.attemptWindow()),
                duration(n, "backoff", d.backoff()), n.text("excludeLabel").orElse(d.excludeLabel()),
                duration(n, "flapWindow", d.flapWindow()),
                n.child("domainStorm").map(YamlConfigReader::domainStorm).orElse(d.domainStorm()),
                n.child("controlPlane").map(YamlConfigReader::controlPlane).orElse(d.controlPlane()));
    }

    private static ControlPlaneSettings controlPlane(ConfigMap n) {
        n.known(Set.of("nodeSelector", "agentGrace"));
        ControlPlaneSettings d = ControlPlaneSettings.defaults();
        NodeSelector selector = n.text("nodeSelector").map(t -> NodeSelector.parse(n.field("nodeSelector"), t))
                .orElse(d.nodeSelector());
        return new ControlPlaneSettings(selector, duration(n, "agentGrace", d.agentGrace()));
    }

    private static DomainStormSettings domainStorm(ConfigMap n) {
        n.known(Set.of("label", "maxUnhealthy"));
        String label = n.requiredText("label", "a node label key such as " + DomainStormSettings.ZONE_LABEL);
        String max = n.requiredText("maxUnhealthy", "a count or a percentage such as 50%");
        return new DomainStormSettings(label, MaxUnhealthy.parse(n.field("maxUnhealthy"), max));
    }

    private static RecoverySettings recovery(ConfigMap n) {
        n.known(Set.of("stepTimeouts", "defaultStepTimeout", "ladders", "releaseMode", "retention", "replaceWithLocalVolumes",
                "burnIn"));
        RecoverySettings d = RecoverySettings.defaults();
        Map<String, Duration> timeouts = new HashMap<>(d.stepTimeouts());
        n.child("stepTimeouts").ifPresent(t -> t.keys().forEach(k -> t.duration(k, null, null).ifPresent(v -> timeouts.put(k, v))));
        Map<String, List<String>> ladders = new HashMap<>();
        n.child("ladders").ifPresent(l -> l.keys().forEach(k -> l.strings(k).ifPresent(steps -> ladders.put(k, steps(l, k, steps)))));
        ReleaseMode mode = n.text("releaseMode").map(v -> parseEnum(n.field("releaseMode"), v, ReleaseMode::valueOf,
                "AUTO, OUT_OF_SERVICE_TAINT, FORCE_DELETE")).orElse(d.releaseMode());
        return new RecoverySettings(timeouts, duration(n, "defaultStepTimeout", d.defaultStepTimeout()), ladders, mode,
                duration(n, "retention", d.retention()), n.bool("replaceWithLocalVolumes").orElse(d.replaceWithLocalVolumes()),
                duration(n, "burnIn", d.burnIn()));
    }

    private static List<String> steps(ConfigMap ladders, String key, List<String> steps) {
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).isBlank()) {
                throw new InvalidConfigException(ladders.field(key) + "[" + i + "]", "is blank; allowed: a step name such as"
                        + " reboot, fence, release, replace, remove-node, or a custom step's name");
            }
        }
        return steps;
    }

    private static ResilienceSettings resilience(ConfigMap n) {
        n.known(Set.of("retryAttempts", "retryBackoff", "callTimeout", "failureRateThreshold", "breakerOpenFor", "destructivePerMinute",
                "readTimeout", "bulkhead"));
        ResilienceSettings d = ResilienceSettings.defaults();
        return new ResilienceSettings(n.integer("retryAttempts", 1, 20).orElse(d.retryAttempts()),
                duration(n, "retryBackoff", d.retryBackoff()), duration(n, "callTimeout", d.callTimeout()),
                n.integer("failureRateThreshold", 1, 100).orElse(d.failureRateThreshold()),
                duration(n, "breakerOpenFor", d.breakerOpenFor()), n.integer("destructivePerMinute", 1, 10_000).orElse(d.destructivePerMinute()),
                duration(n, "readTimeout", d.readTimeout()), n.integer("bulkhead", 1, 1_000).orElse(d.bulkhead()));
    }

    private static LeaderSettings leader(ConfigMap n) {
        n.known(Set.of("enabled", "leaseDuration", "renewDeadline", "retryPeriod"));
        LeaderSettings d = LeaderSettings.defaults();
        return new LeaderSettings(n.bool("enabled").orElse(d.enabled()), duration(n, "leaseDuration", d.leaseDuration()),
                duration(n, "renewDeadline", d.renewDeadline()), duration(n, "retryPeriod", d.retryPeriod()));
    }

    private static ProviderConfig provider(ConfigMap n, Map<String, String> env) {
        String type = n.requiredText("type", "a provider type such as aws, vsphere or baremetal");
        ProviderConfig.Builder b = providerField(n, "type", () -> ProviderConfig.builder(type));
        n.text("name").ifPresent(name -> providerField(n, "name", () -> b.name(name)));
        n.child("settings").ifPresent(s -> s.keys().forEach(k -> {
            if (s.isNested(k)) {
                throw s.error(k, "must be a single value (text, number or boolean); write nested settings with dotted keys,"
                        + " such as " + k + ".trustStore: VALUE");
            }
            s.text(k).ifPresent(v -> b.set(k, v));
        }));
        n.texts("secretsFromEnv").ifPresent(m -> m.forEach((k, variable) -> {
            String value = env.get(variable);
            if (value == null) {
                throw new InvalidConfigException(n.field("secretsFromEnv") + "." + k, "environment variable " + variable + " is not set");
            }
            b.secret(k, value);
        }));
        n.child("secretsFromFiles").ifPresent(f -> f.keys().forEach(k -> f.path(k).ifPresent(p -> b.secret(k, secretFile(f, k, p)))));
        return b.build();
    }

    private static <T> T providerField(ConfigMap n, String key, Supplier<T> build) {
        try {
            return build.get();
        } catch (InvalidProviderConfigException e) {
            throw new InvalidConfigException(n.field(key), e.getMessage());
        }
    }

    private static String secretFile(ConfigMap files, String key, Path file) {
        try {
            String value = RegularFiles.readString(file, RegularFiles.SECRET_LIMIT).strip();
            if (value.isEmpty()) {
                throw files.error(key, "the secret file " + file + " is empty");
            }
            return value;
        } catch (IOException e) {
            throw files.error(key, "cannot read the secret file: " + e.getMessage() + "; allowed: a regular file of at most "
                    + RegularFiles.describe(RegularFiles.SECRET_LIMIT));
        }
    }

    private static Duration duration(ConfigMap n, String key, Duration def) {
        return n.duration(key, null, null).orElse(def);
    }

    private static <E> E parseEnum(String field, String v, Function<String, E> valueOf, String allowed) {
        try {
            return valueOf.apply(v.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException(field, ConfigText.quote(v) + " is not allowed; allowed values: " + allowed);
        }
    }
}
