package dev.selfheal.provider.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.selfheal.spi.InfrastructureProvider;
import dev.selfheal.spi.MachineRef;
import dev.selfheal.spi.PermanentProviderException;
import dev.selfheal.spi.ProviderContext;
import dev.selfheal.spi.ProviderDiscovery;
import dev.selfheal.spi.RetryableProviderException;
import dev.selfheal.testbed.aws.MotoExtension;
import dev.selfheal.testbed.aws.MotoServer;
import dev.selfheal.testbed.front.FrontServer;
import dev.selfheal.testbed.front.FrontServer.Answer;
import dev.selfheal.testbed.leak.Canary;
import dev.selfheal.testbed.leak.StderrCapture;
import java.time.Clock;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;

/**
 * The AWS provider against moto behind a server of the test's own that answers StopInstances with a bare HTTP
 * status and an empty body (as a proxy or a load balancer might): the provider names the instance and the
 * call, is permanent or retryable by the status, never fails with a NullPointerException, and shows no form
 * of the secret key.
 */
@ExtendWith(MotoExtension.class)
class AwsStatusOnlyIT {

    private static final String ZONE = "us-east-1a";

    @ParameterizedTest(name = "HTTP {0}")
    @CsvSource({"401, permanent", "403, permanent", "400, permanent", "500, retryable", "503, retryable"})
    void anAnswerWithoutErrorCodeNamesTheInstanceAndTheCall(int status, String kind, MotoServer moto) {
        moto.reset();
        Canary canary = Canary.create("");
        try (MotoWorld world = new MotoWorld(moto, moto.region());
             FrontServer front = FrontServer.start(moto.endpoint(), null, null, (request, upstream) ->
                     request.bodyText().contains("Action=StopInstances") ? Answer.of(status, null, "") : upstream.apply(request));
             StderrCapture log = StderrCapture.start();
             InfrastructureProvider p = ProviderDiscovery.load().create(new ProviderContext(MotoWorld.config(moto, front.uri())
                     .secret("secretAccessKey", canary.value()).build(), Clock.systemUTC()))) {
            String instance = world.runInstance(ZONE);
            MachineRef m = p.resolve(MotoWorld.node("worker-1", ZONE, instance)).orElseThrow();

            Throwable e = catchThrowable(() -> p.powerOff(m));

            assertThat(e).isInstanceOf(kind.equals("permanent") ? PermanentProviderException.class : RetryableProviderException.class)
                    .hasMessageContaining(instance).hasMessageContaining("node worker-1").hasMessageContaining("ec2:StopInstances")
                    .hasMessageContaining("HTTP " + status);
            assertThat(Canary.printed(e)).doesNotContain("NullPointerException");
            assertThat(front.received()).as("moto answered the DescribeInstances before")
                    .anyMatch(r -> r.bodyText().contains("Action=DescribeInstances"));
            assertThat(world.state(instance)).isEqualTo(InstanceStateName.RUNNING);
            assertThat(canary.foundIn(Canary.printed(e) + log.text() + p)).as("forms of the secret key").isEmpty();
        }
    }
}
