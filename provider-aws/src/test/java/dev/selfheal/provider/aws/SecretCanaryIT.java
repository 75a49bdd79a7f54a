package dev.selfheal.provider.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.selfheal.spi.InfrastructureProvider;
import dev.selfheal.spi.MachineRef;
import dev.selfheal.spi.ProviderConfig;
import dev.selfheal.spi.ProviderContext;
import dev.selfheal.spi.ProviderDiscovery;
import dev.selfheal.spi.ProviderException;
import dev.selfheal.testbed.aws.MotoExtension;
import dev.selfheal.testbed.aws.MotoServer;
import dev.selfheal.testbed.front.FrontServer;
import dev.selfheal.testbed.front.FrontServer.Answer;
import dev.selfheal.testbed.leak.Canary;
import dev.selfheal.testbed.leak.StderrCapture;
import dev.selfheal.testbed.process.Ports;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/**
 * A unique canary in each secret setting of the provider (secret access key, session token, external id),
 * failing calls against moto (an unknown instance, a bare 401, an error that echoes the whole request, an
 * unreachable endpoint, an STS that echoes the AssumeRole request), and a search for every form of the
 * canaries in the log (at TRACE), the exceptions (messages, causes, suppressed, stack traces) and toString of
 * configuration and provider.
 */
@ExtendWith(MotoExtension.class)
class SecretCanaryIT {

    private static final String ZONE = "us-east-1a";
    private static final String ROLE = "arn:aws:iam::123456789012:role/selfheal";

    private final StringBuilder seen = new StringBuilder();

    private void fails(ProviderConfig config, String instance, String what) {
        seen.append("\n== ").append(what).append('\n').append(config).append('\n')
                .append(AwsProviderConfig.from(config)).append('\n');
        try (InfrastructureProvider p = ProviderDiscovery.load().create(new ProviderContext(config, Clock.systemUTC()))) {
            seen.append(p).append('\n');
            MachineRef m = p.resolve(MotoWorld.node("worker-1", ZONE, instance)).orElseThrow();
            Throwable t = catchThrowable(() -> p.powerOff(m));
            assertThat(t).as(what).isInstanceOf(ProviderException.class).hasMessageContaining(instance);
            seen.append(Canary.printed(t));
        }
    }

    /** An EC2 error whose message echoes the whole request: headers (the session token among them) and body. */
    private static Answer echo(FrontServer.Exchange request) {
        String xml = "<Response><Errors><Error><Code>InvalidParameterValue</Code><Message>you sent "
                + request.everything().replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                + "</Message></Error></Errors><RequestID>echo-1</RequestID></Response>";
        return Answer.of(400, "text/xml", xml);
    }

    @Test
    void noFormOfAnySecretReachesLogsExceptionsOrToString(MotoServer moto) {
        moto.reset();
        Canary secretKey = Canary.create(moto.accessKeyId());
        Canary token = Canary.create("");
        Canary externalId = Canary.create("").plain();
        try (MotoWorld world = new MotoWorld(moto, moto.region());
             StderrCapture log = StderrCapture.start();
             FrontServer bare401 = FrontServer.start(moto.endpoint(), null, null, (r, up) -> Answer.of(401, null, ""));
             FrontServer echoing = FrontServer.start(moto.endpoint(), null, null, (r, up) ->
                     r.bodyText().contains("Action=StopInstances") ? echo(r) : up.apply(r));
             FrontServer echoingSts = FrontServer.start(moto.endpoint(), null, null, (r, up) -> echo(r))) {
            String instance = world.runInstance(ZONE);
            ProviderConfig.Builder base = MotoWorld.config(moto, moto.endpoint()).secret("secretAccessKey", secretKey.value())
                    .secret("sessionToken", token.value()).set("maxAttempts", "1");
            fails(base.build(), "i-0123456789abcdef0", "an unknown instance");
            fails(base.set("endpoint", bare401.uri().toString()).build(), instance, "a bare 401");
            fails(base.set("endpoint", echoing.uri().toString()).build(), instance, "an echo of the request");
            fails(base.set("endpoint", moto.endpoint().toString()).set("roleArn", ROLE)
                    .set("stsEndpoint", echoingSts.uri().toString()).secret("externalId", externalId.value()).build(),
                    instance, "an STS echoing AssumeRole");
            fails(MotoWorld.config(moto, URI.create("http://127.0.0.1:" + Ports.free())).secret("secretAccessKey",
                    secretKey.value()).secret("sessionToken", token.value()).set("maxAttempts", "1")
                    .set("apiCallAttemptTimeout", "2s").set("apiCallTimeout", "2s").build(), instance, "unreachable");
            assertThat(echoing.received()).as("the echo carried the session token")
                    .anyMatch(r -> token.value().equals(r.header("X-Amz-Security-Token")));
            assertThat(echoingSts.received()).as("the STS echo carried the external id")
                    .anyMatch(r -> r.bodyText().contains("ExternalId=" + externalId.value()));
            assertThat(LoggerFactory.getLogger(AwsProvider.class).isTraceEnabled()).as("the provider logs at TRACE").isTrue();
            for (Canary c : List.of(secretKey, token, externalId)) {
                assertThat(c.foundIn(log.text())).as("forms of a canary in the log").isEmpty();
                assertThat(c.foundIn(seen.toString())).as("forms of a canary in exceptions and toString:\n" + seen).isEmpty();
            }
        }
    }
}
