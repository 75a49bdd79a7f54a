package dev.selfheal.provider.vsphere;

import dev.selfheal.provider.vsphere.internal.VimClient;
import dev.selfheal.provider.vsphere.internal.VmSnapshot;
import dev.selfheal.spi.ActionResult;
import dev.selfheal.spi.Capability;
import dev.selfheal.spi.DetachResult;
import dev.selfheal.spi.FenceResult;
import dev.selfheal.spi.HealthFinding;
import dev.selfheal.spi.InfrastructureProvider;
import dev.selfheal.spi.MachineRef;
import dev.selfheal.spi.MachineStatus;
import dev.selfheal.spi.NodeDescriptor;
import dev.selfheal.spi.PermanentProviderException;
import dev.selfheal.spi.PowerState;
import dev.selfheal.spi.ReplaceResult;
import dev.selfheal.spi.UnsupportedCapabilityException;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code vsphere} provider: nodes are vSphere VMs found by their {@code vsphere://<bios-uuid>} providerID.
 * Reboot is a hard reset, fencing a hard power-off confirmed by vCenter, detaching removes the data disks
 * while keeping their files, and replace re-creates the VM (when {@code replace.strategy} allows). A VM removed from
 * the inventory is {@code GONE} only on proof ({@link MachineLocator#findOrGone}): then it counts as fenced, holds no
 * disk, and replace re-creates it from the {@link VmProvenance} its Node recorded, exactly once. Create it
 * with {@link VsphereProviderFactory}. Thread-safe; {@link #close()} logs out.
 */
public final class VsphereProvider implements InfrastructureProvider {

    private final VsphereProviderConfig config;
    private final VimClient client;
    private final Clock clock;
    private final MachineLocator locator;
    private final PowerOperations power;
    private final DiskDetacher detacher;
    private final VmReplacer replacer;
    private final VmRecreator recreator;
    private final Set<Capability> capabilities;

    VsphereProvider(VsphereProviderConfig config, VimClient client, Clock clock) {
        this.config = config;
        this.client = client;
        this.clock = clock;
        this.locator = new MachineLocator(client, config);
        this.power = new PowerOperations(client, locator, config.timeouts().task(), clock);
        this.detacher = new DiskDetacher(client, locator, config.timeouts().task(), clock);
        this.replacer = new VmReplacer(client, locator, power, detacher, config, clock);
        this.recreator = new VmRecreator(client, replacer, power, config, clock);
        EnumSet<Capability> caps = EnumSet.of(Capability.POWER_STATUS, Capability.REBOOT, Capability.POWER_OFF,
                Capability.POWER_ON, Capability.DETACH_VOLUMES);
        if (config.replaceStrategy() != VsphereProviderConfig.ReplaceStrategy.NONE) {
            caps.add(Capability.REPLACE);
        }
        this.capabilities = Set.copyOf(caps);
    }

    @Override
    public String type() {
        return MachineLocator.TYPE;
    }

    @Override
    public Set<Capability> capabilities() {
        return capabilities;
    }

    @Override
    public Optional<MachineRef> resolve(NodeDescriptor node) {
        return locator.resolve(node);
    }

    /**
     * Reads {@code runtime.powerState}, {@code runtime.connectionState} and {@code overallStatus}; {@code GONE} with
     * finding {@code VirtualMachine.removed} when the VM is proven removed ({@link MachineLocator#findOrGone}).
     */
    @Override
    public MachineStatus status(MachineRef machine) {
        Optional<VmSnapshot> vm = locator.findOrGone(machine);
        if (vm.isPresent()) {
            return VmHealth.status(machine, vm.get(), clock.instant());
        }
        return new MachineStatus(machine, PowerState.GONE, List.of(new HealthFinding(HealthFinding.Severity.CRITICAL,
                "VirtualMachine.removed", "no VM with BIOS uuid " + machine.id() + " is left in the inventory, where "
                + VmProvenance.of(machine).map(VmProvenance::toString).orElse("it") + " was recorded")), clock.instant());
    }

    /** The node's {@link VmProvenance}, as the annotation {@value VmProvenance#ANNOTATION}. */
    @Override
    public Map<String, String> provenance(MachineRef machine) {
        VmSnapshot vm = locator.find(machine);
        try {
            return Map.of(VmProvenance.ANNOTATION, VmProvenance.of(vm).format());
        } catch (IllegalArgumentException e) {
            throw new PermanentProviderException(machine.describe(), "provenance", e.getMessage());
        }
    }

    /** A hard reset ({@code ResetVM_Task}) of a running VM; returns once it is poweredOn again. */
    @Override
    public ActionResult reboot(MachineRef machine) {
        return power.reboot(machine);
    }

    /**
     * {@code PowerOffVM_Task}, then returns only once vCenter reports the VM poweredOff; a VM proven removed is
     * confirmed {@code GONE} at once.
     */
    @Override
    public FenceResult powerOff(MachineRef machine) {
        Optional<VmSnapshot> vm = locator.findOrGone(machine);
        if (vm.isEmpty()) {
            return new FenceResult(machine, PowerState.GONE, clock.instant());
        }
        power.fence(machine, vm.get());
        return new FenceResult(machine, PowerState.OFF, clock.instant());
    }

    /** {@code PowerOnVM_Task}; returns once the VM is poweredOn. */
    @Override
    public ActionResult powerOn(MachineRef machine) {
        return power.powerOn(machine);
    }

    /**
     * Re-creates the VM; see {@link VsphereProviderConfig.ReplaceStrategy}. A VM proven removed is re-created from its
     * provenance, exactly once ({@link VmRecreator}).
     */
    @Override
    public ReplaceResult replace(MachineRef machine) {
        if (!capabilities.contains(Capability.REPLACE)) {
            throw new UnsupportedCapabilityException(machine.describe(), Capability.REPLACE,
                    "replace.strategy is 'none'; set it to template or source");
        }
        return locator.findOrGone(machine).isPresent() ? replacer.replace(machine) : recreator.recreate(machine);
    }

    /** Removes the data disks of a VM confirmed off, keeping their vmdk files. */
    @Override
    public DetachResult detachVolumes(MachineRef machine) {
        return detacher.detach(machine);
    }

    /** The replace step that destroys a VM, with its guards (for tests in this package). */
    VmReplacer replacer() {
        return replacer;
    }

    /** The vim25 client (for tests in this package). */
    VimClient client() {
        return client;
    }

    /** Logs out and releases the connection. */
    @Override
    public void close() {
        client.close();
    }

    @Override
    public String toString() {
        return "VsphereProvider[" + config.url() + ", user " + config.username() + "]";
    }
}
