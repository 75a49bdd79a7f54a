package dev.selfheal.provider.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.selfheal.spi.ActionGuard;
import dev.selfheal.spi.ActionNotPermittedException;
import dev.selfheal.spi.InfrastructureProvider;
import dev.selfheal.spi.MachineRef;
import dev.selfheal.spi.ProviderContext;
import dev.selfheal.spi.ProviderDiscovery;
import dev.selfheal.testbed.aws.MotoExtension;
import dev.selfheal.testbed.aws.MotoServer;
import dev.selfheal.testbed.front.FrontServer;
import dev.selfheal.testbed.front.FrontServer.Answer;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;

/**
 * A healer that loses its leader lease while a power-off is in flight sends no retry of it: the AWS provider asks
 * the {@link ActionGuard} before every attempt the SDK makes (moto behind a server of the test's own that fails the
 * first StopInstances, as a connection reset would, and counts what reaches moto).
 */
@ExtendWith(MotoExtension.class)
class ActionGuardIT {

    private static final String ZONE = "us-east-1a";

    @Test
    void theSdksRetryOfAPowerOffIsNotSentOnceTheLeaseIsLost(MotoServer moto) {
        moto.reset();
        AtomicBoolean leader = new AtomicBoolean(true);
        ActionGuard guard = (machine, op) -> {
            if (!leader.get()) {
                throw new ActionNotPermittedException(machine, op, "this healer holds no valid leader lease now");
            }
        };
        try (MotoWorld world = new MotoWorld(moto, moto.region());
             FrontServer front = FrontServer.start(moto.endpoint(), null, null, (request, upstream) -> {
                 if (request.bodyText().contains("Action=StopInstances")) {
                     leader.set(false); // the healer was paused past its lease while this call was in flight
                     return Answer.of(503, null, "");
                 }
                 return upstream.apply(request);
             });
             InfrastructureProvider p = ProviderDiscovery.load().create(new ProviderContext(MotoWorld.config(moto, front.uri())
                     .set("maxAttempts", "3").build(), Clock.systemUTC(), guard))) {
            String instance = world.runInstance(ZONE);
            MachineRef m = p.resolve(MotoWorld.node("worker-1", ZONE, instance)).orElseThrow();

            Throwable e = catchThrowable(() -> p.powerOff(m));

            assertThat(e).isInstanceOf(ActionNotPermittedException.class).hasMessageContaining("ec2:StopInstances")
                    .hasMessageContaining(instance).hasMessageContaining("no valid leader lease");
            assertThat(front.received()).filteredOn(r -> r.bodyText().contains("Action=StopInstances"))
                    .as("the first attempt only; the SDK's retries were never sent").hasSize(1);
            assertThat(world.state(instance)).isEqualTo(InstanceStateName.RUNNING);
            leader.set(true);
            assertThat(p.status(m).power()).as("reads are not guarded").isNotNull();
        }
    }
}
