package dev.selfheal.provider.vsphere;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selfheal.provider.vsphere.internal.VcsimInventory;
import dev.selfheal.provider.vsphere.internal.VmSnapshot;
import dev.selfheal.spi.HealthFinding;
import dev.selfheal.spi.MachineNotFoundException;
import dev.selfheal.spi.MachineRef;
import dev.selfheal.spi.MachineStatus;
import dev.selfheal.spi.NodeDescriptor;
import dev.selfheal.spi.PermanentProviderException;
import dev.selfheal.spi.PowerState;
import dev.selfheal.spi.ProviderException;
import dev.selfheal.spi.ReplaceResult;
import dev.selfheal.testbed.vsphere.Vcsim;
import dev.selfheal.testbed.vsphere.VcsimExtension;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Seed 002, item 8: a node's VM removed from vCenter's inventory out of band. Proven gone only through an
 * authenticated search of a valid datacenter, for a VM its Node recorded; then fenced without action and re-created
 * from the template under its name, exactly once. A wrong datacenter, wrong credentials, an unrecorded uuid or a
 * recorded folder that is not visible are errors, never gone.
 */
@ExtendWith(VcsimExtension.class)
class VsphereRemovedVmIT {

    private static final Duration LIMIT = Duration.ofSeconds(30);
    private VcsimInventory inventory;
    private VsphereProvider provider;

    @BeforeEach
    void setUp(Vcsim vc) {
        inventory = new VcsimInventory(vc);
        VmSnapshot template = inventory.template("selfheal-removed-template");
        provider = TestProviders.create(vc, b -> b.set("replace.strategy", "template").set("replace.template", template.name()));
    }

    @AfterEach
    void tearDown() {
        provider.close();
        inventory.close();
    }

    /** The Node of {@code vm} as the healer describes it once the provider's provenance is on it. */
    private NodeDescriptor recordedNode(VsphereProvider p, VmSnapshot vm) {
        NodeDescriptor bare = NodeDescriptor.of(vm.name(), "vsphere://" + vm.biosUuid());
        Map<String, String> kept = p.provenance(p.resolve(bare).orElseThrow());
        return new NodeDescriptor(vm.name(), bare.providerId(), Map.of(), kept);
    }

    private void destroyOutOfBand(VmSnapshot vm) {
        inventory.client().powerOffVm(vm, LIMIT);
        inventory.client().destroyVm(inventory.client().vm(vm.ref()), LIMIT);
        assertThat(inventory.exists(vm.biosUuid())).isFalse();
    }

    @Test
    void aRemovedVmIsGoneFencedAndRecreatedUnderItsNameExactlyOnce(Vcsim vc) {
        VmSnapshot vm = inventory.freshVm("removed");
        NodeDescriptor node = recordedNode(provider, vm);
        assertThat(node.annotations()).containsKey(VmProvenance.ANNOTATION);
        assertThat(node.annotations().get(VmProvenance.ANNOTATION)).contains(vm.biosUuid()).contains(vm.name());
        destroyOutOfBand(vm);
        MachineRef ref = provider.resolve(node).orElseThrow();

        MachineStatus status = provider.status(ref);
        assertThat(status.power()).isEqualTo(PowerState.GONE);
        assertThat(status.findings()).extracting(HealthFinding::code).containsExactly("VirtualMachine.removed");
        assertThat(provider.powerOff(ref).confirmedState()).isEqualTo(PowerState.GONE);
        assertThat(provider.detachVolumes(ref).volumeIds()).isEmpty();

        ReplaceResult first = provider.replace(ref);
        VmSnapshot recreated = inventory.vm(vm.name());
        assertThat(first.replacementId()).isEqualTo(recreated.biosUuid()).isNotEqualTo(vm.biosUuid());
        assertThat(first.progress()).isEqualTo(ReplaceResult.Progress.COMPLETED);
        assertThat(recreated.powerState()).isEqualTo("poweredOn");
        assertThat(recreated.parent()).isEqualTo(vm.parent());
        assertThat(recreated.resourcePool()).isEqualTo(vm.resourcePool());

        // a healer restarted mid-way asks again, with what the Node kept: the same VM, no second clone
        try (VsphereProvider restarted = TestProviders.create(vc, b -> b.set("replace.strategy", "template")
                .set("replace.template", "selfheal-removed-template"))) {
            ReplaceResult again = restarted.replace(restarted.resolve(node).orElseThrow());
            assertThat(again.replacementId()).isEqualTo(first.replacementId());
            assertThat(again.detail()).contains("already re-created");
        }
        assertThat(inventory.vmsNamed(vm.name())).hasSize(1);
    }

