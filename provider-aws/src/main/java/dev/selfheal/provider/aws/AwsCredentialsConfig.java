package dev.selfheal.provider.aws;

import dev.selfheal.spi.ProviderConfig;
import dev.selfheal.spi.Redactor;
import dev.selfheal.spi.Secret;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Where the AWS provider gets its credentials: a base source (the SDK's default chain, a named profile or
 * static keys) and, optionally, a role to assume on top of it. Immutable and validated; secrets are held as
 * {@link Secret} and never printed.
 *
 * @param source the base credentials source
 * @param profile the profile name when {@code source} is {@link Source#PROFILE}, else {@code null}
 * @param accessKeyId the access key id when {@code source} is {@link Source#STATIC}, else {@code null}
 * @param secretAccessKey the secret access key when {@code source} is {@link Source#STATIC}, else {@code null}
 * @param sessionToken an optional session token for static keys, else {@code null}
 * @param roleArn a role to assume with STS, else {@code null}
 * @param roleSessionName the session name used when assuming the role
 * @param externalId the external id the role's trust policy asks for, else {@code null}
 * @param stsEndpoint an STS endpoint override, else {@code null}
 */
public record AwsCredentialsConfig(Source source, String profile, Secret accessKeyId, Secret secretAccessKey,
                                   Secret sessionToken, String roleArn, String roleSessionName, Secret externalId,
                                   URI stsEndpoint) {

    /** The base credentials source. */
    public enum Source {
        /** The SDK's default chain: environment, system properties, web identity, profile, container, IMDS. */
        DEFAULT,
        /** A named profile from the shared config and credentials files. */
        PROFILE,
        /** Static keys given as secrets. */
        STATIC
    }

    /** The configuration keys this record reads. */
    static final Set<String> KEYS = Set.of("credentials", "profile", "roleArn", "roleSessionName", "stsEndpoint");

    private static final Pattern ROLE_ARN = Pattern.compile("arn:aws[a-z-]*:iam::\\d{12}:role/[\\w+=,.@/-]{1,512}");
    private static final Pattern SESSION_NAME = Pattern.compile("[\\w+=,.@-]{2,64}");

    /** Validates the combination of fields. */
    public AwsCredentialsConfig {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(roleSessionName, "roleSessionName");
        if (source == Source.PROFILE && (profile == null || profile.isBlank())) {
            throw new IllegalArgumentException("source PROFILE needs a profile name");
        }
        if (source == Source.STATIC && (accessKeyId == null || secretAccessKey == null)) {
            throw new IllegalArgumentException("source STATIC needs accessKeyId and secretAccessKey");
        }
    }

    /** Removes the configured secrets (keys, session token, external id) from an endpoint's text. */
    public Redactor redactor() {
        return Redactor.of(accessKeyId, secretAccessKey, sessionToken, externalId);
    }

    /** Whether a role is assumed on top of the base credentials. */
    public boolean assumesRole() {
        return roleArn != null;
    }

    /** The STS endpoint override, when set. */
    public Optional<URI> stsEndpointOverride() {
        return Optional.ofNullable(stsEndpoint);
    }

    /**
     * Reads and validates the credentials settings of a provider config.
     *
     * @throws dev.selfheal.spi.InvalidProviderConfigException naming the field when a value is bad
     */
    static AwsCredentialsConfig from(ProviderConfig config) {
        Source source = Source.valueOf(config.oneOf("credentials", "default", Set.of("default", "profile", "static"))
                .toUpperCase(java.util.Locale.ROOT));
        String profile = config.string("profile").orElse(null);
        if (source == Source.PROFILE && profile == null) {
            throw config.invalid("profile", "is required when credentials=profile");
        }
        if (source != Source.PROFILE && profile != null) {
            throw config.invalid("profile", "is only used with credentials=profile, but credentials=" + lower(source));
        }
        Secret keyId = config.secret("accessKeyId").orElse(null);
        Secret secretKey = config.secret("secretAccessKey").orElse(null);
        Secret token = config.secret("sessionToken").orElse(null);
        if (source == Source.STATIC) {
            config.requireSecret("accessKeyId");
            config.requireSecret("secretAccessKey");
        } else if (keyId != null || secretKey != null || token != null) {
            throw config.invalid(keyId != null ? "accessKeyId" : secretKey != null ? "secretAccessKey" : "sessionToken",
                    "static keys are only used with credentials=static, but credentials=" + lower(source));
        }
        String roleArn = config.string("roleArn").orElse(null);
        if (roleArn != null && !ROLE_ARN.matcher(roleArn).matches()) {
            throw config.invalid("roleArn", "'" + roleArn + "' is not an IAM role ARN such as "
                    + "arn:aws:iam::123456789012:role/selfheal");
        }
        String sessionName = config.string("roleSessionName", "selfheal");
        if (!SESSION_NAME.matcher(sessionName).matches()) {
            throw config.invalid("roleSessionName", "'" + sessionName
                    + "' is not a role session name: 2 to 64 of letters, digits and +=,.@_-");
        }
        Secret externalId = config.secret("externalId").orElse(null);
        URI sts = config.uri("stsEndpoint").orElse(null);
        if (roleArn == null && (externalId != null || sts != null || config.string("roleSessionName").isPresent())) {
            throw config.invalid(externalId != null ? "externalId" : sts != null ? "stsEndpoint" : "roleSessionName",
                    "is only used together with roleArn");
        }
        return new AwsCredentialsConfig(source, profile, keyId, secretKey, token, roleArn, sessionName, externalId, sts);
    }

    private static String lower(Source s) {
        return s.name().toLowerCase(java.util.Locale.ROOT);
    }
}
