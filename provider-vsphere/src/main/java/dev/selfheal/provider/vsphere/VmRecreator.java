package dev.selfheal.provider.vsphere;

import dev.selfheal.provider.vsphere.internal.CloneSpec;
import dev.selfheal.provider.vsphere.internal.MoRef;
import dev.selfheal.provider.vsphere.internal.VimClient;
import dev.selfheal.provider.vsphere.internal.VmSnapshot;
import dev.selfheal.spi.MachineRef;
import dev.selfheal.spi.PermanentProviderException;
import dev.selfheal.spi.ReplaceResult;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-creates a VM that was removed from the inventory, from its {@link VmProvenance}: clones the configured
 * template under the recorded name into the recorded folder, resource pool and datastore, with a new BIOS uuid,
 * and powers it on. Exactly once: a VM already carrying the recorded name in the recorded folder is the one
 * re-created before (by this healer before a restart, or by another), so it is powered on and reported instead of
 * cloning again; vCenter itself refuses a second VM of that name in the folder ({@code DuplicateName}). Only the
 * {@code template} strategy can re-create a removed VM ({@code source} needs the VM). Thread-safe.
 */
final class VmRecreator {

    private static final Logger LOG = LoggerFactory.getLogger(VmRecreator.class);

    private final VimClient client;
    private final VmReplacer replacer;
    private final PowerOperations power;
    private final VsphereProviderConfig config;
    private final Clock clock;

    VmRecreator(VimClient client, VmReplacer replacer, PowerOperations power, VsphereProviderConfig config, Clock clock) {
        this.client = client;
        this.replacer = replacer;
        this.power = power;
        this.config = config;
        this.clock = clock;
    }

    /** Re-creates the gone machine's VM (or finds it re-created) and returns once it is poweredOn. */
    ReplaceResult recreate(MachineRef machine) {
        String who = machine.describe();
        VmProvenance gone = VmProvenance.of(machine).orElseThrow(() -> new PermanentProviderException(who,
                "vim25:CloneVM_Task", "the VM is gone and its node recorded no " + VmProvenance.ANNOTATION));
        List<MoRef> named = VimErrors.call(who, () -> client.findVmsByName(gone.name(), gone.folder()));
        if (named.size() > 1) {
            throw new PermanentProviderException(who, "vim25:CloneVM_Task", named.size() + " VMs are named '" + gone.name()
                    + "' in folder " + gone.folder() + " " + named + "; not re-creating " + gone);
        }
        if (named.size() == 1) {
            VmSnapshot existing = VimErrors.call(who, () -> client.vm(named.get(0)));
            ensureOn(who, existing);
            LOG.info("vsphere provider: {} was re-created already as {}; not cloning again", gone, existing.describe());
            return result(machine, existing, "found " + existing.describe() + " already re-created in place of " + gone);
        }
        if (config.replaceStrategy() != VsphereProviderConfig.ReplaceStrategy.TEMPLATE) {
            throw new PermanentProviderException(who, "vim25:CloneVM_Task", gone + " was removed from the inventory;"
                    + " replace.strategy 'source' clones the VM itself and cannot re-create it: set replace.strategy=template");
        }
        VmSnapshot template = replacer.template(who);
        String uuid = UUID.randomUUID().toString();
        MoRef created = VimErrors.call(who, () -> client.cloneVm(template,
                new CloneSpec(gone.name(), gone.folder(), gone.pool(), gone.datastore(), uuid), config.timeouts().cloneTask()));
        VmSnapshot fresh = VimErrors.call(who, () -> client.vm(created));
        power.powerOn(who, fresh);
        LOG.info("vsphere provider: re-created removed {} from template {} as {}", gone, template.describe(), fresh.describe());
        return result(machine, fresh, "re-created removed " + gone + " from template " + template.describe() + " as "
                + fresh.describe() + ", new BIOS uuid " + fresh.biosUuid() + ", poweredOn");
    }

    private void ensureOn(String who, VmSnapshot vm) {
        if (VmHealth.power(vm) != dev.selfheal.spi.PowerState.ON) {
            power.powerOn(who, vm);
        }
    }

    private ReplaceResult result(MachineRef machine, VmSnapshot vm, String detail) {
        return new ReplaceResult(machine, vm.biosUuid(), ReplaceResult.Progress.COMPLETED, clock.instant(), detail);
    }
}
