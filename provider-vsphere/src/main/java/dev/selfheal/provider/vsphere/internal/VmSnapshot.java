package dev.selfheal.provider.vsphere.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a vCenter said about one VM at one moment: identity, power and health, placement, and disks.
 *
 * @param ref the VM
 * @param name its name
 * @param biosUuid {@code config.uuid}, the uuid in a node's providerID
 * @param template whether it is a template
 * @param powerState {@code runtime.powerState}: poweredOn, poweredOff, suspended (or {@code null})
 * @param connectionState {@code runtime.connectionState}: connected, disconnected, orphaned, inaccessible, invalid
 * @param overallStatus {@code overallStatus}: green, yellow, red, gray
 * @param parent the folder it is in
 * @param resourcePool its resource pool ({@code null} for templates)
 * @param datastores the datastores it uses
 * @param vmDirectory the folder of its files, such as {@code [LocalDS_0] web-1}
 * @param disks its virtual disks
 * @param bootDiskKey the disk named first in {@code config.bootOptions.bootOrder}, or {@code null}
 */
public record VmSnapshot(MoRef ref, String name, String biosUuid, boolean template, String powerState,
                         String connectionState, String overallStatus, MoRef parent, MoRef resourcePool,
                         List<MoRef> datastores, String vmDirectory, List<VirtualDiskDevice> disks, Integer bootDiskKey) {

    /** The properties read for a snapshot. */
    static final List<String> PATHS = List.of("name", "config.uuid", "config.template", "config.files",
            "config.hardware.device", "config.bootOptions", "runtime.powerState", "runtime.connectionState",
            "overallStatus", "parent", "resourcePool", "datastore");

    /** Copies the lists. */
    public VmSnapshot {
        datastores = List.copyOf(datastores);
        disks = List.copyOf(disks);
    }

    /** {@code VM 'name' (vm-62)}. */
    public String describe() {
        return "VM '" + name + "' (" + ref.value() + ")";
    }

    /**
     * The boot disk: the disk named first in the boot order, else the disk on the lowest controller bus and
     * unit (SCSI 0:0 on a typical VM).
     */
    public Optional<VirtualDiskDevice> bootDisk() {
        if (bootDiskKey != null) {
            Optional<VirtualDiskDevice> named = disks.stream().filter(d -> d.key() == bootDiskKey).findFirst();
            if (named.isPresent()) {
                return named;
            }
        }
        return disks.stream().min(Comparator.comparingInt(VirtualDiskDevice::busNumber)
                .thenComparingInt(VirtualDiskDevice::controllerKey)
                .thenComparingInt(VirtualDiskDevice::unitNumber)
                .thenComparingInt(VirtualDiskDevice::key));
    }

    /** Every disk but the boot disk. */
    public List<VirtualDiskDevice> dataDisks() {
        Optional<VirtualDiskDevice> boot = bootDisk();
        return disks.stream().filter(d -> boot.map(b -> b.key() != d.key()).orElse(true)).toList();
    }

    /** Whether a disk's file lies in this VM's own folder (destroying the VM deletes that folder). */
    public boolean inVmDirectory(VirtualDiskDevice disk) {
        return vmDirectory != null && disk.fileName() != null && disk.fileName().startsWith(vmDirectory + "/");
    }

    /** Reads a snapshot from the properties in {@link #PATHS}. */
    static VmSnapshot from(ObjectContent c) {
        String vmx = c.get("config.files").flatMap(f -> f.text("vmPathName")).orElse(null);
        String dir = Optional.ofNullable(directoryOf(vmx))
                .or(() -> c.get("config.files").flatMap(f -> f.text("logDirectory"))).orElse(null);
        List<MoRef> datastores = c.get("datastore").map(v -> v.children().stream().map(XmlNode::asMoRef).toList())
                .orElse(List.of());
        return new VmSnapshot(c.obj(), c.text("name").orElse(c.obj().value()), c.text("config.uuid").orElse(null),
                c.text("config.template").map(Boolean::parseBoolean).orElse(false),
                c.text("runtime.powerState").orElse(null), c.text("runtime.connectionState").orElse(null),
                c.text("overallStatus").orElse(null), c.get("parent").map(XmlNode::asMoRef).orElse(null),
                c.get("resourcePool").map(XmlNode::asMoRef).orElse(null), datastores, dir,
                c.get("config.hardware.device").map(VmSnapshot::disks).orElse(List.of()),
                c.get("config.bootOptions").map(VmSnapshot::bootDiskKey).orElse(null));
    }

    private static List<VirtualDiskDevice> disks(XmlNode devices) {
        Map<Integer, Integer> busOfController = new HashMap<>();
        for (XmlNode d : devices.children()) {
            d.text("busNumber").ifPresent(b -> busOfController.put(intOf(d.text("key").orElse(null)), intOf(b)));
        }
        List<VirtualDiskDevice> out = new ArrayList<>();
        for (XmlNode d : devices.children()) {
            if (!"VirtualDisk".equals(d.xsiType())) {
                continue;
            }
            int controller = intOf(d.text("controllerKey").orElse(null));
            out.add(new VirtualDiskDevice(intOf(d.text("key").orElse(null)), controller,
                    busOfController.getOrDefault(controller, Integer.MAX_VALUE), intOf(d.text("unitNumber").orElse(null)),
                    d.text("backing", "fileName").orElse(null), d.path("backing", "datastore").map(XmlNode::asMoRef).orElse(null),
                    d.text("deviceInfo", "label").orElse(null),
                    d.toXml("device")));
        }
        return out;
    }

    private static Integer bootDiskKey(XmlNode bootOptions) {
        return bootOptions.children("bootOrder").stream()
                .filter(b -> "VirtualMachineBootOptionsBootableDiskDevice".equals(b.xsiType()))
                .findFirst().flatMap(b -> b.text("deviceKey")).map(VmSnapshot::intOf).orElse(null);
    }

    private static String directoryOf(String vmx) {
        if (vmx == null) {
            return null;
        }
        int slash = vmx.lastIndexOf('/');
        return slash < 0 ? null : vmx.substring(0, slash);
    }

    private static int intOf(String s) {
        try {
            return s == null ? Integer.MAX_VALUE : Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            return Integer.MAX_VALUE;
        }
    }
}
