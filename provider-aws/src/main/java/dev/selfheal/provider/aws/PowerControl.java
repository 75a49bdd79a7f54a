package dev.selfheal.provider.aws;

import dev.selfheal.spi.ActionResult;
import dev.selfheal.spi.Capability;
import dev.selfheal.spi.FenceResult;
import dev.selfheal.spi.PermanentProviderException;
import dev.selfheal.spi.PowerState;
import dev.selfheal.spi.RetryableProviderException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;

/**
 * Reboot, fence (forced stop, confirmed) and power-on of EC2 instances. Each call reads the state first, acts
 * only when needed (so repeating a call is safe), waits with the SDK's EC2 waiters and reads the state back
 * before it reports success.
 */
final class PowerControl {

    static final String REBOOT = "ec2:RebootInstances";
    static final String STOP = "ec2:StopInstances";
    static final String START = "ec2:StartInstances";
    private static final Logger LOG = LoggerFactory.getLogger(PowerControl.class);

    private PowerControl() {
    }

    /** Reboots a running instance and returns once EC2 reports it running. */
    static ActionResult reboot(Ec2Target t) {
        Instance i = InstanceReader.describe(t);
        InstanceStateName state = i.state() == null ? null : i.state().name();
        if (state != InstanceStateName.RUNNING) {
            throw notRunning(t, i);
        }
        t.budget().call(REBOOT, o -> t.clients().ec2().rebootInstances(r -> r.instanceIds(t.instanceId())
                .overrideConfiguration(o)));
        LOG.info("aws provider: rebooting {} (RebootInstances accepted)", t.describe());
        Instance after = InstanceReader.awaitRunning(t);
        if (InstanceStates.power(after.state()) != PowerState.ON) {
            throw new RetryableProviderException(t.describe(), REBOOT, "instance is "
                    + InstanceStates.name(after.state()) + " after the reboot, not running");
        }
        return new ActionResult(t.machine(), Capability.REBOOT, t.budget().now(),
                "RebootInstances accepted; instance " + t.instanceId() + " is running");
    }

    /**
     * Stops the instance with Force and returns only when EC2 reports it {@code stopped} (or
     * {@code terminated}). An instance already stopped or terminated is confirmed without acting.
     */
    static FenceResult powerOff(Ec2Target t) {
        Instance i = InstanceReader.describe(t);
        PowerState power = InstanceStates.power(i.state());
        if (power.isFenced()) {
            return confirmed(t, power, "already " + InstanceStates.name(i.state()));
        }
        Instance after;
        if (i.state() != null && i.state().name() == InstanceStateName.SHUTTING_DOWN) {
            after = InstanceReader.awaitTerminated(t);
        } else {
            t.budget().call(STOP, o -> t.clients().ec2().stopInstances(r -> r.instanceIds(t.instanceId()).force(true)
                    .overrideConfiguration(o)));
            LOG.info("aws provider: force-stopping {} to fence it (was {})", t.describe(), InstanceStates.name(i.state()));
            after = InstanceReader.awaitStopped(t);
        }
        PowerState now = InstanceStates.power(after.state());
        if (!now.isFenced()) {
            throw t.budget().remaining().isNegative()
                    ? t.budget().exhausted(STOP, "instance " + t.instanceId() + " is still "
                            + InstanceStates.name(after.state()) + ", not stopped; it is NOT fenced")
                    : new RetryableProviderException(t.describe(), STOP, "instance is " + InstanceStates.name(after.state())
                            + " after the forced stop, not stopped; it is NOT fenced");
        }
        return confirmed(t, now, "force-stopped");
    }

    /** Starts a stopped instance (waiting out a stop in progress first) and returns once it is running. */
    static ActionResult powerOn(Ec2Target t) {
        Instance i = InstanceReader.describe(t);
        InstanceStateName state = i.state() == null ? null : i.state().name();
        if (state == InstanceStateName.RUNNING) {
            return new ActionResult(t.machine(), Capability.POWER_ON, t.budget().now(), "already running");
        }
        if (state == InstanceStateName.TERMINATED || state == InstanceStateName.SHUTTING_DOWN) {
            throw new PermanentProviderException(t.describe(), START, "instance is " + InstanceStates.name(i.state())
                    + " and cannot be started again; replace it instead");
        }
        if (state == InstanceStateName.STOPPING) {
            i = InstanceReader.awaitStopped(t);
        }
        if (i.state() != null && i.state().name() == InstanceStateName.STOPPED) {
            t.budget().call(START, o -> t.clients().ec2().startInstances(r -> r.instanceIds(t.instanceId())
                    .overrideConfiguration(o)));
            LOG.info("aws provider: starting {}", t.describe());
        }
        Instance after = InstanceReader.awaitRunning(t);
        if (InstanceStates.power(after.state()) != PowerState.ON) {
            throw new RetryableProviderException(t.describe(), START, "instance is " + InstanceStates.name(after.state())
                    + " after StartInstances, not running");
        }
        return new ActionResult(t.machine(), Capability.POWER_ON, t.budget().now(),
                "StartInstances accepted; instance " + t.instanceId() + " is running");
    }

    private static FenceResult confirmed(Ec2Target t, PowerState state, String how) {
        LOG.info("aws provider: {} is fenced ({}; EC2 reports {})", t.describe(), how, state);
        return new FenceResult(t.machine(), state, t.budget().now());
    }

    private static RuntimeException notRunning(Ec2Target t, Instance i) {
        String state = InstanceStates.name(i.state());
        PowerState power = InstanceStates.power(i.state());
        if (power == PowerState.POWERING_ON) {
            return new RetryableProviderException(t.describe(), REBOOT, "instance is " + state
                    + "; reboot needs a running instance");
        }
        return new PermanentProviderException(t.describe(), REBOOT, "instance is " + state
                + "; reboot needs a running instance" + (power == PowerState.OFF ? " (power it on instead)" : ""));
    }
}
