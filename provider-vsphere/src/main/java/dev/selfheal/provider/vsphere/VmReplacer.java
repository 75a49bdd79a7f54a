package dev.selfheal.provider.vsphere;

import dev.selfheal.provider.vsphere.internal.CloneSpec;
import dev.selfheal.provider.vsphere.internal.MoRef;
import dev.selfheal.provider.vsphere.internal.VimClient;
import dev.selfheal.provider.vsphere.internal.VirtualDiskDevice;
import dev.selfheal.provider.vsphere.internal.VmSnapshot;
import dev.selfheal.spi.MachineRef;
import dev.selfheal.spi.PermanentProviderException;
import dev.selfheal.spi.ProviderException;
import dev.selfheal.spi.ReplaceResult;
import dev.selfheal.spi.RetryableProviderException;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Re-creates an irrecoverable node's VM under the same name, in the same folder, resource pool and
 * datastore, with a new BIOS uuid, so that the node registers again. The old VM is fenced and its data
 * disks detached before anything destructive, and it is destroyed only when confirmed off with no data
 * disk attached. With {@code template} the template is cloned after the old VM is destroyed; with
 * {@code source} the old VM is cloned first under a temporary name, then destroyed, and the clone renamed.
 * Thread-safe.
 */
final class VmReplacer {

    private final VimClient client;
    private final MachineLocator locator;
    private final PowerOperations power;
    private final DiskDetacher detacher;
    private final VsphereProviderConfig config;
    private final Clock clock;

    /** Where the new VM goes: the old VM's folder, pool and home datastore. */
    private record Placement(MoRef folder, MoRef pool, MoRef datastore) {
        @Override
        public String toString() {
            return "folder " + folder.value() + ", pool " + pool.value() + (datastore == null ? "" : ", datastore " + datastore.value());
        }
    }

    VmReplacer(VimClient client, MachineLocator locator, PowerOperations power, DiskDetacher detacher,
               VsphereProviderConfig config, Clock clock) {
        this.client = client;
        this.locator = locator;
        this.power = power;
        this.detacher = detacher;
        this.config = config;
        this.clock = clock;
    }

    /** See {@link dev.selfheal.spi.InfrastructureProvider#replace(MachineRef)}. */
    ReplaceResult replace(MachineRef machine) {
        String who = machine.describe();
        VmSnapshot old = locator.find(machine);
        if (old.template()) {
            throw new PermanentProviderException(who, "vim25:CloneVM_Task", old.describe() + " is a template, not a node's VM");
        }
        Placement where = placement(who, old);
        VmSnapshot template = config.replaceStrategy() == VsphereProviderConfig.ReplaceStrategy.TEMPLATE ? template(who) : null;
        VmSnapshot off = power.fence(machine, old);
        List<VirtualDiskDevice> detached = detacher.detach(machine, off);
        requireDisksSurvive(who, off, detached);
        String uuid = UUID.randomUUID().toString();
        MoRef created = template != null ? fromTemplate(who, off, template, where, uuid) : fromItself(who, off, where, uuid);
        VmSnapshot fresh = read(who, created);
        power.powerOn(who, fresh);
        String from = template != null ? "template " + template.describe() : "a clone of itself";
        return new ReplaceResult(machine, fresh.biosUuid(), ReplaceResult.Progress.COMPLETED, clock.instant(),
                "re-created " + fresh.describe() + " from " + from + " (" + where + "), new BIOS uuid " + fresh.biosUuid()
                        + ", poweredOn; detached disks kept: " + detached.stream().map(DiskDetacher::volumeId).toList());
    }

    /**
     * Destroys a VM, refusing one that is not confirmed off or that still has data disks attached (a fresh
     * read decides).
     */
    void destroy(String who, VmSnapshot vm) {
        VmSnapshot now = read(who, vm.ref());
        if (!VmHealth.confirmedOff(now)) {
            throw new PermanentProviderException(who, "vim25:Destroy_Task", "refusing to destroy " + now.describe()
                    + ": it is not confirmed off (" + VmHealth.describeState(now) + ")");
        }
        if (!now.dataDisks().isEmpty()) {
            throw new PermanentProviderException(who, "vim25:Destroy_Task", "refusing to destroy " + now.describe()
                    + ": data disks are still attached " + now.dataDisks() + "; detach them first");
        }
        VimErrors.call(who, () -> {
            client.destroyVm(now, config.timeouts().task());
            return null;
        });
    }

