package dev.selfheal.provider.aws;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.StsClientBuilder;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/**
 * Builds the credentials provider an {@link AwsCredentialsConfig} describes: the SDK's default chain, a
 * profile or static keys, optionally wrapped in an STS AssumeRole provider. Credentials are resolved lazily
 * by the SDK on the first call and never logged.
 */
final class CredentialsFactory {

    /** The region STS is called in when no region is configured (the global STS endpoint's region). */
    static final String DEFAULT_STS_REGION = "us-east-1";

    /**
     * A credentials provider and everything to close with it.
     *
     * @param provider the provider to give SDK clients
     * @param resources the providers and the STS client to close when done, innermost last
     */
    record Credentials(AwsCredentialsProvider provider, List<AutoCloseable> resources) {
    }

    private CredentialsFactory() {
    }

    /**
     * Builds the credentials.
     *
     * @param config the credentials settings
     * @param region the configured default region, or {@code null}
     * @param http the shared HTTP client, for STS
     * @param overrides time-outs and retries, for STS
     */
    static Credentials create(AwsCredentialsConfig config, String region, SdkHttpClient http,
                              ClientOverrideConfiguration overrides) {
        List<AutoCloseable> resources = new ArrayList<>();
        AwsCredentialsProvider base = base(config);
        if (base instanceof AutoCloseable c) {
            resources.add(c);
        }
        if (!config.assumesRole()) {
            return new Credentials(base, resources);
        }
        StsClientBuilder sts = StsClient.builder()
                .region(Region.of(region == null ? DEFAULT_STS_REGION : region))
                .credentialsProvider(base)
                .httpClient(http)
                .overrideConfiguration(overrides);
        config.stsEndpointOverride().ifPresent(sts::endpointOverride);
        StsClient client = sts.build();
        StsAssumeRoleCredentialsProvider role = StsAssumeRoleCredentialsProvider.builder()
                .stsClient(client)
                .asyncCredentialUpdateEnabled(false)
                .refreshRequest(r -> {
                    r.roleArn(config.roleArn()).roleSessionName(config.roleSessionName());
                    if (config.externalId() != null) {
                        r.externalId(config.externalId().reveal());
                    }
                })
                .build();
        resources.add(0, client);
        resources.add(0, role);
        return new Credentials(role, resources);
    }

    private static AwsCredentialsProvider base(AwsCredentialsConfig config) {
        return switch (config.source()) {
            case DEFAULT -> DefaultCredentialsProvider.builder().build();
            case PROFILE -> ProfileCredentialsProvider.builder().profileName(config.profile()).build();
            case STATIC -> StaticCredentialsProvider.create(staticCredentials(config));
        };
    }

    private static AwsCredentials staticCredentials(AwsCredentialsConfig config) {
        String id = config.accessKeyId().reveal();
        String key = config.secretAccessKey().reveal();
        return config.sessionToken() == null ? AwsBasicCredentials.create(id, key)
                : AwsSessionCredentials.create(id, key, config.sessionToken().reveal());
    }
}
