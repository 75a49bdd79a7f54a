package dev.selfheal.provider.vsphere;

import dev.selfheal.provider.vsphere.internal.VimClient;
import dev.selfheal.provider.vsphere.internal.VirtualDiskDevice;
import dev.selfheal.provider.vsphere.internal.VmSnapshot;
import dev.selfheal.spi.DetachResult;
import dev.selfheal.spi.MachineRef;
import dev.selfheal.spi.PermanentProviderException;
import dev.selfheal.spi.RetryableProviderException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Detaches a fenced VM's data disks: one {@code ReconfigVM_Task} removes every virtual disk but the boot
 * disk, without a file operation, so the vmdk files (the persistent volumes) stay on their datastore.
 * Refuses a VM that is not confirmed off. Thread-safe.
 */
final class DiskDetacher {

    private final VimClient client;
    private final MachineLocator locator;
    private final Duration limit;
    private final Clock clock;

    DiskDetacher(VimClient client, MachineLocator locator, Duration taskLimit, Clock clock) {
        this.client = client;
        this.locator = locator;
        this.limit = taskLimit;
        this.clock = clock;
    }

    /**
     * See {@link dev.selfheal.spi.InfrastructureProvider#detachVolumes(MachineRef)}. A VM proven removed holds no disk:
     * nothing to detach.
     */
    DetachResult detach(MachineRef machine) {
        java.util.Optional<VmSnapshot> vm = locator.findOrGone(machine);
        if (vm.isEmpty()) {
            return new DetachResult(machine, List.of(), clock.instant());
        }
        List<VirtualDiskDevice> detached = detach(machine, vm.get());
        return new DetachResult(machine, detached.stream().map(DiskDetacher::volumeId).toList(), clock.instant());
    }

    /**
     * Detaches the data disks of a VM that must be confirmed off, and confirms from a fresh read that none
     * is attached any more.
     *
     * @return the disks that were detached (empty when there were none)
     */
    List<VirtualDiskDevice> detach(MachineRef machine, VmSnapshot vm) {
        String who = machine.describe();
        if (!VmHealth.confirmedOff(vm)) {
            throw new PermanentProviderException(who, "vim25:ReconfigVM_Task", "refusing to detach the disks of "
                    + vm.describe() + ": it is not confirmed off (" + VmHealth.describeState(vm) + "); fence it first");
        }
        List<VirtualDiskDevice> data = vm.dataDisks();
        if (data.isEmpty()) {
            return List.of();
        }
        VmSnapshot after = VimErrors.call(who, () -> {
            client.removeDisks(vm, data, limit);
            return client.vm(vm.ref());
        });
        Set<Integer> still = after.disks().stream().map(VirtualDiskDevice::key).collect(Collectors.toSet());
        List<VirtualDiskDevice> left = data.stream().filter(d -> still.contains(d.key())).toList();
        if (!left.isEmpty()) {
            throw new RetryableProviderException(who, "vim25:ReconfigVM_Task", "the reconfiguration of " + vm.describe()
                    + " succeeded but these disks are still attached: " + left);
        }
        return data;
    }

    /** The id reported for a disk: its datastore path, else its label. */
    static String volumeId(VirtualDiskDevice d) {
        return Objects.requireNonNullElse(d.fileName(), Objects.requireNonNullElse(d.label(), "disk-" + d.key()));
    }
}