    private MoRef fromTemplate(String who, VmSnapshot old, VmSnapshot template, Placement where, String uuid) {
        destroy(who, old);
        return afterDestroy(who, old, () -> VimErrors.call(who, () -> client.cloneVm(template,
                new CloneSpec(old.name(), where.folder(), where.pool(), where.datastore(), uuid), config.timeouts().cloneTask())));
    }

    private MoRef fromItself(String who, VmSnapshot old, Placement where, String uuid) {
        String temporary = old.name() + "-selfheal-" + uuid.substring(0, 8);
        MoRef clone = VimErrors.call(who, () -> client.cloneVm(old,
                new CloneSpec(temporary, where.folder(), where.pool(), where.datastore(), uuid), config.timeouts().cloneTask()));
        destroy(who, old);
        return afterDestroy(who, old, () -> {
            VmSnapshot c = read(who, clone);
            VimErrors.call(who, () -> {
                client.renameVm(c, old.name(), config.timeouts().task());
                return null;
            });
            return clone;
        });
    }

    /** Runs a step after the old VM was destroyed, saying so when it fails. */
    private static MoRef afterDestroy(String who, VmSnapshot old, Supplier<MoRef> step) {
        try {
            return step.get();
        } catch (ProviderException e) {
            String message = old.describe() + " was destroyed, but re-creating it failed: " + e.getMessage();
            throw e.isRetryable() ? new RetryableProviderException(who, e.operation(), message, e)
                    : new PermanentProviderException(who, e.operation(), message, e);
        }
    }

    private Placement placement(String who, VmSnapshot vm) {
        if (vm.parent() == null || !vm.parent().is("Folder") || vm.resourcePool() == null) {
            throw new PermanentProviderException(who, "vim25:CloneVM_Task", "cannot tell where " + vm.describe()
                    + " lives (parent " + vm.parent() + ", resourcePool " + vm.resourcePool() + "); it cannot be re-created");
        }
        MoRef datastore = vm.bootDisk().map(VirtualDiskDevice::datastore)
                .orElse(vm.datastores().isEmpty() ? null : vm.datastores().get(0));
        return new Placement(vm.parent(), vm.resourcePool(), datastore);
    }

    VmSnapshot template(String who) {
        String t = config.replaceTemplate().orElseThrow();
        return VimErrors.call(who, () -> {
            MoRef ref;
            if (t.contains("/")) {
                ref = client.findByInventoryPath(t).filter(r -> r.is("VirtualMachine")).orElseThrow(() ->
                        new PermanentProviderException(who, "vim25:FindByInventoryPath", "replace.template '" + t
                                + "' is not a VM or template in " + config.url()));
            } else {
                List<MoRef> found = client.findVmsByName(t, null);
                if (found.size() != 1) {
                    throw new PermanentProviderException(who, "vim25:RetrievePropertiesEx", "replace.template '" + t
                            + "' names " + found.size() + " VMs or templates in " + config.url() + "; it must name one"
                            + " (use an inventory path such as DC0/vm/templates/" + t + ")");
                }
                ref = found.get(0);
            }
            return client.vm(ref);
        });
    }

    private void requireDisksSurvive(String who, VmSnapshot vm, List<VirtualDiskDevice> detached) {
        List<VirtualDiskDevice> doomed = detached.stream().filter(vm::inVmDirectory).toList();
        if (!doomed.isEmpty() && !config.allowDeletingVmFolderDisks()) {
            throw new PermanentProviderException(who, "vim25:Destroy_Task", "refusing to destroy " + vm.describe()
                    + ": detached disks " + doomed + " lie in its own folder " + vm.vmDirectory() + " and would be deleted"
                    + " with it; move them or set replace.allowDeletingVmFolderDisks=true. The VM is off with its data disks detached.");
        }
    }

    private VmSnapshot read(String who, MoRef ref) {
        return VimErrors.call(who, () -> client.vm(ref));
    }
}
