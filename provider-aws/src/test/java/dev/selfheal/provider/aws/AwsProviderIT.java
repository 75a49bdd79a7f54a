package dev.selfheal.provider.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selfheal.spi.ActionResult;
import dev.selfheal.spi.Capability;
import dev.selfheal.spi.DetachResult;
import dev.selfheal.spi.FenceResult;
import dev.selfheal.spi.HealthFinding;
import dev.selfheal.spi.InfrastructureProvider;
import dev.selfheal.spi.MachineNotFoundException;
import dev.selfheal.spi.MachineRef;
import dev.selfheal.spi.MachineStatus;
import dev.selfheal.spi.PermanentProviderException;
import dev.selfheal.spi.PowerState;
import dev.selfheal.spi.ProviderConfig;
import dev.selfheal.spi.ProviderContext;
import dev.selfheal.spi.ProviderDiscovery;
import dev.selfheal.spi.ProviderException;
import dev.selfheal.spi.ReplaceResult;
import dev.selfheal.spi.UnsupportedCapabilityException;
import dev.selfheal.testbed.aws.MotoExtension;
import dev.selfheal.testbed.aws.MotoServer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.LifecycleState;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.VolumeState;

/** The AWS provider against a real moto server: every capability, through ServiceLoader discovery. */
@ExtendWith(MotoExtension.class)
class AwsProviderIT {

    private static final String ZONE = "us-east-1a";

    private MotoWorld world;
    private InfrastructureProvider provider;

    @BeforeEach
    void setUp(MotoServer moto) {
        moto.reset();
        world = new MotoWorld(moto, moto.region());
        provider = create(MotoWorld.config(moto, moto.endpoint()).build());
    }

    @AfterEach
    void tearDown() {
        provider.close();
        world.close();
    }

    private static InfrastructureProvider create(ProviderConfig config) {
        return ProviderDiscovery.load().create(new ProviderContext(config, Clock.systemUTC()));
    }

    private MachineRef resolve(String node, String instanceId) {
        return provider.resolve(MotoWorld.node(node, ZONE, instanceId)).orElseThrow();
    }

    @Test
    void resolvesTheProviderIdAndReportsARunningInstanceWithPassedChecks() {
        String id = world.runInstance(ZONE);
        MachineRef m = resolve("worker-1", id);
        assertThat(provider.type()).isEqualTo("aws");
        assertThat(m.id()).isEqualTo(id);
        assertThat(m.attributes()).containsEntry("zone", ZONE).containsEntry("region", "us-east-1");

        MachineStatus status = provider.status(m);
        assertThat(status.power()).isEqualTo(PowerState.ON);
        assertThat(status.isHealthy()).isTrue();
        assertThat(status.findings()).extracting(HealthFinding::code)
                .containsExactlyInAnyOrder("SystemStatusOk", "InstanceStatusOk");
    }

    @Test
    void fenceOfARunningInstanceEndsStoppedAndIsIdempotent() {
        String id = world.runInstance(ZONE);
        MachineRef m = resolve("worker-1", id);

        FenceResult fenced = provider.powerOff(m);
        assertThat(fenced.confirmedState()).isEqualTo(PowerState.OFF);
        assertThat(fenced.machine()).isEqualTo(m);
        assertThat(world.state(id)).isEqualTo(InstanceStateName.STOPPED);

        assertThat(provider.powerOff(m).confirmedState()).as("fencing again confirms").isEqualTo(PowerState.OFF);
        MachineStatus status = provider.status(m);
        assertThat(status.power()).isEqualTo(PowerState.OFF);
        assertThat(status.findings()).as("checks are not applicable to a stopped instance").isEmpty();
    }

    @Test
    void fenceOfATerminatedInstanceConfirmsGone() {
        String id = world.runInstance(ZONE);
        world.ec2.terminateInstances(r -> r.instanceIds(id));
        assertThat(provider.powerOff(resolve("worker-1", id)).confirmedState()).isEqualTo(PowerState.GONE);
    }

