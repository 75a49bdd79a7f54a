package dev.selfheal.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.spi.ProviderConfig;
import dev.selfheal.testbed.aws.MotoServer;
import dev.selfheal.testbed.bridge.Ec2Machines;
import dev.selfheal.testbed.bridge.MachineNodeBridge;
import dev.selfheal.testbed.bridge.MachineSource;
import dev.selfheal.testbed.bridge.MotoFleet;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;

/** AWS on moto: an Auto Scaling group of three instances, EBS volumes, the AWS provider. */
final class AwsInfrastructure implements Infrastructure {

    static final String ZONE = "us-east-1a";

    private final MotoServer moto;
    private final MotoFleet fleet;
    private String pool;

    AwsInfrastructure(MotoServer moto) {
        moto.reset();
        this.moto = moto;
        this.fleet = MotoFleet.of(moto);
    }

    MotoFleet fleet() {
        return fleet;
    }

    static String instance(String machineKey) {
        return machineKey.substring("aws:".length());
    }

    @Override
    public MachineSource machines(String pool) {
        this.pool = pool;
        fleet.createGroup(pool, ZONE, size());
        return Ec2Machines.of(moto);
    }

    @Override
    public int size() {
        return 3;
    }

    @Override
    public ProviderConfig provider() {
        return E2eConfig.aws(moto);
    }

    @Override
    public String csiDriver() {
        return "ebs.csi.aws.com";
    }

    @Override
    public String newVolume() {
        return fleet.createVolume(ZONE);
    }

    @Override
    public void attach(String volume, MachineNodeBridge bridge, String node) {
        fleet.attach(volume, instance(bridge.machineOfNode(node).orElseThrow().key()), "/dev/sdf");
    }

    @Override
    public boolean machineOff(String machineKey) {
        return fleet.state(instance(machineKey)) != InstanceStateName.RUNNING;
    }

    @Override
    public void assertDetached(String volume, String machineKey) {
        assertThat(fleet.attachedTo(volume)).as("EBS volume %s attachment", volume).isEmpty();
    }

    @Override
    public void assertReplaced(String machineKey) {
        assertThat(fleet.state(instance(machineKey))).isEqualTo(InstanceStateName.TERMINATED);
        assertThat(fleet.groupInstances(pool)).hasSize(size()).doesNotContain(instance(machineKey));
    }

    @Override
    public void close() {
        fleet.close();
    }
}