    @Test
    void aRemovedVmWhoseNodeRecordedNothingIsNotFoundNeverGone() {
        VmSnapshot vm = inventory.freshVm("unrecorded");
        destroyOutOfBand(vm);
        MachineRef ref = provider.resolve(NodeDescriptor.of(vm.name(), "vsphere://" + vm.biosUuid())).orElseThrow();

        assertThatThrownBy(() -> provider.status(ref)).isInstanceOf(MachineNotFoundException.class)
                .hasMessageContaining("not taken as gone");
        assertThatThrownBy(() -> provider.powerOff(ref)).isInstanceOf(MachineNotFoundException.class);
        assertThatThrownBy(() -> provider.replace(ref)).isInstanceOf(MachineNotFoundException.class);
        assertThat(inventory.vmsNamed(vm.name())).isEmpty();
    }

    @Test
    void throughAWrongDatacenterTheVmIsAnErrorNotGone(Vcsim vc) {
        VmSnapshot vm = inventory.freshVm("wrong-dc");
        NodeDescriptor node = recordedNode(provider, vm);
        destroyOutOfBand(vm);
        try (VsphereProvider wrongDc = TestProviders.create(vc, b -> b.set("datacenter", "DC9")
                .set("replace.strategy", "template").set("replace.template", "selfheal-removed-template"))) {
            MachineRef ref = wrongDc.resolve(node).orElseThrow();

            assertThatThrownBy(() -> wrongDc.status(ref)).isInstanceOf(PermanentProviderException.class)
                    .isNotInstanceOf(MachineNotFoundException.class).hasMessageContaining("DC9");
            assertThatThrownBy(() -> wrongDc.powerOff(ref)).isInstanceOf(PermanentProviderException.class)
                    .hasMessageContaining("DC9");
            assertThatThrownBy(() -> wrongDc.replace(ref)).isInstanceOf(PermanentProviderException.class);
        }
        assertThat(inventory.vmsNamed(vm.name())).isEmpty();
    }

    @Test
    void withWrongCredentialsTheVmIsAnErrorNotGone(Vcsim vc) {
        VmSnapshot vm = inventory.freshVm("wrong-login");
        NodeDescriptor node = recordedNode(provider, vm);
        destroyOutOfBand(vm);
        try (VsphereProvider wrongLogin = TestProviders.create(vc, b -> b.secret("password", "not-" + vc.password())
                .set("replace.strategy", "template").set("replace.template", "selfheal-removed-template"))) {
            MachineRef ref = wrongLogin.resolve(node).orElseThrow();

            assertThatThrownBy(() -> wrongLogin.status(ref)).isInstanceOf(ProviderException.class)
                    .isNotInstanceOf(MachineNotFoundException.class).hasMessageContaining("password");
            assertThatThrownBy(() -> wrongLogin.powerOff(ref)).isInstanceOf(ProviderException.class)
                    .isNotInstanceOf(MachineNotFoundException.class);
            assertThatThrownBy(() -> wrongLogin.replace(ref)).isInstanceOf(ProviderException.class);
        }
        assertThat(inventory.vmsNamed(vm.name())).isEmpty();
    }

    @Test
    void aRecordedFolderThatIsNotVisibleMakesTheSearchUntrusted() {
        VmSnapshot vm = inventory.freshVm("no-folder");
        NodeDescriptor node = recordedNode(provider, vm);
        destroyOutOfBand(vm);
        String recorded = node.annotations().get(VmProvenance.ANNOTATION)
                .replace("folder=" + java.net.URLEncoder.encode(vm.parent().toString(), java.nio.charset.StandardCharsets.UTF_8),
                        "folder=Folder%3Agroup-v999999");
        NodeDescriptor elsewhere = new NodeDescriptor(vm.name(), node.providerId(), Map.of(),
                Map.of(VmProvenance.ANNOTATION, recorded));

        assertThatThrownBy(() -> provider.status(provider.resolve(elsewhere).orElseThrow()))
                .isInstanceOf(PermanentProviderException.class).hasMessageContaining("group-v999999")
                .hasMessageContaining("not taken as gone");
    }
}
