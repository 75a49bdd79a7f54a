package dev.selfheal.provider.aws;

import dev.selfheal.spi.MachineNotFoundException;
import dev.selfheal.spi.MachineStatus;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesRequest;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStatus;
import software.amazon.awssdk.services.ec2.model.Reservation;
import software.amazon.awssdk.services.ec2.waiters.Ec2Waiter;

/** Reads an instance, its status checks, and waits (with the SDK's EC2 waiters) for its state. */
final class InstanceReader {

    static final String DESCRIBE = "ec2:DescribeInstances";
    static final String DESCRIBE_STATUS = "ec2:DescribeInstanceStatus";
    private static final Logger LOG = LoggerFactory.getLogger(InstanceReader.class);

    private InstanceReader() {
    }

    /**
     * The instance as EC2 describes it now.
     *
     * @throws MachineNotFoundException when EC2 does not know it
     */
    static Instance describe(Ec2Target t) {
        List<Instance> found = t.budget().call(DESCRIBE, o -> t.clients().ec2()
                .describeInstances(r -> r.instanceIds(t.instanceId()).overrideConfiguration(o)))
                .reservations().stream().map(Reservation::instances).flatMap(List::stream)
                .filter(i -> t.instanceId().equals(i.instanceId())).toList();
        if (found.isEmpty()) {
            throw new MachineNotFoundException(t.describe(), DESCRIBE, "EC2 returned no instance " + t.instanceId());
        }
        return found.get(0);
    }

    /**
     * Power state plus system and instance status checks (DescribeInstanceStatus with IncludeAllInstances),
     * falling back to DescribeInstances for the state when EC2 has no status for the instance.
     */
    static MachineStatus status(Ec2Target t) {
        List<InstanceStatus> statuses = t.budget().call(DESCRIBE_STATUS, o -> t.clients().ec2()
                .describeInstanceStatus(r -> r.instanceIds(t.instanceId()).includeAllInstances(true)
                        .overrideConfiguration(o))).instanceStatuses();
        InstanceStatus s = statuses.stream().filter(x -> t.instanceId().equals(x.instanceId())).findFirst().orElse(null);
        if (s == null) {
            Instance i = describe(t);
            return new MachineStatus(t.machine(), InstanceStates.power(i.state()), List.of(), t.budget().now());
        }
        return new MachineStatus(t.machine(), InstanceStates.power(s.instanceState()), StatusFindings.of(s),
                t.budget().now());
    }

    /** Waits until the instance is stopped (or the wait ends otherwise), then reads it back. */
    static Instance awaitStopped(Ec2Target t) {
        return await(t, "stopped", (w, c) -> w.waitUntilInstanceStopped(request(t), c));
    }

    /** Waits until the instance is running (or the wait ends otherwise), then reads it back. */
    static Instance awaitRunning(Ec2Target t) {
        return await(t, "running", (w, c) -> w.waitUntilInstanceRunning(request(t), c));
    }

    /** Waits until the instance is terminated (or the wait ends otherwise), then reads it back. */
    static Instance awaitTerminated(Ec2Target t) {
        return await(t, "terminated", (w, c) -> w.waitUntilInstanceTerminated(request(t), c));
    }

    private static DescribeInstancesRequest request(Ec2Target t) {
        return DescribeInstancesRequest.builder().instanceIds(t.instanceId())
                .overrideConfiguration(t.budget().override(DESCRIBE)).build();
    }

    /**
     * Runs an SDK waiter within the budget. The waiter ending early (a failure state, a dropped poll, the
     * budget) is not an answer by itself: the caller decides on the state read back afterwards.
     */
    private static Instance await(Ec2Target t, String state, WaiterCall call) {
        WaiterOverrideConfiguration config = t.budget().waiter(DESCRIBE);
        try {
            call.run(t.clients().ec2Waiter(), config);
        } catch (SdkException e) {
            LOG.debug("aws provider: waiting for {} to be {} ended early: {}", t.describe(), state,
                    t.budget().redact(e.toString()));
        }
        return describe(t);
    }

    @FunctionalInterface
    private interface WaiterCall {
        void run(Ec2Waiter waiter, WaiterOverrideConfiguration config);
    }
}
