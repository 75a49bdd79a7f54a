package dev.selfheal.provider.aws;

import dev.selfheal.spi.DetachResult;
import dev.selfheal.spi.PermanentProviderException;
import dev.selfheal.spi.PowerState;
import dev.selfheal.spi.RetryableProviderException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.waiters.Waiter;
import software.amazon.awssdk.core.waiters.WaiterAcceptor;
import software.amazon.awssdk.services.ec2.model.DescribeVolumesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeVolumesResponse;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceBlockDeviceMapping;
import software.amazon.awssdk.services.ec2.model.Volume;
import software.amazon.awssdk.services.ec2.model.VolumeAttachment;
import software.amazon.awssdk.services.ec2.model.VolumeAttachmentState;

/**
 * Force-detaches the EBS data volumes of a fenced (stopped or terminated) instance, never its root volume,
 * and waits until they are free of it: no longer attached to this instance ({@code available}, or already
 * attached to another instance, as when the pod's new node took the volume within one poll). Refuses an instance that is not confirmed off.
 */
final class VolumeDetacher {

    static final String DESCRIBE_VOLUMES = "ec2:DescribeVolumes";
    static final String DETACH = "ec2:DetachVolume";
    private static final Logger LOG = LoggerFactory.getLogger(VolumeDetacher.class);

    private VolumeDetacher() {
    }

    /** Detaches the instance's data volumes and returns their ids once they are free. */
    static DetachResult detach(Ec2Target t) {
        Instance instance = InstanceReader.describe(t);
        requireFenced(t, instance);
        List<Volume> data = attachedDataVolumes(t, instance);
        for (Volume v : data) {
            VolumeAttachment a = attachmentTo(v, t.instanceId());
            if (a.state() != VolumeAttachmentState.DETACHING) {
                t.budget().call(DETACH, o -> t.clients().ec2().detachVolume(r -> r.volumeId(v.volumeId())
                        .instanceId(t.instanceId()).device(a.device()).force(true).overrideConfiguration(o)));
                LOG.info("aws provider: force-detaching {} ({}) from {}", v.volumeId(), a.device(), t.describe());
            }
        }
        List<String> ids = data.stream().map(Volume::volumeId).toList();
        if (!ids.isEmpty()) {
            awaitFree(t, ids);
        }
        return new DetachResult(t.machine(), ids, t.budget().now());
    }

    private static void requireFenced(Ec2Target t, Instance instance) {
        PowerState power = InstanceStates.power(instance.state());
        if (power.isFenced()) {
            return;
        }
        String state = InstanceStates.name(instance.state());
        String message = "refusing to detach volumes: instance " + t.instanceId() + " is " + state
                + ", not stopped; fence it (power off) first";
        throw power == PowerState.POWERING_OFF && "stopping".equals(state)
                ? new RetryableProviderException(t.describe(), DETACH, message)
                : new PermanentProviderException(t.describe(), DETACH, message);
    }

    /** The volumes attached to the instance, less its root volume. */
    private static List<Volume> attachedDataVolumes(Ec2Target t, Instance instance) {
        String root = instance.rootDeviceName();
        String rootVolume = instance.blockDeviceMappings().stream()
                .filter(m -> Objects.equals(m.deviceName(), root) && m.ebs() != null)
                .map(InstanceBlockDeviceMapping::ebs).map(e -> e.volumeId()).findFirst().orElse(null);
        List<Volume> result = new ArrayList<>();
        String token = null;
        do {
            String next = token;
            DescribeVolumesResponse page = t.budget().call(DESCRIBE_VOLUMES, o -> t.clients().ec2().describeVolumes(r -> r
                    .filters(Filter.builder().name("attachment.instance-id").values(t.instanceId()).build())
                    .nextToken(next).overrideConfiguration(o)));
            for (Volume v : page.volumes()) {
                VolumeAttachment a = attachmentTo(v, t.instanceId());
                boolean isRoot = v.volumeId().equals(rootVolume) || (a != null && Objects.equals(a.device(), root));
                if (a != null && !isRoot && a.state() != VolumeAttachmentState.DETACHED) {
                    result.add(v);
                }
            }
            token = page.nextToken();
        } while (token != null && !token.isEmpty());
        return result;
    }

    private static void awaitFree(Ec2Target t, List<String> ids) {
        DescribeVolumesRequest request = DescribeVolumesRequest.builder().volumeIds(ids)
                .overrideConfiguration(t.budget().override(DESCRIBE_VOLUMES)).build();
        try {
            Waiter.builder(DescribeVolumesResponse.class)
                    .addAcceptor(WaiterAcceptor.successOnResponseAcceptor(r -> allFree(r.volumes(), t.instanceId())))
                    .addAcceptor(WaiterAcceptor.retryOnResponseAcceptor(r -> true))
                    .addAcceptor(WaiterAcceptor.retryOnExceptionAcceptor(AwsErrors::isTransient))
                    .overrideConfiguration(t.budget().waiter(DESCRIBE_VOLUMES)).build()
                    .run(() -> t.clients().ec2().describeVolumes(request));
        } catch (SdkException e) {
            LOG.debug("aws provider: waiting for volumes {} of {} ended early: {}", ids, t.describe(),
                    t.budget().redact(e.toString()));
        }
        List<Volume> after = describe(t, ids);
        if (!allFree(after, t.instanceId())) {
            List<String> stuck = after.stream().filter(v -> !isFree(v, t.instanceId()))
                    .map(v -> v.volumeId() + " (" + v.stateAsString() + ")").toList();
            throw new RetryableProviderException(t.describe(), DETACH, "volumes still attached after the forced detach: "
                    + stuck);
        }
    }

    private static List<Volume> describe(Ec2Target t, List<String> ids) {
        return t.budget().call(DESCRIBE_VOLUMES, o -> t.clients().ec2().describeVolumes(r -> r.volumeIds(ids)
                .overrideConfiguration(o))).volumes();
    }

    private static boolean allFree(List<Volume> volumes, String instanceId) {
        return volumes.stream().allMatch(v -> isFree(v, instanceId));
    }

    /**
     * Free of this instance: no attachment to it is left (the volume is {@code available}, or already attached to
     * another instance, such as the node that now runs the pod, which means it was detached from this one).
     */
    private static boolean isFree(Volume v, String instanceId) {
        VolumeAttachment a = attachmentTo(v, instanceId);
        return a == null || a.state() == VolumeAttachmentState.DETACHED;
    }

    private static VolumeAttachment attachmentTo(Volume v, String instanceId) {
        return v.attachments().stream().filter(a -> instanceId.equals(a.instanceId())).findFirst().orElse(null);
    }
}
