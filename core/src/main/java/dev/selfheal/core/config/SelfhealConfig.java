package dev.selfheal.core.config;

import dev.selfheal.spi.ProviderConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * The whole configuration of a healer: immutable, validated when built. Build one with {@link #builder()}
 * (every setter validates at once) or load YAML with {@link #load(Path)}; {@link #defaults()} is a sane
 * production configuration.
 *
 * @param namespace the namespace of the healer's Leases and agent heartbeats (default {@code selfheal-system})
 * @param identity this healer's identity in leader election and remediation records (default host name + random suffix)
 * @param dryRun when true, Selfheal judges, decides and records its plan as Events but changes nothing: it starts no
 *        remediation, and leaves one that a healer not in dry run left in progress exactly as it is
 * @param paused when true, Selfheal judges but starts and advances no remediation
 * @param checks health check thresholds
 * @param gates safety gates
 * @param recovery recovery ladders and step time limits
 * @param resilience provider call resilience
 * @param leader leader election
 * @param providers infrastructure providers to create through ServiceLoader discovery
 */
public record SelfhealConfig(String namespace, String identity, boolean dryRun, boolean paused, CheckSettings checks,
                             GateSettings gates, RecoverySettings recovery, ResilienceSettings resilience,
                             LeaderSettings leader, List<ProviderConfig> providers) {

    /** Validates every field. */
    public SelfhealConfig {
        Validate.text("namespace", namespace, "[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?", "a DNS-1123 label such as selfheal-system");
        Validate.text("identity", identity, "[A-Za-z0-9._:-]{1,128}", "1 to 128 letters, digits, '.', '_', ':' or '-'");
        Objects.requireNonNull(checks, "checks");
        Objects.requireNonNull(gates, "gates");
        Objects.requireNonNull(recovery, "recovery");
        Objects.requireNonNull(resilience, "resilience");
        Objects.requireNonNull(leader, "leader");
        if (recovery.retention().compareTo(gates.attemptWindow()) < 0) {
            // the attempt count lives in the record: deleting it sooner would reset gates.maxAttempts
            throw new InvalidConfigException("recovery.retention", recovery.retention() + " is shorter than gates.attemptWindow ("
                    + gates.attemptWindow() + "); allowed: at least gates.attemptWindow, or the attempts of gates.maxAttempts are forgotten");
        }
        if (recovery.retention().compareTo(gates.flapWindow()) < 0) {
            // a flap is told from the node's last record: deleting it sooner would start each flap at the bottom again
            throw new InvalidConfigException("recovery.retention", recovery.retention() + " is shorter than gates.flapWindow ("
                    + gates.flapWindow() + "); allowed: at least gates.flapWindow, or a flapping node is not recognized");
        }
        providers = List.copyOf(providers);
    }

    /** Production defaults, with no provider. */
    public static SelfhealConfig defaults() {
        return builder().build();
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** Loads a YAML file ({@link YamlConfigReader} documents the format). */
    public static SelfhealConfig load(Path yaml) {
        return YamlConfigReader.read(yaml);
    }

    /** A builder starting from this config. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.namespace = namespace;
        b.identity = identity;
        b.dryRun = dryRun;
        b.paused = paused;
        b.checks = checks;
        b.gates = gates;
        b.recovery = recovery;
        b.resilience = resilience;
        b.leader = leader;
        b.providers.addAll(providers);
        return b;
    }

    /** Builds a {@link SelfhealConfig}; each setter validates its value at once. Not thread-safe. */
    public static final class Builder {
        private String namespace = "selfheal-system";
        private String identity = defaultIdentity();
        private boolean dryRun;
        private boolean paused;
        private CheckSettings checks = CheckSettings.defaults();
        private GateSettings gates = GateSettings.defaults();
        private RecoverySettings recovery = RecoverySettings.defaults();
        private ResilienceSettings resilience = ResilienceSettings.defaults();
        private LeaderSettings leader = LeaderSettings.defaults();
        private final List<ProviderConfig> providers = new ArrayList<>();

        private Builder() {
        }

        /** The healer namespace. */
        public Builder namespace(String v) {
            this.namespace = Validate.text("namespace", v, "[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?", "a DNS-1123 label");
            return this;
        }

        /** This healer's identity. */
        public Builder identity(String v) {
            this.identity = Validate.text("identity", v, "[A-Za-z0-9._:-]{1,128}", "1 to 128 letters, digits, '.', '_', ':' or '-'");
            return this;
        }

        /** Dry-run mode. */
        public Builder dryRun(boolean v) {
            this.dryRun = v;
            return this;
        }

        /** Paused mode. */
        public Builder paused(boolean v) {
            this.paused = v;
            return this;
        }

        /** Check thresholds. */
        public Builder checks(CheckSettings v) {
            this.checks = Objects.requireNonNull(v, "checks");
            return this;
        }

        /** Safety gates. */
        public Builder gates(GateSettings v) {
            this.gates = Objects.requireNonNull(v, "gates");
            return this;
        }

        /** Recovery ladders and time limits. */
        public Builder recovery(RecoverySettings v) {
            this.recovery = Objects.requireNonNull(v, "recovery");
            return this;
        }

        /** Provider call resilience. */
        public Builder resilience(ResilienceSettings v) {
            this.resilience = Objects.requireNonNull(v, "resilience");
            return this;
        }

        /** Leader election. */
        public Builder leader(LeaderSettings v) {
            this.leader = Objects.requireNonNull(v, "leader");
            return this;
        }

        /** Adds a provider to create by discovery. */
        public Builder provider(ProviderConfig v) {
            providers.add(Objects.requireNonNull(v, "provider"));
            return this;
        }

        /** The validated config. */
        public SelfhealConfig build() {
            return new SelfhealConfig(namespace, identity, dryRun, paused, checks, gates, recovery, resilience, leader, providers);
        }

        private static String defaultIdentity() {
            String host = System.getenv().getOrDefault("HOSTNAME", "healer").replaceAll("[^A-Za-z0-9._-]", "-");
            if (host.length() > 100) {
                host = host.substring(0, 100);
            }
            return host + "-" + UUID.randomUUID().toString().substring(0, 8);
        }
    }
}
