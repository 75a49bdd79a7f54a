package dev.selfheal.testbed.toxiproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selfheal.testbed.aws.MotoExtension;
import dev.selfheal.testbed.aws.MotoServer;
import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;

/** Toxiproxy in front of a real moto server: transparent without toxics, slow with latency, hanging with timeout. */
@ExtendWith({ToxiproxyExtension.class, MotoExtension.class})
class ToxiproxySmokeIT {

    @AfterEach
    void cleanUp(ToxiproxyServer toxiproxy) {
        toxiproxy.deleteAllProxies();
    }

    private static HttpResponse<String> get(URI endpoint, Duration timeout) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        return http.send(HttpRequest.newBuilder(endpoint.resolve("/moto-api/data.json")).timeout(timeout).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static long millis(ThrowingRunnable r) throws Exception {
        long t0 = System.nanoTime();
        r.run();
        return (System.nanoTime() - t0) / 1_000_000;
    }

    @FunctionalInterface
    interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Test
    void latencyAndTimeoutToxicsChangeWhatTheClientSees(ToxiproxyServer toxiproxy, MotoServer moto) throws Exception {
        Proxy proxy = toxiproxy.proxy("moto-http", moto.hostPort());
        URI through = ToxiproxyServer.uri("http", proxy);
        assertThat(ToxiproxyServer.port(proxy)).isNotEqualTo(moto.port());

        // transparent: same answer as moto itself, and fast
        long clean = millis(() -> assertThat(get(through, Duration.ofSeconds(10)).statusCode()).isEqualTo(200));
        assertThat(clean).isLessThan(1500);

        // latency: every answer is at least 1.5 s late
        proxy.toxics().latency("slow", ToxicDirection.DOWNSTREAM, 1500);
        long slow = millis(() -> assertThat(get(through, Duration.ofSeconds(10)).statusCode()).isEqualTo(200));
        assertThat(slow).isGreaterThanOrEqualTo(1500);
        proxy.toxics().get("slow").remove();

        // timeout 0: the connection stalls until the toxic goes; the client's time-out fires
        proxy.toxics().timeout("hang", ToxicDirection.UPSTREAM, 0);
        assertThatThrownBy(() -> get(through, Duration.ofSeconds(1))).isInstanceOf(HttpTimeoutException.class);
        proxy.toxics().get("hang").remove();

        assertThat(get(through, Duration.ofSeconds(10)).statusCode()).as("works again without toxics").isEqualTo(200);
    }

    @Test
    void awsSdkCallTimesOutBehindATimeoutToxic(ToxiproxyServer toxiproxy, MotoServer moto) throws Exception {
        Proxy proxy = toxiproxy.proxy("moto-ec2", moto.hostPort());
        try (Ec2Client ec2 = Ec2Client.builder()
                .endpointOverride(ToxiproxyServer.uri("http", proxy))
                .region(Region.of(moto.region()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(moto.accessKeyId(), moto.secretAccessKey())))
                .overrideConfiguration(c -> c.apiCallTimeout(Duration.ofSeconds(2)).apiCallAttemptTimeout(Duration.ofSeconds(1)))
                .build()) {
            assertThat(ec2.describeRegions().regions()).isNotEmpty();

            // UPSTREAM: the request never reaches moto. (Downstream would not hang: moto's HTTP/1.0 dev server
            // closes the connection after answering, and toxiproxy passes the close on without the data.)
            proxy.toxics().timeout("hang", ToxicDirection.UPSTREAM, 0);
            assertThatThrownBy(ec2::describeRegions)
                    .isInstanceOfAny(ApiCallTimeoutException.class, ApiCallAttemptTimeoutException.class);

            toxiproxy.reset();
            assertThat(ec2.describeRegions().regions()).isNotEmpty();
        }
    }
}
