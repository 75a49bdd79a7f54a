package dev.selfheal.provider.aws;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.AutoScalingClientBuilder;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.Ec2ClientBuilder;
import software.amazon.awssdk.services.ec2.waiters.Ec2Waiter;

/**
 * The SDK clients of one provider: one HTTP client and one credentials provider, shared by the EC2 and Auto
 * Scaling clients of every region the provider meets, each built once on first use. Thread-safe;
 * {@link #close()} releases all of it.
 */
final class AwsClients implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AwsClients.class);

    private final AwsProviderConfig config;
    private final SdkHttpClient http;
    private final ClientOverrideConfiguration overrides;
    private final CredentialsFactory.Credentials credentials;
    private final Map<String, RegionClients> byRegion = new HashMap<>();
    private boolean closed;

    AwsClients(AwsProviderConfig config, dev.selfheal.spi.ActionGuard guard) {
        this.config = config;
        this.http = ApacheHttpClient.builder()
                .connectionTimeout(config.connectTimeout())
                .socketTimeout(config.apiCallAttemptTimeout())
                .connectionAcquisitionTimeout(config.apiCallAttemptTimeout())
                .maxConnections(16)
                .build();
        this.overrides = ClientOverrideConfiguration.builder()
                .apiCallTimeout(config.apiCallTimeout())
                .apiCallAttemptTimeout(config.apiCallAttemptTimeout())
                .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                        .maxAttempts(config.maxAttempts()).build())
                .addExecutionInterceptor(new ActionGuardInterceptor(guard))
                .build();
        this.credentials = CredentialsFactory.create(config.credentials(), config.region(), http, overrides);
        config.endpointOverride().filter(u -> u.getScheme().equalsIgnoreCase("http")).ifPresent(u ->
                LOG.warn("aws provider: endpoint {} is plain HTTP; requests are not encrypted (use for tests only)", u));
        config.credentials().stsEndpointOverride().filter(u -> u.getScheme().equalsIgnoreCase("http")).ifPresent(u ->
                LOG.warn("aws provider: STS endpoint {} is plain HTTP; requests are not encrypted (use for tests only)", u));
    }

    /**
     * The clients of a region, built on first use.
     *
     * @throws IllegalStateException after {@link #close()}
     */
    synchronized RegionClients forRegion(String region) {
        if (closed) {
            throw new IllegalStateException("the aws provider is closed");
        }
        return byRegion.computeIfAbsent(region, this::build);
    }

    private RegionClients build(String region) {
        Ec2ClientBuilder ec2 = Ec2Client.builder().region(Region.of(region)).httpClient(http)
                .credentialsProvider(credentials.provider()).overrideConfiguration(overrides);
        AutoScalingClientBuilder asg = AutoScalingClient.builder().region(Region.of(region)).httpClient(http)
                .credentialsProvider(credentials.provider()).overrideConfiguration(overrides);
        config.endpointOverride().ifPresent(uri -> {
            ec2.endpointOverride(uri);
            asg.endpointOverride(uri);
        });
        Ec2Client ec2Client = ec2.build();
        LOG.debug("aws provider: built EC2 and Auto Scaling clients for region {}", region);
        return new RegionClients(region, ec2Client, asg.build(), Ec2Waiter.builder().client(ec2Client).build());
    }

    /** Closes every client, the credentials providers and the HTTP client. Never throws. */
    @Override
    public void close() {
        List<RegionClients> toClose;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            toClose = new ArrayList<>(byRegion.values());
            byRegion.clear();
        }
        for (RegionClients c : toClose) {
            quietly("clients of region " + c.region(), c::close);
        }
        for (AutoCloseable r : credentials.resources()) {
            quietly("credentials provider", r::close);
        }
        quietly("HTTP client", http::close);
    }

    private static void quietly(String what, ThrowingRunnable r) {
        try {
            r.run();
        } catch (Exception e) {
            LOG.warn("aws provider: closing the {} failed: {}", what, e.toString());
        }
    }

    @FunctionalInterface
    private interface ThrowingRunnable {
        void run() throws Exception;
    }
}
