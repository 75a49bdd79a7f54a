package dev.selfheal.testbed.bridge;

import dev.selfheal.testbed.aws.MotoServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.Reservation;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * The EC2 instances of moto (one region) as machines, through {@code ec2:DescribeInstances}. An instance is a
 * node when it belongs to an Auto Scaling group (tag {@value #GROUP_TAG}) or carries the tag {@value #POOL_TAG};
 * its Node is named by its private DNS name, has the providerID {@code aws:///<zone>/<instance-id>} and the
 * labels {@value #POOL_LABEL} (the group or pool), {@code topology.kubernetes.io/zone} and
 * {@code node.kubernetes.io/instance-type}. Running means EC2 state {@code running}.
 */
public final class Ec2Machines implements MachineSource {

    /** The tag Auto Scaling puts on the instances it launches. */
    public static final String GROUP_TAG = "aws:autoscaling:groupName";
    /** The tag that makes an instance outside a group a node of that pool. */
    public static final String POOL_TAG = "testbed.selfheal.dev/pool";
    /** The Node label naming the machine's pool (its Auto Scaling group, VM pool or server pool). */
    public static final String POOL_LABEL = "testbed.selfheal.dev/pool";

    private final Ec2Client ec2;

    private Ec2Machines(Ec2Client ec2) {
        this.ec2 = ec2;
    }

    /** The instances of {@code moto}'s region. */
    public static Ec2Machines of(MotoServer moto) {
        return new Ec2Machines(Ec2Client.builder().endpointOverride(moto.endpoint()).region(Region.of(moto.region()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(moto.accessKeyId(), moto.secretAccessKey())))
                .overrideConfiguration(c -> c.apiCallTimeout(Duration.ofSeconds(10)).apiCallAttemptTimeout(Duration.ofSeconds(5)))
                .build());
    }

    /** The key of an instance's machine. */
    public static String key(String instanceId) {
        return "aws:" + instanceId;
    }

    @Override
    public String name() {
        return "moto";
    }

    @Override
    public List<ObservedMachine> observe() {
        List<ObservedMachine> out = new ArrayList<>();
        for (Reservation r : ec2.describeInstances().reservations()) {
            for (Instance i : r.instances()) {
                pool(i).ifPresent(pool -> out.add(machine(i, pool)));
            }
        }
        return out;
    }

    private static ObservedMachine machine(Instance i, String pool) {
        String zone = i.placement().availabilityZone();
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(POOL_LABEL, pool);
        labels.put("topology.kubernetes.io/zone", zone);
        labels.put("node.kubernetes.io/instance-type", i.instanceTypeAsString());
        String dns = i.privateDnsName();
        String node = dns == null || dns.isBlank() ? i.instanceId() : dns;
        return new ObservedMachine(key(i.instanceId()), node, "aws:///" + zone + "/" + i.instanceId(),
                i.state().name() == InstanceStateName.RUNNING, labels, Map.of());
    }

    private static Optional<String> pool(Instance i) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (Tag t : i.tags()) {
            tags.put(t.key(), t.value());
        }
        return Optional.ofNullable(tags.getOrDefault(POOL_TAG, tags.get(GROUP_TAG)));
    }

    @Override
    public void close() {
        ec2.close();
    }
}
