package dev.selfheal.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.spi.ProviderConfig;
import dev.selfheal.testbed.bridge.MachineNodeBridge;
import dev.selfheal.testbed.bridge.MachineSource;
import dev.selfheal.testbed.bridge.ObservedMachine;
import dev.selfheal.testbed.bridge.VcsimMachines;
import dev.selfheal.testbed.vsphere.Vcsim;
import java.util.UUID;

/**
 * vSphere on vcsim (three VMs per host): {@code DC0_H0_VM0} and {@code DC0_H0_VM1} are nodes,
 * {@code DC0_H0_VM2} becomes the template irrecoverable VMs are re-created from.
 */
final class VsphereInfrastructure implements Infrastructure {

    static final String TEMPLATE = "DC0_H0_VM2";

    private final Vcsim vc = Vcsim.builder().args("-vm", "3").start();
    private VcsimMachines vms;

    /** The simulator. */
    Vcsim vcsim() {
        return vc;
    }

    /** The VMs as the bridge sees them (after {@link #machines}). */
    VcsimMachines vms() {
        return vms;
    }

    @Override
    public MachineSource machines(String pool) {
        vms = VcsimMachines.of(vc, pool, n -> n.startsWith("DC0_H0_"));
        vms.markAsTemplate(TEMPLATE);
        return vms;
    }

    @Override
    public int size() {
        return 2;
    }

    @Override
    public ProviderConfig provider() {
        return E2eConfig.vsphere(vc, TEMPLATE);
    }

    @Override
    public String csiDriver() {
        return "csi.vsphere.vmware.com";
    }

    @Override
    public String newVolume() {
        return "fcd-" + UUID.randomUUID();
    }

    @Override
    public void attach(String volume, MachineNodeBridge bridge, String node) {
        // vcsim's VMs carry no first-class disks here: the VolumeAttachment stands for the attachment.
    }

    @Override
    public boolean machineOff(String machineKey) {
        return vms.observe().stream().filter(m -> m.key().equals(machineKey)).noneMatch(ObservedMachine::running);
    }

    @Override
    public void assertDetached(String volume, String machineKey) {
        assertThat(machineOff(machineKey)).isTrue();
    }

    @Override
    public void assertReplaced(String machineKey) {
        assertThat(vms.observe()).as("VMs of vcsim").noneMatch(m -> m.key().equals(machineKey))
                .filteredOn(ObservedMachine::running).hasSize(size());
    }

    @Override
    public void close() {
        vc.close();
    }
}