    @Test
    void powerOnStartsAFencedInstanceAndRebootNeedsItRunning() {
        String id = world.runInstance(ZONE);
        MachineRef m = resolve("worker-1", id);
        provider.powerOff(m);

        assertThatThrownBy(() -> provider.reboot(m))
                .isInstanceOf(PermanentProviderException.class)
                .hasMessageContaining("ec2:RebootInstances").hasMessageContaining(id)
                .hasMessageContaining("stopped").hasMessageContaining("power it on");

        ActionResult on = provider.powerOn(m);
        assertThat(on.action()).isEqualTo(Capability.POWER_ON);
        assertThat(world.state(id)).isEqualTo(InstanceStateName.RUNNING);
        assertThat(provider.powerOn(m).detail()).isEqualTo("already running");

        ActionResult reboot = provider.reboot(m);
        assertThat(reboot.action()).isEqualTo(Capability.REBOOT);
        assertThat(world.state(id)).isEqualTo(InstanceStateName.RUNNING);
    }

    @Test
    void detachRefusesARunningInstance() {
        String id = world.runInstance(ZONE);
        String vol = world.attachDataVolume(id, ZONE, "/dev/sdf");
        MachineRef m = resolve("worker-1", id);

        assertThatThrownBy(() -> provider.detachVolumes(m))
                .isInstanceOf(PermanentProviderException.class)
                .hasMessageContaining("ec2:DetachVolume").hasMessageContaining(id)
                .hasMessageContaining("refusing").hasMessageContaining("running");
        assertThat(world.volume(vol).state()).isEqualTo(VolumeState.IN_USE);
    }

    @Test
    void detachOfAFencedInstanceFreesItsDataVolumesButNotItsRoot() {
        String id = world.runInstance(ZONE);
        String data1 = world.attachDataVolume(id, ZONE, "/dev/sdf");
        String data2 = world.attachDataVolume(id, ZONE, "/dev/sdg");
        String root = world.rootVolume(id);
        MachineRef m = resolve("worker-1", id);
        provider.powerOff(m);

        DetachResult detached = provider.detachVolumes(m);
        assertThat(detached.volumeIds()).containsExactlyInAnyOrder(data1, data2);
        assertThat(world.volume(data1).state()).isEqualTo(VolumeState.AVAILABLE);
        assertThat(world.volume(data2).state()).isEqualTo(VolumeState.AVAILABLE);
        assertThat(world.volume(root).state()).as("root volume stays").isEqualTo(VolumeState.IN_USE);

        assertThat(provider.detachVolumes(m).volumeIds()).as("nothing left to detach").isEmpty();
    }

    @Test
    void unknownInstanceIdIsAClearPermanentError() {
        MachineRef m = world.machine("ghost", ZONE, "i-0123456789abcdef0");
        assertThatThrownBy(() -> provider.status(m))
                .isInstanceOf(MachineNotFoundException.class)
                .hasMessageContaining("i-0123456789abcdef0").hasMessageContaining("node ghost")
                .hasMessageContaining("ec2:DescribeInstanceStatus").hasMessageContaining("InvalidInstanceID.NotFound")
                .satisfies(e -> assertThat(((ProviderException) e).isRetryable()).isFalse());
        assertThatThrownBy(() -> provider.powerOff(m))
                .isInstanceOf(MachineNotFoundException.class)
                .hasMessageContaining("i-0123456789abcdef0").hasMessageContaining("ec2:DescribeInstances");
    }

    @Test
    void replaceInAnAutoScalingGroupYieldsANewInServiceInstanceAndKeepsDesiredCapacity() {
        AutoScalingGroup before = world.createGroup("workers", ZONE, 2);
        String old = before.instances().get(0).instanceId();
        MachineRef m = resolve("worker-1", old);
        assertThat(provider.capabilities(m)).contains(Capability.REPLACE);

        ReplaceResult result = provider.replace(m);

        assertThat(result.progress()).isEqualTo(ReplaceResult.Progress.COMPLETED);
        String replacement = result.replacement().orElseThrow();
        AutoScalingGroup after = world.group("workers");
        assertThat(replacement).isNotEqualTo(old);
        assertThat(after.desiredCapacity()).isEqualTo(2);
        assertThat(after.instances()).anySatisfy(i -> {
            assertThat(i.instanceId()).isEqualTo(replacement);
            assertThat(i.lifecycleState()).isEqualTo(LifecycleState.IN_SERVICE);
        });
        assertThat(after.instances()).noneMatch(i -> i.instanceId().equals(old));
        assertThat(world.state(old)).isEqualTo(InstanceStateName.TERMINATED);
    }

