package dev.selfheal.provider.vsphere;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selfheal.provider.vsphere.internal.VcsimInventory;
import dev.selfheal.provider.vsphere.internal.VirtualDiskDevice;
import dev.selfheal.provider.vsphere.internal.VmSnapshot;
import dev.selfheal.spi.ActionResult;
import dev.selfheal.spi.Capability;
import dev.selfheal.spi.DetachResult;
import dev.selfheal.spi.FenceResult;
import dev.selfheal.spi.HealthFinding;
import dev.selfheal.spi.InvalidMachineReferenceException;
import dev.selfheal.spi.MachineNotFoundException;
import dev.selfheal.spi.MachineRef;
import dev.selfheal.spi.MachineStatus;
import dev.selfheal.spi.NodeDescriptor;
import dev.selfheal.spi.PermanentProviderException;
import dev.selfheal.spi.PowerState;
import dev.selfheal.spi.UnsupportedCapabilityException;
import dev.selfheal.testbed.vsphere.Vcsim;
import dev.selfheal.testbed.vsphere.VcsimExtension;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every capability of the provider against vcsim's default inventory, each test on VMs of its own. */
@ExtendWith(VcsimExtension.class)
class VsphereProviderIT {

    private VcsimInventory inventory;
    private VsphereProvider provider;

    @BeforeEach
    void setUp(Vcsim vc) {
        inventory = new VcsimInventory(vc);
        provider = TestProviders.create(TestProviders.config(vc).build());
    }

    @AfterEach
    void tearDown() {
        provider.close();
        inventory.close();
    }

    private MachineRef resolve(VmSnapshot vm) {
        return provider.resolve(NodeDescriptor.of(vm.name(), "vsphere://" + vm.biosUuid())).orElseThrow();
    }

    @Test
    void resolvesTheProviderIdAndReportsPowerStatusAsFindings() {
        VmSnapshot vm = inventory.freshVm("status");

        MachineRef ref = provider.resolve(NodeDescriptor.of("worker-1", "vsphere://" + vm.biosUuid().toUpperCase(Locale.ROOT)))
                .orElseThrow();
        MachineStatus status = provider.status(ref);

        assertThat(ref.providerType()).isEqualTo("vsphere");
        assertThat(ref.id()).isEqualTo(vm.biosUuid());
        assertThat(status.power()).isEqualTo(PowerState.ON);
        assertThat(status.findings()).extracting(HealthFinding::code)
                .containsExactly("PowerState.poweredOn", "ConnectionState.connected", "OverallStatus.green");
        assertThat(status.findings()).allMatch(f -> f.severity() == HealthFinding.Severity.OK);
        assertThat(status.findings().get(0).message()).contains(vm.name());
        assertThat(status.isHealthy()).isTrue();
    }

    @Test
    void resolveLeavesOtherSchemesAloneAndRejectsMalformedIds() {
        assertThat(provider.resolve(NodeDescriptor.of("n1", "aws:///us-east-1a/i-0abc"))).isEmpty();
        assertThat(provider.resolve(NodeDescriptor.of("n2", null))).isEmpty();
        assertThatThrownBy(() -> provider.resolve(NodeDescriptor.of("n3", "vsphere://not-a-uuid")))
                .isInstanceOf(InvalidMachineReferenceException.class)
                .hasMessageContaining("n3").hasMessageContaining("vsphere://not-a-uuid").hasMessageContaining("bios-uuid");
    }

    @Test
    void anUnknownUuidIsAClearPermanentError() {
        String uuid = UUID.randomUUID().toString();
        MachineRef ghost = provider.resolve(NodeDescriptor.of("ghost", "vsphere://" + uuid)).orElseThrow();

        assertThatThrownBy(() -> provider.status(ghost))
                .isInstanceOf(MachineNotFoundException.class)
                .hasMessageContaining(uuid).hasMessageContaining("vim25:FindByUuid").hasMessageContaining("node ghost")
                .satisfies(e -> assertThat(((MachineNotFoundException) e).isRetryable()).isFalse());
        assertThatThrownBy(() -> provider.powerOff(ghost)).isInstanceOf(MachineNotFoundException.class);
        assertThatThrownBy(() -> provider.detachVolumes(ghost)).isInstanceOf(MachineNotFoundException.class);
    }

