package dev.selfheal.provider.vsphere.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Reading a VM's properties and telling its boot disk from its data disks. */
class VmSnapshotTest {

    private static final String X = "xmlns:x=\"http://www.w3.org/2001/XMLSchema-instance\"";

    private static String disk(int key, int controller, int unit, String file) {
        return "<VirtualDevice x:type=\"VirtualDisk\"><key>" + key + "</key><deviceInfo x:type=\"Description\"><label>disk-" + key
                + "</label></deviceInfo><backing x:type=\"VirtualDiskFlatVer2BackingInfo\"><fileName>" + file + "</fileName>"
                + "<datastore type=\"Datastore\">datastore-59</datastore></backing><controllerKey>" + controller
                + "</controllerKey><unitNumber>" + unit + "</unitNumber><capacityInKB>1024</capacityInKB></VirtualDevice>";
    }

    private static VmSnapshot snapshot(String devices, String bootOptions) {
        String body = "<RetrievePropertiesExResponse xmlns=\"urn:vim25\"><returnval><objects><obj type=\"VirtualMachine\">vm-62</obj>"
                + prop("name", "<val " + X + ">web-1</val>")
                + prop("config.uuid", "<val " + X + ">63d40cc5-9cba-5cc1-884a-f7f19070ecea</val>")
                + prop("runtime.powerState", "<val " + X + ">poweredOff</val>")
                + prop("runtime.connectionState", "<val " + X + ">connected</val>")
                + prop("parent", "<val type=\"Folder\" " + X + ">group-2</val>")
                + prop("resourcePool", "<val type=\"ResourcePool\" " + X + ">resgroup-23</val>")
                + prop("datastore", "<val " + X + "><ManagedObjectReference type=\"Datastore\">datastore-59</ManagedObjectReference></val>")
                + prop("config.files", "<val " + X + "><vmPathName>[LocalDS_0] web-1/web-1.vmx</vmPathName>"
                        + "<logDirectory>[LocalDS_0] web-1</logDirectory></val>")
                + prop("config.hardware.device", "<val " + X + " x:type=\"ArrayOfVirtualDevice\">" + devices + "</val>")
                + prop("config.bootOptions", "<val " + X + ">" + bootOptions + "</val>")
                + "</objects></returnval></RetrievePropertiesExResponse>";
        XmlNode response = XmlNode.parse(SoapMessagesTest.envelope(body)).path("Body", "RetrievePropertiesExResponse").orElseThrow();
        return VmSnapshot.from(PropertyRetrieval.parse("RetrievePropertiesEx", response).objects().get(0));
    }

    private static String prop(String name, String val) {
        return "<propSet><name>" + name + "</name>" + val + "</propSet>";
    }

    private static final String CONTROLLERS = "<VirtualDevice x:type=\"ParaVirtualSCSIController\"><key>1000</key><busNumber>0</busNumber></VirtualDevice>"
            + "<VirtualDevice x:type=\"ParaVirtualSCSIController\"><key>1001</key><busNumber>1</busNumber></VirtualDevice>";

    @Test
    void readsIdentityPlacementAndDisks() {
        VmSnapshot vm = snapshot(CONTROLLERS + disk(2000, 1000, 0, "[LocalDS_0] web-1/web-1.vmdk"), "");

        assertThat(vm.name()).isEqualTo("web-1");
        assertThat(vm.describe()).isEqualTo("VM 'web-1' (vm-62)");
        assertThat(vm.biosUuid()).isEqualTo("63d40cc5-9cba-5cc1-884a-f7f19070ecea");
        assertThat(vm.parent()).isEqualTo(MoRef.of("Folder", "group-2"));
        assertThat(vm.resourcePool()).isEqualTo(MoRef.of("ResourcePool", "resgroup-23"));
        assertThat(vm.datastores()).containsExactly(MoRef.of("Datastore", "datastore-59"));
        assertThat(vm.vmDirectory()).isEqualTo("[LocalDS_0] web-1");
        assertThat(vm.disks()).singleElement().satisfies(d -> {
            assertThat(d.busNumber()).isZero();
            assertThat(d.datastore()).isEqualTo(MoRef.of("Datastore", "datastore-59"));
            assertThat(d.xml()).startsWith("<device xsi:type=\"VirtualDisk\"><key>2000</key>");
        });
        assertThat(vm.dataDisks()).isEmpty();
    }

    @Test
    void theBootDiskIsTheFirstOnTheLowestBusUnlessTheBootOrderNamesOne() {
        String devices = CONTROLLERS + disk(2001, 1001, 0, "[LocalDS_0] kubevols/pv.vmdk")
                + disk(2002, 1000, 1, "[LocalDS_0] web-1/scratch.vmdk") + disk(2000, 1000, 0, "[LocalDS_0] web-1/web-1.vmdk");

        VmSnapshot byBus = snapshot(devices, "");
        VmSnapshot byOrder = snapshot(devices, "<bootOrder x:type=\"VirtualMachineBootOptionsBootableCdromDevice\"/>"
                + "<bootOrder x:type=\"VirtualMachineBootOptionsBootableDiskDevice\"><deviceKey>2001</deviceKey></bootOrder>");

        assertThat(byBus.bootDisk().orElseThrow().key()).isEqualTo(2000);
        assertThat(byBus.dataDisks()).extracting(VirtualDiskDevice::key).containsExactly(2001, 2002);
        assertThat(byOrder.bootDisk().orElseThrow().key()).isEqualTo(2001);
        assertThat(byOrder.dataDisks()).extracting(VirtualDiskDevice::key).containsExactly(2002, 2000);
    }

    @Test
    void tellsDisksInTheVmFolderFromVolumesElsewhere() {
        VmSnapshot vm = snapshot(CONTROLLERS + disk(2000, 1000, 0, "[LocalDS_0] web-1/web-1.vmdk")
                + disk(2001, 1000, 1, "[LocalDS_0] kubevols/pv.vmdk") + disk(2002, 1000, 2, "[LocalDS_0] web-10/x.vmdk"), "");

        assertThat(vm.dataDisks()).filteredOn(vm::inVmDirectory).isEmpty();
        assertThat(vm.inVmDirectory(vm.disks().get(0))).isTrue();
    }
}
