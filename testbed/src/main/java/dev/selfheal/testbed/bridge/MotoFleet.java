package dev.selfheal.testbed.bridge;

import dev.selfheal.testbed.aws.MotoServer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.Instance;
import software.amazon.awssdk.services.autoscaling.model.LifecycleState;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.InstanceType;
import software.amazon.awssdk.services.ec2.model.Volume;
import software.amazon.awssdk.services.ec2.model.VolumeAttachment;

/**
 * Builds and changes the simulated AWS world on moto with the AWS SDK: Auto Scaling groups of instances
 * (which {@link Ec2Machines} turns into Nodes), EBS data volumes, and the failures a test or the demo
 * injects (an instance stopped or terminated behind the cluster's back).
 */
public final class MotoFleet implements AutoCloseable {

    private final Ec2Client ec2;
    private final AutoScalingClient autoScaling;
    private String ami;

    private MotoFleet(MotoServer moto) {
        StaticCredentialsProvider creds = StaticCredentialsProvider.create(
                AwsBasicCredentials.create(moto.accessKeyId(), moto.secretAccessKey()));
        this.ec2 = Ec2Client.builder().endpointOverride(moto.endpoint()).region(Region.of(moto.region()))
                .credentialsProvider(creds).overrideConfiguration(c -> c.apiCallTimeout(Duration.ofSeconds(30))).build();
        this.autoScaling = AutoScalingClient.builder().endpointOverride(moto.endpoint()).region(Region.of(moto.region()))
                .credentialsProvider(creds).overrideConfiguration(c -> c.apiCallTimeout(Duration.ofSeconds(30))).build();
    }

    /** The fleet of {@code moto}'s region. */
    public static MotoFleet of(MotoServer moto) {
        return new MotoFleet(moto);
    }

    /** Creates a launch template and an Auto Scaling group of {@code size} instances in {@code zone}; returns their ids. */
    public List<String> createGroup(String name, String zone, int size) {
        ec2.createLaunchTemplate(r -> r.launchTemplateName(name + "-lt")
                .launchTemplateData(d -> d.imageId(ami()).instanceType(InstanceType.T3_MICRO)));
        autoScaling.createAutoScalingGroup(r -> r.autoScalingGroupName(name).launchTemplate(t -> t.launchTemplateName(name + "-lt"))
                .minSize(size).maxSize(size + 1).desiredCapacity(size).availabilityZones(zone));
        return groupInstances(name);
    }

    /** The ids of the group's InService instances. */
    public List<String> groupInstances(String group) {
        return autoScaling.describeAutoScalingGroups(r -> r.autoScalingGroupNames(group)).autoScalingGroups().stream()
                .flatMap(g -> g.instances().stream())
                .filter(i -> i.lifecycleState() == LifecycleState.IN_SERVICE).map(Instance::instanceId).toList();
    }

    /** Stops an instance, forced, as a crash or an operator would (the cluster is not told). */
    public void stop(String instanceId) {
        ec2.stopInstances(r -> r.instanceIds(instanceId).force(true));
    }

    /** Starts a stopped instance. */
    public void start(String instanceId) {
        ec2.startInstances(r -> r.instanceIds(instanceId));
    }

    /** The EC2 state of an instance. */
    public InstanceStateName state(String instanceId) {
        return ec2.describeInstances(r -> r.instanceIds(instanceId)).reservations().get(0).instances().get(0).state().name();
    }

    /** The availability zone of an instance. */
    public String zone(String instanceId) {
        return ec2.describeInstances(r -> r.instanceIds(instanceId)).reservations().get(0).instances().get(0)
                .placement().availabilityZone();
    }

    /** Creates a 10 GiB EBS data volume in the instance's zone and attaches it at {@code device}; returns its id. */
    public String attachDataVolume(String instanceId, String device) {
        String id = createVolume(zone(instanceId));
        attach(id, instanceId, device);
        return id;
    }

    /** Creates a 10 GiB EBS volume in {@code zone}; returns its id. */
    public String createVolume(String zone) {
        return ec2.createVolume(r -> r.availabilityZone(zone).size(10)).volumeId();
    }

    /** Attaches a volume to an instance at {@code device}. */
    public void attach(String volumeId, String instanceId, String device) {
        ec2.attachVolume(r -> r.volumeId(volumeId).instanceId(instanceId).device(device));
    }

    /** The instance the volume is attached to, if any. */
    public Optional<String> attachedTo(String volumeId) {
        Volume v = ec2.describeVolumes(r -> r.volumeIds(volumeId)).volumes().get(0);
        return v.attachments().stream().map(VolumeAttachment::instanceId).findFirst();
    }

    /** The SDK's EC2 client, for anything else. */
    public Ec2Client ec2() {
        return ec2;
    }

    /** The SDK's Auto Scaling client, for anything else. */
    public AutoScalingClient autoScaling() {
        return autoScaling;
    }

    private synchronized String ami() {
        if (ami == null) {
            ami = ec2.describeImages(r -> r.owners("amazon")).images().get(0).imageId();
        }
        return ami;
    }

    @Override
    public void close() {
        autoScaling.close();
        ec2.close();
    }
}