    @Test
    void nodesWithoutProviderIdAreFoundByNameOrInventoryPathWhenConfigured(Vcsim vc) {
        VmSnapshot vm = inventory.freshVm("lookup");
        try (VsphereProvider byName = TestProviders.create(vc, b -> b.set("lookup.fallback", "name").set("datacenter", "DC0"));
             VsphereProvider byPath = TestProviders.create(vc, b -> b.set("lookup.fallback", "path")
                     .set("lookup.pathTemplate", "DC0/vm/{node}"))) {
            MachineRef named = byName.resolve(NodeDescriptor.of(vm.name(), null)).orElseThrow();
            MachineRef pathed = byPath.resolve(NodeDescriptor.of(vm.name(), null)).orElseThrow();

            assertThat(named.id()).isEqualTo(vm.biosUuid());
            assertThat(named.attribute("vmName")).isEqualTo(vm.name());
            assertThat(pathed.id()).isEqualTo(vm.biosUuid());
            assertThat(byPath.status(pathed).power()).isEqualTo(PowerState.ON);
            assertThatThrownBy(() -> byName.resolve(NodeDescriptor.of("no-such-vm", null)))
                    .isInstanceOf(MachineNotFoundException.class).hasMessageContaining("no VM named 'no-such-vm'");
            assertThatThrownBy(() -> byPath.resolve(NodeDescriptor.of("no-such-vm", null)))
                    .isInstanceOf(MachineNotFoundException.class).hasMessageContaining("DC0/vm/no-such-vm");
        }
    }

    @Test
    void rebootResetsARunningVmAndRefusesOneThatIsOff() {
        VmSnapshot vm = inventory.freshVm("reboot");
        MachineRef ref = resolve(vm);

        ActionResult r = provider.reboot(ref);

        assertThat(r.action()).isEqualTo(Capability.REBOOT);
        assertThat(r.detail()).contains("ResetVM_Task").contains(vm.name());
        assertThat(inventory.succeededTasks(vm)).contains("VirtualMachine.reset");
        assertThat(provider.status(ref).power()).isEqualTo(PowerState.ON);

        provider.powerOff(ref);
        assertThatThrownBy(() -> provider.reboot(ref)).isInstanceOf(PermanentProviderException.class)
                .hasMessageContaining("vim25:ResetVM_Task").hasMessageContaining("not running")
                .hasMessageContaining("poweredOff");
    }

    @Test
    void powerOffIsConfirmedAndIdempotentAndPowerOnBringsItBack() {
        VmSnapshot vm = inventory.freshVm("fence");
        MachineRef ref = resolve(vm);

        FenceResult fenced = provider.powerOff(ref);
        assertThat(fenced.confirmedState()).isEqualTo(PowerState.OFF);
        assertThat(inventory.client().vm(vm.ref()).powerState()).isEqualTo("poweredOff");
        assertThat(provider.status(ref).power()).isEqualTo(PowerState.OFF);
        assertThat(provider.powerOff(ref).confirmedState()).as("fencing a VM that is off confirms at once")
                .isEqualTo(PowerState.OFF);

        ActionResult on = provider.powerOn(ref);
        assertThat(on.action()).isEqualTo(Capability.POWER_ON);
        assertThat(inventory.client().vm(vm.ref()).powerState()).isEqualTo("poweredOn");
        assertThat(provider.powerOn(ref).detail()).contains("already poweredOn");
    }

    @Test
    void detachRefusesAVmThatIsNotConfirmedOff() {
        VmSnapshot vm = inventory.freshVm("detach-on");
        String disk = inventory.addDataDisk(vm, "kubevols/" + vm.name() + "-pv.vmdk", 1);

        assertThatThrownBy(() -> provider.detachVolumes(resolve(vm))).isInstanceOf(PermanentProviderException.class)
                .hasMessageContaining("not confirmed off").hasMessageContaining("poweredOn")
                .hasMessageContaining("vim25:ReconfigVM_Task");
        assertThat(inventory.client().vm(vm.ref()).disks()).extracting(VirtualDiskDevice::fileName).contains(disk);
    }

    @Test
    void detachRemovesDataDisksKeepsTheirFilesAndTheBootDisk() {
        VmSnapshot vm = inventory.freshVm("detach");
        String boot = vm.bootDisk().orElseThrow().fileName();
        String pv1 = inventory.addDataDisk(vm, "kubevols/" + vm.name() + "-pv1.vmdk", 1);
        String pv2 = inventory.addDataDisk(vm, "kubevols/" + vm.name() + "-pv2.vmdk", 2);
        MachineRef ref = resolve(vm);
        provider.powerOff(ref);

        DetachResult detached = provider.detachVolumes(ref);

        assertThat(detached.volumeIds()).containsExactlyInAnyOrder(pv1, pv2);
        assertThat(inventory.client().vm(vm.ref()).disks()).extracting(VirtualDiskDevice::fileName).containsExactly(boot);
        assertThat(inventory.diskExists(pv1)).isTrue();
        assertThat(inventory.diskExists(pv2)).isTrue();
        assertThat(provider.detachVolumes(ref).volumeIds()).as("nothing left to detach").isEmpty();
    }

