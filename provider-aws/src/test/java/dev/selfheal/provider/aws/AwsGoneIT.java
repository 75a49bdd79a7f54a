package dev.selfheal.provider.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selfheal.spi.InfrastructureProvider;
import dev.selfheal.spi.MachineNotFoundException;
import dev.selfheal.spi.MachineRef;
import dev.selfheal.spi.PermanentProviderException;
import dev.selfheal.spi.PowerState;
import dev.selfheal.spi.ProviderContext;
import dev.selfheal.spi.ProviderDiscovery;
import dev.selfheal.spi.ReplaceResult;
import dev.selfheal.testbed.aws.MotoExtension;
import dev.selfheal.testbed.aws.MotoServer;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;

/**
 * An instance terminated outside its Auto Scaling group, against a real moto: gone (the strongest fence), and replace
 * leaves the replacing to the group (nothing else terminated) and says so; one of no group is gone but not replaceable. An instance EC2 does not know, or
 * one asked about with credentials EC2 rejects (moto's own IAM authentication switched on), is an error, never gone.
 */
@ExtendWith(MotoExtension.class)
class AwsGoneIT {

    private static final String ZONE = "us-east-1a";

    private MotoWorld world;
    private InfrastructureProvider provider;

    @BeforeEach
    void setUp(MotoServer moto) {
        moto.reset();
        world = new MotoWorld(moto, moto.region());
        provider = ProviderDiscovery.load().create(new ProviderContext(MotoWorld.config(moto, moto.endpoint()).build(),
                Clock.systemUTC()));
    }

    @AfterEach
    void tearDown() {
        provider.close();
        world.close();
    }

    private MachineRef resolve(String node, String instanceId) {
        return provider.resolve(MotoWorld.node(node, ZONE, instanceId)).orElseThrow();
    }

    @Test
    void anInstanceTerminatedOutsideItsGroupIsGoneAndTheGroupsReplacementIsAwaited() {
        AutoScalingGroup before = world.createGroup("gone-workers", ZONE, 2);
        String old = before.instances().get(0).instanceId();
        String other = before.instances().get(1).instanceId();
        world.ec2.terminateInstances(r -> r.instanceIds(old));
        MachineRef m = resolve("worker-1", old);

        assertThat(provider.status(m).power()).isEqualTo(PowerState.GONE);
        assertThat(provider.powerOff(m).confirmedState()).isEqualTo(PowerState.GONE);
        assertThat(provider.capabilities(m)).contains(dev.selfheal.spi.Capability.REPLACE);
        ReplaceResult result = provider.replace(m);

        AutoScalingGroup after = world.group("gone-workers");
        assertThat(result.progress()).isEqualTo(ReplaceResult.Progress.STARTED);
        assertThat(result.replacement()).isEmpty();
        assertThat(result.detail()).contains("gone-workers").contains("terminated outside");
        assertThat(after.desiredCapacity()).isEqualTo(2);
        assertThat(after.instances()).extracting(Instance::instanceId).hasSize(2).contains(other).doesNotContain(old);
        assertThat(world.state(other)).isEqualTo(InstanceStateName.RUNNING);
    }

    @Test
    void aTerminatedInstanceOfNoGroupIsGoneButNotReplaceable() {
        String id = world.runInstance(ZONE);
        world.ec2.terminateInstances(r -> r.instanceIds(id));
        MachineRef m = resolve("worker-2", id);

        assertThat(provider.status(m).power()).isEqualTo(PowerState.GONE);
        assertThat(provider.capabilities(m)).doesNotContain(dev.selfheal.spi.Capability.REPLACE);
        assertThatThrownBy(() -> provider.replace(m)).isInstanceOf(dev.selfheal.spi.UnsupportedCapabilityException.class);
    }

    @Test
    void anInstanceEc2DoesNotKnowIsNotFoundNeverGone() {
        MachineRef ghost = resolve("ghost", "i-0123456789abcdef0");

        assertThatThrownBy(() -> provider.status(ghost)).isInstanceOf(MachineNotFoundException.class)
                .hasMessageContaining("i-0123456789abcdef0");
        assertThatThrownBy(() -> provider.powerOff(ghost)).isInstanceOf(MachineNotFoundException.class);
    }

    @Test
    void rejectedCredentialsAreAnErrorNeverGone(MotoServer moto) throws Exception {
        String id = world.runInstance(ZONE);
        world.ec2.terminateInstances(r -> r.instanceIds(id));
        MachineRef m = resolve("worker-1", id);
        authentication(moto, "0");
        try {
            assertThatThrownBy(() -> provider.status(m)).isInstanceOf(PermanentProviderException.class)
                    .isNotInstanceOf(MachineNotFoundException.class).hasMessageContaining("access denied");
            assertThatThrownBy(() -> provider.powerOff(m)).isInstanceOf(PermanentProviderException.class)
                    .isNotInstanceOf(MachineNotFoundException.class);
        } finally {
            authentication(moto, "inf");
        }
        assertThat(provider.status(m).power()).isEqualTo(PowerState.GONE);
    }

    /** Switches moto's IAM authentication on after {@code count} more requests ("inf": off). */
    private static void authentication(MotoServer moto, String count) throws IOException, InterruptedException {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                moto.endpoint().resolve("/moto-api/reset-auth")).POST(HttpRequest.BodyPublishers.ofString(count)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("moto reset-auth: " + r.body()).isEqualTo(200);
    }
}
