package dev.selfheal.provider.vsphere;

import dev.selfheal.provider.vsphere.internal.VimClient;
import dev.selfheal.provider.vsphere.internal.VimTaskFailedException;
import dev.selfheal.provider.vsphere.internal.VmSnapshot;
import dev.selfheal.spi.ActionResult;
import dev.selfheal.spi.Capability;
import dev.selfheal.spi.FenceResult;
import dev.selfheal.spi.MachineRef;
import dev.selfheal.spi.PermanentProviderException;
import dev.selfheal.spi.PowerState;
import dev.selfheal.spi.RetryableProviderException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Reset, fence (power off, confirmed) and power on. Each waits for its task and then for the power state it
 * promises, within one {@code timeout.task} deadline. Thread-safe.
 */
final class PowerOperations {

    private final VimClient client;
    private final MachineLocator locator;
    private final Duration limit;
    private final Clock clock;

    PowerOperations(VimClient client, MachineLocator locator, Duration taskLimit, Clock clock) {
        this.client = client;
        this.locator = locator;
        this.limit = taskLimit;
        this.clock = clock;
    }

    /** {@code ResetVM_Task} on a running VM, then waits until it is poweredOn. */
    ActionResult reboot(MachineRef machine) {
        VmSnapshot vm = locator.find(machine);
        String who = machine.describe();
        requireConnected(machine, vm, "vim25:ResetVM_Task");
        if (VmHealth.power(vm) != PowerState.ON) {
            throw new PermanentProviderException(who, "vim25:ResetVM_Task", "refusing to reset " + vm.describe()
                    + ": it is not running (" + VmHealth.describeState(vm) + "); power it on instead");
        }
        Instant deadline = clock.instant().plus(limit);
        VimErrors.call(who, () -> {
            client.resetVm(vm, limit);
            client.awaitPowerState(vm, "poweredOn", left(deadline));
            return null;
        });
        return new ActionResult(machine, Capability.REBOOT, clock.instant(), "reset " + vm.describe()
                + " (ResetVM_Task); it is poweredOn");
    }

    /**
     * Powers the VM off (when needed) and returns a fresh snapshot that confirms it is off.
     *
     * @throws RetryableProviderException when vCenter cannot confirm it (host not connected, time-out)
     */
    VmSnapshot fence(MachineRef machine, VmSnapshot vm) {
        if (VmHealth.confirmedOff(vm)) {
            return vm;
        }
        String who = machine.describe();
        requireConnected(machine, vm, "vim25:PowerOffVM_Task");
        Instant deadline = clock.instant().plus(limit);
        VmSnapshot after = VimErrors.call(who, () -> {
            try {
                client.powerOffVm(vm, limit);
            } catch (VimTaskFailedException e) {
                if (!e.is("InvalidPowerState")) {
                    throw e;
                }
                // it went off meanwhile (another power-off won the race); the read-back below decides
            }
            client.awaitPowerState(vm, "poweredOff", left(deadline));
            return client.vm(vm.ref());
        });
        if (!VmHealth.confirmedOff(after)) {
            throw new RetryableProviderException(who, "vim25:PowerOffVM_Task", after.describe()
                    + " is not confirmed off after the power-off (" + VmHealth.describeState(after) + ")");
        }
        return after;
    }

    /** {@code PowerOnVM_Task} unless already running, then waits until it is poweredOn. */
    ActionResult powerOn(MachineRef machine) {
        VmSnapshot vm = locator.find(machine);
        if (VmHealth.power(vm) == PowerState.ON) {
            return new ActionResult(machine, Capability.POWER_ON, clock.instant(), vm.describe() + " was already poweredOn");
        }
        requireConnected(machine, vm, "vim25:PowerOnVM_Task");
        powerOn(machine.describe(), vm);
        return new ActionResult(machine, Capability.POWER_ON, clock.instant(), "powered on " + vm.describe()
                + " (PowerOnVM_Task); it is poweredOn");
    }

    /** Powers on a VM and waits until it runs. */
    void powerOn(String who, VmSnapshot vm) {
        Instant deadline = clock.instant().plus(limit);
        VimErrors.call(who, () -> {
            client.powerOnVm(vm, limit);
            client.awaitPowerState(vm, "poweredOn", left(deadline));
            return null;
        });
    }

    private static void requireConnected(MachineRef machine, VmSnapshot vm, String op) {
        if (!"connected".equals(vm.connectionState())) {
            throw new RetryableProviderException(machine.describe(), op, "vCenter cannot act on " + vm.describe()
                    + " while its " + VmHealth.describeState(vm) + "; the host must answer vCenter first");
        }
    }

    /** What is left of a deadline, at least one second so the last wait can still see a final state. */
    private Duration left(Instant deadline) {
        Duration d = Duration.between(clock.instant(), deadline);
        return d.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : d;
    }
}