    @Test
    void replaceFromTemplateRecreatesTheVmUnderItsNameWithANewUuidAndKeepsDetachedDisks(Vcsim vc) {
        VmSnapshot template = inventory.template("selfheal-node-template");
        VmSnapshot vm = inventory.freshVm("replace-tpl");
        String pv = inventory.addDataDisk(vm, "kubevols/" + vm.name() + "-pv.vmdk", 1);
        MachineRef ref = resolve(vm);

        try (VsphereProvider replacing = TestProviders.create(vc, b -> b.set("replace.strategy", "template")
                .set("replace.template", template.name()))) {
            assertThat(replacing.capabilities()).contains(Capability.REPLACE);
            var result = replacing.replace(ref);

            VmSnapshot fresh = inventory.vm(vm.name());
            assertThat(result.replacementId()).isNotEqualTo(vm.biosUuid()).isEqualTo(fresh.biosUuid());
            assertThat(result.progress()).isEqualTo(dev.selfheal.spi.ReplaceResult.Progress.COMPLETED);
            assertThat(result.detail()).contains(template.name()).contains(pv);
            assertThat(fresh.ref()).isNotEqualTo(vm.ref());
            assertThat(fresh.powerState()).isEqualTo("poweredOn");
            assertThat(fresh.parent()).isEqualTo(vm.parent());
            assertThat(fresh.resourcePool()).isEqualTo(vm.resourcePool());
            assertThat(fresh.dataDisks()).isEmpty();
            assertThat(inventory.exists(vm.biosUuid())).as("the old VM is gone").isFalse();
            assertThat(inventory.diskExists(pv)).as("the detached persistent volume survives").isTrue();
            assertThatThrownBy(() -> replacing.status(ref)).isInstanceOf(MachineNotFoundException.class);
            MachineRef newRef = replacing.resolve(NodeDescriptor.of(vm.name(), "vsphere://" + result.replacementId())).orElseThrow();
            assertThat(replacing.status(newRef).power()).isEqualTo(PowerState.ON);
        }
    }

    @Test
    void replaceFromSourceClonesTheVmItselfAndLeavesNoTemporaryVm(Vcsim vc) {
        VmSnapshot vm = inventory.freshVm("replace-src");
        String pv = inventory.addDataDisk(vm, "kubevols/" + vm.name() + "-pv.vmdk", 1);
        MachineRef ref = resolve(vm);

        try (VsphereProvider replacing = TestProviders.create(vc, b -> b.set("replace.strategy", "source"))) {
            var result = replacing.replace(ref);

            VmSnapshot fresh = inventory.vm(vm.name());
            assertThat(result.replacementId()).isNotEqualTo(vm.biosUuid()).isEqualTo(fresh.biosUuid());
            assertThat(fresh.powerState()).isEqualTo("poweredOn");
            assertThat(fresh.disks()).hasSize(1);
            assertThat(inventory.exists(vm.biosUuid())).isFalse();
            assertThat(inventory.diskExists(pv)).isTrue();
            assertThat(result.detail()).contains("a clone of itself");
        }
    }

    @Test
    void replaceIsNotOfferedUnlessConfigured() {
        VmSnapshot vm = inventory.freshVm("no-replace");
        MachineRef ref = resolve(vm);

        assertThat(provider.capabilities()).doesNotContain(Capability.REPLACE)
                .contains(Capability.POWER_STATUS, Capability.REBOOT, Capability.POWER_OFF, Capability.POWER_ON,
                        Capability.DETACH_VOLUMES);
        assertThatThrownBy(() -> provider.replace(ref)).isInstanceOf(UnsupportedCapabilityException.class)
                .hasMessageContaining("replace.strategy");
        assertThat(inventory.exists(vm.biosUuid())).isTrue();
    }

    @Test
    void destroyRefusesAPoweredOnVm() {
        VmSnapshot vm = inventory.freshVm("destroy-guard");

        assertThatThrownBy(() -> provider.replacer().destroy(resolve(vm).describe(), vm))
                .isInstanceOf(PermanentProviderException.class)
                .hasMessageContaining("refusing to destroy").hasMessageContaining(vm.name())
                .hasMessageContaining("poweredOn").hasMessageContaining("vim25:Destroy_Task");
        assertThat(inventory.exists(vm.biosUuid())).isTrue();
    }

    @Test
    void replaceRefusesToDestroyAVmWhoseDetachedDiskLiesInItsOwnFolder(Vcsim vc) {
        VmSnapshot vm = inventory.freshVm("replace-guard");
        String local = inventory.addDataDisk(vm, vm.name() + "/scratch.vmdk", 1);
        MachineRef ref = resolve(vm);

        try (VsphereProvider replacing = TestProviders.create(vc, b -> b.set("replace.strategy", "source"))) {
            assertThatThrownBy(() -> replacing.replace(ref)).isInstanceOf(PermanentProviderException.class)
                    .hasMessageContaining("lie in its own folder").hasMessageContaining("replace.allowDeletingVmFolderDisks");
        }
        assertThat(inventory.exists(vm.biosUuid())).as("the VM was not destroyed").isTrue();
        assertThat(inventory.diskExists(local)).isTrue();
        assertThat(inventory.client().vm(vm.ref()).powerState()).isEqualTo("poweredOff");
    }
}
