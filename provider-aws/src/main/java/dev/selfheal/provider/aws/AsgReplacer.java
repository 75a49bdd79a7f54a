package dev.selfheal.provider.aws;

import dev.selfheal.spi.Capability;
import dev.selfheal.spi.MachineNotFoundException;
import dev.selfheal.spi.PermanentProviderException;
import dev.selfheal.spi.PowerState;
import dev.selfheal.spi.ProviderException;
import dev.selfheal.spi.ReplaceResult;
import dev.selfheal.spi.ReplaceResult.Progress;
import dev.selfheal.spi.UnsupportedCapabilityException;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.waiters.Waiter;
import software.amazon.awssdk.core.waiters.WaiterAcceptor;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingInstanceDetails;
import software.amazon.awssdk.services.autoscaling.model.Instance;
import software.amazon.awssdk.services.autoscaling.model.LifecycleState;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * Replaces an instance through its Auto Scaling group: optionally marks it Unhealthy, terminates it with
 * {@code ShouldDecrementDesiredCapacity=false} so the group launches a replacement, and waits (an SDK
 * {@link Waiter}) until a new instance is InService. An instance in no group cannot be replaced this way.
 */
final class AsgReplacer {

    static final String DESCRIBE_INSTANCES = "autoscaling:DescribeAutoScalingInstances";
    static final String DESCRIBE_GROUPS = "autoscaling:DescribeAutoScalingGroups";
    static final String SET_HEALTH = "autoscaling:SetInstanceHealth";
    static final String TERMINATE = "autoscaling:TerminateInstanceInAutoScalingGroup";
    /** The tag an Auto Scaling group puts on the instances it launches. */
    static final String GROUP_TAG = "aws:autoscaling:groupName";
    private static final Logger LOG = LoggerFactory.getLogger(AsgReplacer.class);

    private final boolean markUnhealthyFirst;

    AsgReplacer(boolean markUnhealthyFirst) {
        this.markUnhealthyFirst = markUnhealthyFirst;
    }

    /** The instance's Auto Scaling membership, empty when it is in no group. */
    static Optional<AutoScalingInstanceDetails> membership(Ec2Target t) {
        return t.budget().call(DESCRIBE_INSTANCES, o -> t.clients().autoScaling()
                        .describeAutoScalingInstances(r -> r.instanceIds(t.instanceId()).overrideConfiguration(o)))
                .autoScalingInstances().stream().filter(d -> t.instanceId().equals(d.instanceId())).findFirst();
    }

    /**
     * The group that launched an instance terminated outside it (EC2 still describes it {@code terminated}, with the
     * {@value #GROUP_TAG} tag the group set), which the group has dropped and replaces by itself; empty otherwise,
     * and when EC2 no longer knows the instance.
     */
    static Optional<String> formerGroup(Ec2Target t) {
        software.amazon.awssdk.services.ec2.model.Instance i;
        try {
            i = InstanceReader.describe(t);
        } catch (MachineNotFoundException e) {
            return Optional.empty();
        }
        if (InstanceStates.power(i.state()) != PowerState.GONE) {
            return Optional.empty();
        }
        return i.tags().stream().filter(tag -> GROUP_TAG.equals(tag.key())).map(Tag::value).findFirst();
    }

    /**
     * Replaces the instance. One terminated outside its group is not acted on: the group launches its replacement,
     * and the result ({@link Progress#STARTED}, no id) says so; the new node's registration tells when it is done.
     *
     * @throws UnsupportedCapabilityException when the instance is in no Auto Scaling group
     */
    ReplaceResult replace(Ec2Target t) {
        Optional<AutoScalingInstanceDetails> membership = membership(t);
        if (membership.isEmpty()) {
            Optional<String> former = formerGroup(t);
            if (former.isPresent()) {
                LOG.info("aws provider: {} was terminated outside Auto Scaling group {}, which replaces it", t.describe(),
                        former.get());
                return new ReplaceResult(t.machine(), null, Progress.STARTED, t.budget().now(), "instance "
                        + t.instanceId() + " was terminated outside its Auto Scaling group " + former.get()
                        + ", which launches its replacement; waiting for the new node");
            }
        }
        AutoScalingInstanceDetails member = membership.orElseThrow(() -> new UnsupportedCapabilityException(
                t.describe(), Capability.REPLACE, "instance " + t.instanceId()
                + " is in no Auto Scaling group; only instances of a group can be replaced"));
        String group = member.autoScalingGroupName();
        AutoScalingGroup before = describeGroup(t, group);
        Set<String> known = before.instances().stream().map(Instance::instanceId).collect(Collectors.toSet());
        if (markUnhealthyFirst) {
            t.budget().call(SET_HEALTH, o -> t.clients().autoScaling().setInstanceHealth(r -> r
                    .instanceId(t.instanceId()).healthStatus("Unhealthy").shouldRespectGracePeriod(false)
                    .overrideConfiguration(o)));
            LOG.info("aws provider: marked {} Unhealthy in Auto Scaling group {}", t.describe(), group);
        }
        terminate(t, group);
        LOG.info("aws provider: terminated {} in Auto Scaling group {} keeping desired capacity {}; waiting for "
                + "its replacement", t.describe(), group, before.desiredCapacity());
        return awaitReplacement(t, group, known, before.desiredCapacity());
    }

