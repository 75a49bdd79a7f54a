package dev.selfheal.provider.aws;

import dev.selfheal.spi.ProviderConfig;
import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The validated, immutable configuration of an {@link AwsProvider}, read from a {@link ProviderConfig} by
 * {@link #from(ProviderConfig)}. Every key, its default and its allowed values are listed in the module's
 * README. Its {@code toString} never shows a secret.
 *
 * @param region the default region, for providerIDs without a zone and for STS; {@code null} when unset
 * @param endpoint an endpoint override for EC2 and Auto Scaling (a VPC endpoint, or moto in tests); {@code null}
 *                 when unset
 * @param credentials where credentials come from
 * @param connectTimeout the TCP connect time-out
 * @param apiCallAttemptTimeout the time-out of one HTTP attempt of an API call
 * @param apiCallTimeout the time-out of one API call, retries included
 * @param maxAttempts how many attempts one API call gets (1 = no retry)
 * @param operationTimeout the time limit of reboot, power off, power on and detach, waits included
 * @param replaceTimeout the time limit of replace, until the replacement is InService
 * @param pollInterval how often a wait polls
 * @param markUnhealthyBeforeReplace whether replace first marks the instance Unhealthy in its group
 * @param rejectForeignProviderIds whether a node with another providerID scheme is an error instead of "not mine"
 */
public record AwsProviderConfig(String region, URI endpoint, AwsCredentialsConfig credentials,
                                Duration connectTimeout, Duration apiCallAttemptTimeout, Duration apiCallTimeout,
                                int maxAttempts, Duration operationTimeout, Duration replaceTimeout,
                                Duration pollInterval, boolean markUnhealthyBeforeReplace,
                                boolean rejectForeignProviderIds) {

    private static final Set<String> KEYS = Set.of("region", "endpoint", "connectTimeout", "apiCallAttemptTimeout",
            "apiCallTimeout", "maxAttempts", "operationTimeout", "replaceTimeout", "pollInterval",
            "markUnhealthyBeforeReplace", "rejectForeignProviderIds");
    private static final Set<String> SECRET_KEYS = Set.of("accessKeyId", "secretAccessKey", "sessionToken", "externalId");

    /** Validates the fields. */
    public AwsProviderConfig {
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(apiCallAttemptTimeout, "apiCallAttemptTimeout");
        Objects.requireNonNull(apiCallTimeout, "apiCallTimeout");
        Objects.requireNonNull(operationTimeout, "operationTimeout");
        Objects.requireNonNull(replaceTimeout, "replaceTimeout");
        Objects.requireNonNull(pollInterval, "pollInterval");
        if (region != null && !AwsRegions.isRegion(region)) {
            throw new IllegalArgumentException("not a region name: " + region);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
    }

    /** The default region, when configured. */
    public Optional<String> defaultRegion() {
        return Optional.ofNullable(region);
    }

    /** The endpoint override, when configured. */
    public Optional<URI> endpointOverride() {
        return Optional.ofNullable(endpoint);
    }

    /**
     * Reads and validates a whole provider config: unknown keys, bad values and contradicting settings are
     * rejected at once, naming the field and what is allowed.
     *
     * @throws dev.selfheal.spi.InvalidProviderConfigException when a value is bad
     */
    public static AwsProviderConfig from(ProviderConfig config) {
        rejectUnknownKeys(config);
        String region = config.string("region").map(r -> r.toLowerCase(Locale.ROOT)).orElse(null);
        if (region != null && !AwsRegions.isRegion(region)) {
            throw config.invalid("region", "'" + region + "' is not an AWS region name such as us-east-1 or eu-west-2");
        }
        URI endpoint = config.uri("endpoint").orElse(null);
        requireHttp(config, "endpoint", endpoint);
        AwsCredentialsConfig credentials = AwsCredentialsConfig.from(config);
        requireHttp(config, "stsEndpoint", credentials.stsEndpoint());
        Duration connect = config.duration("connectTimeout", Duration.ofSeconds(5), Duration.ofMillis(100), Duration.ofMinutes(1));
        Duration attempt = config.duration("apiCallAttemptTimeout", Duration.ofSeconds(10), Duration.ofMillis(100), Duration.ofMinutes(5));
        Duration call = config.duration("apiCallTimeout", Duration.ofSeconds(30), Duration.ofMillis(100), Duration.ofMinutes(10));
        if (call.compareTo(attempt) < 0) {
            throw config.invalid("apiCallTimeout", call + " is shorter than apiCallAttemptTimeout " + attempt
                    + "; allowed: at least apiCallAttemptTimeout");
        }
        int attempts = config.integer("maxAttempts", 3, 1, 10);
        Duration operation = config.duration("operationTimeout", Duration.ofMinutes(10), Duration.ofSeconds(1), Duration.ofHours(1));
        Duration replace = config.duration("replaceTimeout", Duration.ofMinutes(20), Duration.ofSeconds(1), Duration.ofHours(2));
        Duration poll = config.duration("pollInterval", Duration.ofSeconds(5), Duration.ofMillis(100), Duration.ofMinutes(1));
        if (poll.compareTo(operation) >= 0) {
            throw config.invalid("pollInterval", poll + " is not shorter than operationTimeout " + operation
                    + "; allowed: less than operationTimeout");
        }
        return new AwsProviderConfig(region, endpoint, credentials, connect, attempt, call, attempts, operation, replace,
                poll, config.bool("markUnhealthyBeforeReplace", false), config.bool("rejectForeignProviderIds", false));
    }

    private static void rejectUnknownKeys(ProviderConfig config) {
        Set<String> allowed = new HashSet<>(KEYS);
        allowed.addAll(AwsCredentialsConfig.KEYS);
        for (String key : config.keys()) {
            if (SECRET_KEYS.contains(key)) {
                throw config.invalid(key, "must be given as a secret, not as a plain setting");
            }
            if (!allowed.contains(key)) {
                throw config.invalid(key, "is not a setting of the aws provider; allowed keys: " + new TreeSet<>(allowed)
                        + " and the secrets " + new TreeSet<>(SECRET_KEYS));
            }
        }
    }

    private static void requireHttp(ProviderConfig config, String key, URI uri) {
        if (uri == null) {
            return;
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw config.invalid(key, "'" + uri + "' is not an http(s) URI; allowed schemes: https, http");
        }
        if (uri.getHost() == null) {
            throw config.invalid(key, "'" + uri + "' has no host; use https://host[:port]");
        }
    }
}
