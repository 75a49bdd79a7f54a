package dev.selfheal.provider.aws;

import dev.selfheal.spi.MachineRef;
import dev.selfheal.spi.NodeDescriptor;
import dev.selfheal.spi.ProviderConfig;
import dev.selfheal.testbed.aws.MotoServer;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.InstanceType;
import software.amazon.awssdk.services.ec2.model.Volume;

/**
 * Test set-up against a real moto server, with the SDK directly (never through the provider): instances,
 * volumes and Auto Scaling groups in one region, and a provider config pointing at moto.
 */
final class MotoWorld implements AutoCloseable {

    /** The secret access key the provider is configured with; moto accepts any, and none may ever print it. */
    static final String SECRET_KEY = "secret-key-never-printed";

    final MotoServer moto;
    final String region;
    final Ec2Client ec2;
    final AutoScalingClient asg;
    /** Image ids per region: moto's built-in images are the same after every reset, and listing them is slow. */
    private static final Map<String, String> AMIS = new ConcurrentHashMap<>();

    MotoWorld(MotoServer moto, String region) {
        this.moto = moto;
        this.region = region;
        StaticCredentialsProvider creds = StaticCredentialsProvider.create(
                AwsBasicCredentials.create(moto.accessKeyId(), moto.secretAccessKey()));
        this.ec2 = Ec2Client.builder().endpointOverride(moto.endpoint()).region(Region.of(region))
                .credentialsProvider(creds).build();
        this.asg = AutoScalingClient.builder().endpointOverride(moto.endpoint()).region(Region.of(region))
                .credentialsProvider(creds).build();
    }

    /** A provider config for moto at {@code endpoint}, with short test time limits. */
    static ProviderConfig.Builder config(MotoServer moto, URI endpoint) {
        return ProviderConfig.builder("aws")
                .set("region", moto.region())
                .set("endpoint", endpoint.toString())
                .set("credentials", "static")
                .secret("accessKeyId", moto.accessKeyId())
                .secret("secretAccessKey", SECRET_KEY)
                .set("connectTimeout", "1s")
                .set("apiCallAttemptTimeout", "3s")
                .set("apiCallTimeout", "6s")
                .set("operationTimeout", "20s")
                .set("replaceTimeout", "30s")
                .set("pollInterval", "100ms");
    }

    String ami() {
        return AMIS.computeIfAbsent(region, r -> ec2.describeImages(b -> b.owners("amazon")).images().get(0).imageId());
    }

    /** Runs one instance in {@code zone} and returns its id. */
    String runInstance(String zone) {
        return ec2.runInstances(r -> r.imageId(ami()).instanceType(InstanceType.T3_MICRO).minCount(1).maxCount(1)
                .placement(p -> p.availabilityZone(zone))).instances().get(0).instanceId();
    }

    /** The node a kubelet on the instance would register. */
    static NodeDescriptor node(String name, String zone, String instanceId) {
        return NodeDescriptor.of(name, "aws:///" + zone + "/" + instanceId);
    }

    /** A machine reference as resolve would give it. */
    MachineRef machine(String node, String zone, String instanceId) {
        return new MachineRef("aws", instanceId, node, Map.of(AwsProvider.ZONE, zone, AwsProvider.REGION, region));
    }

    InstanceStateName state(String instanceId) {
        return ec2.describeInstances(r -> r.instanceIds(instanceId)).reservations().get(0).instances().get(0)
                .state().name();
    }

    /** Creates a data volume in {@code zone} and attaches it to the instance at {@code device}. */
    String attachDataVolume(String instanceId, String zone, String device) {
        String id = ec2.createVolume(r -> r.availabilityZone(zone).size(10)).volumeId();
        ec2.attachVolume(r -> r.volumeId(id).instanceId(instanceId).device(device));
        return id;
    }

    /** Attaches an existing volume to the instance at {@code device}, as the pod's new node would. */
    void attach(String volumeId, String instanceId, String device) {
        ec2.attachVolume(r -> r.volumeId(volumeId).instanceId(instanceId).device(device));
    }

    Volume volume(String volumeId) {
        return ec2.describeVolumes(r -> r.volumeIds(volumeId)).volumes().get(0);
    }

    /** The root volume id of an instance. */
    String rootVolume(String instanceId) {
        var i = ec2.describeInstances(r -> r.instanceIds(instanceId)).reservations().get(0).instances().get(0);
        return i.blockDeviceMappings().stream().filter(m -> m.deviceName().equals(i.rootDeviceName()))
                .findFirst().orElseThrow().ebs().volumeId();
    }

    /** Creates a launch template and an Auto Scaling group of {@code desired} instances in {@code zone}. */
    AutoScalingGroup createGroup(String name, String zone, int desired) {
        ec2.createLaunchTemplate(r -> r.launchTemplateName(name + "-lt")
                .launchTemplateData(d -> d.imageId(ami()).instanceType(InstanceType.T3_MICRO)));
        asg.createAutoScalingGroup(r -> r.autoScalingGroupName(name).launchTemplate(t -> t.launchTemplateName(name + "-lt"))
                .minSize(desired).maxSize(desired + 1).desiredCapacity(desired).availabilityZones(zone));
        return group(name);
    }

    AutoScalingGroup group(String name) {
        List<AutoScalingGroup> groups = asg.describeAutoScalingGroups(r -> r.autoScalingGroupNames(name)).autoScalingGroups();
        return groups.get(0);
    }

    @Override
    public void close() {
        asg.close();
        ec2.close();
    }
}