    private void terminate(Ec2Target t, String group) {
        try {
            t.budget().call(TERMINATE, o -> t.clients().autoScaling().terminateInstanceInAutoScalingGroup(r -> r
                    .instanceId(t.instanceId()).shouldDecrementDesiredCapacity(false).overrideConfiguration(o)));
        } catch (ProviderException e) {
            // the group may already be terminating it (marked Unhealthy, or an earlier attempt): that is fine
            Optional<AutoScalingInstanceDetails> now = membership(t);
            boolean leaving = now.isEmpty() || now.get().lifecycleState().startsWith("Terminating");
            if (!leaving) {
                throw e;
            }
            LOG.info("aws provider: {} is already leaving group {} ({})", t.describe(), group,
                    now.map(AutoScalingInstanceDetails::lifecycleState).orElse("gone"));
        }
    }

    private ReplaceResult awaitReplacement(Ec2Target t, String group, Set<String> known, Integer desired) {
        Waiter<AutoScalingGroup> waiter = Waiter.builder(AutoScalingGroup.class)
                .addAcceptor(WaiterAcceptor.successOnResponseAcceptor(g -> inService(g, known, t).isPresent()))
                .addAcceptor(WaiterAcceptor.retryOnResponseAcceptor(g -> true))
                .addAcceptor(WaiterAcceptor.retryOnExceptionAcceptor(AwsErrors::isTransient))
                .overrideConfiguration(t.budget().waiter(DESCRIBE_GROUPS))
                .build();
        try {
            AutoScalingGroup g = waiter.run(() -> describeGroupRaw(t, group)).matched().response().orElseThrow();
            String replacement = inService(g, known, t).orElseThrow();
            LOG.info("aws provider: {} replaced by {} (InService) in group {}", t.describe(), replacement, group);
            return new ReplaceResult(t.machine(), replacement, Progress.COMPLETED, t.budget().now(),
                    "Auto Scaling group " + group + " replaced " + t.instanceId() + " with " + replacement
                            + " (InService); desired capacity " + desired + " kept");
        } catch (SdkException e) {
            String why = t.budget().redact(e.getMessage());
            LOG.warn("aws provider: no InService replacement for {} in group {} within the time limit: {}",
                    t.describe(), group, why);
            return new ReplaceResult(t.machine(), null, Progress.STARTED, t.budget().now(), "terminated "
                    + t.instanceId() + " in Auto Scaling group " + group + "; no replacement InService within the "
                    + "replace time limit yet (" + why + ")");
        }
    }

    private static Optional<String> inService(AutoScalingGroup g, Set<String> known, Ec2Target t) {
        return g.instances().stream()
                .filter(i -> !known.contains(i.instanceId()) && !t.instanceId().equals(i.instanceId()))
                .filter(i -> i.lifecycleState() == LifecycleState.IN_SERVICE)
                .map(Instance::instanceId).sorted().findFirst();
    }

    private static AutoScalingGroup describeGroup(Ec2Target t, String group) {
        return t.budget().call(DESCRIBE_GROUPS, o -> describeGroup(t, group, o))
                .orElseThrow(() -> gone(t, group));
    }

    /** Describes the group with plain SDK failures, for the waiter to judge. */
    private static AutoScalingGroup describeGroupRaw(Ec2Target t, String group) {
        return describeGroup(t, group, t.budget().override(DESCRIBE_GROUPS)).orElseThrow(() -> gone(t, group));
    }

    private static Optional<AutoScalingGroup> describeGroup(Ec2Target t, String group,
                                                            AwsRequestOverrideConfiguration o) {
        return t.clients().autoScaling().describeAutoScalingGroups(r -> r.autoScalingGroupNames(group)
                        .overrideConfiguration(o))
                .autoScalingGroups().stream().filter(g -> group.equals(g.autoScalingGroupName())).findFirst();
    }

    private static PermanentProviderException gone(Ec2Target t, String group) {
        return new PermanentProviderException(t.describe(), DESCRIBE_GROUPS, "Auto Scaling group " + group
                + " of instance " + t.instanceId() + " does not exist");
    }
}