    @Test
    void replaceCanMarkTheInstanceUnhealthyFirst(MotoServer moto) {
        try (InfrastructureProvider marking = create(MotoWorld.config(moto, moto.endpoint())
                .set("markUnhealthyBeforeReplace", "true").build())) {
            String old = world.createGroup("workers", ZONE, 1).instances().get(0).instanceId();
            ReplaceResult result = marking.replace(marking.resolve(MotoWorld.node("w", ZONE, old)).orElseThrow());
            assertThat(result.progress()).isEqualTo(ReplaceResult.Progress.COMPLETED);
            assertThat(result.replacementId()).isNotEqualTo(old);
            assertThat(world.group("workers").desiredCapacity()).isEqualTo(1);
        }
    }

    @Test
    void replaceOfAnInstanceInNoGroupIsNotAvailable() {
        String id = world.runInstance(ZONE);
        MachineRef m = resolve("worker-1", id);
        assertThat(provider.capabilities(m)).doesNotContain(Capability.REPLACE).contains(Capability.POWER_OFF);
        assertThat(provider.supports(m, Capability.REPLACE)).isFalse();

        assertThatThrownBy(() -> provider.replace(m))
                .isInstanceOfSatisfying(UnsupportedCapabilityException.class,
                        e -> assertThat(e.capability()).isEqualTo(Capability.REPLACE))
                .hasMessageContaining(id).hasMessageContaining("no Auto Scaling group");
        assertThat(world.state(id)).isEqualTo(InstanceStateName.RUNNING);
    }

    @Test
    void machinesInAnotherRegionAreFoundThroughTheirZone(MotoServer moto) {
        try (MotoWorld ireland = new MotoWorld(moto, "eu-west-1")) {
            String id = ireland.runInstance("eu-west-1b");
            MachineRef m = provider.resolve(MotoWorld.node("eu-worker", "eu-west-1b", id)).orElseThrow();
            assertThat(m.attribute("region")).isEqualTo("eu-west-1");
            assertThat(provider.powerOff(m).confirmedState()).isEqualTo(PowerState.OFF);
            assertThat(ireland.state(id)).isEqualTo(InstanceStateName.STOPPED);
        }
    }

    @Test
    void assumesAConfiguredRoleThroughSts(MotoServer moto) {
        String id = world.runInstance(ZONE);
        ProviderConfig viaRole = MotoWorld.config(moto, moto.endpoint())
                .set("roleArn", "arn:aws:iam::123456789012:role/selfheal")
                .set("stsEndpoint", moto.endpoint().toString())
                .secret("externalId", "ext-id-never-printed")
                .build();
        try (InfrastructureProvider p = create(viaRole)) {
            assertThat(p.status(p.resolve(MotoWorld.node("w", ZONE, id)).orElseThrow()).power()).isEqualTo(PowerState.ON);
        }
        ProviderConfig brokenSts = MotoWorld.config(moto, moto.endpoint())
                .set("roleArn", "arn:aws:iam::123456789012:role/selfheal")
                .set("stsEndpoint", "http://127.0.0.1:1")
                .set("maxAttempts", "1")
                .build();
        try (InfrastructureProvider p = create(brokenSts)) {
            MachineRef m = p.resolve(MotoWorld.node("w", ZONE, id)).orElseThrow();
            assertThatThrownBy(() -> p.status(m))
                    .as("the role is really used: an unreachable STS fails the call")
                    .isInstanceOf(ProviderException.class)
                    .hasMessageContaining("ec2:DescribeInstanceStatus").hasMessageContaining(id)
                    .hasMessageNotContaining(MotoWorld.SECRET_KEY);
        }
    }

    @Test
    void oneProviderServesConcurrentCallers() throws Exception {
        List<String> ids = IntStream.range(0, 4).mapToObj(i -> world.runInstance(ZONE)).toList();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<FenceResult>> fences = new ArrayList<>();
            for (int i = 0; i < ids.size(); i++) {
                MachineRef m = resolve("worker-" + i, ids.get(i));
                fences.add(pool.submit(() -> provider.powerOff(m)));
            }
            for (Future<FenceResult> f : fences) {
                assertThat(f.get(30, TimeUnit.SECONDS).confirmedState()).isEqualTo(PowerState.OFF);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(ids).allSatisfy(id -> assertThat(world.state(id)).isEqualTo(InstanceStateName.STOPPED));
    }

    @Test
    void closedProviderRefusesCalls() {
        String id = world.runInstance(ZONE);
        MachineRef m = resolve("worker-1", id);
        provider.close();
        provider.close();
        assertThatThrownBy(() -> provider.status(m)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }
}
