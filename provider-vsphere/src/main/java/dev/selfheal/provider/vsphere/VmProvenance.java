package dev.selfheal.provider.vsphere;

import dev.selfheal.provider.vsphere.internal.MoRef;
import dev.selfheal.provider.vsphere.internal.VirtualDiskDevice;
import dev.selfheal.provider.vsphere.internal.VmSnapshot;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What the provider records about a node's VM while it exists, kept by the healer as the Node annotation
 * {@value #ANNOTATION}: proof that the VM with this BIOS uuid existed, and where it lived (name, folder, resource
 * pool, datastore), so that it can be re-created in its place once it is removed from the inventory. The value is
 * {@code v1;uuid=...;name=...;folder=Folder:group-v3;pool=ResourcePool:resgroup-9[;datastore=Datastore:datastore-12]},
 * values URL-encoded.
 *
 * @param uuid the VM's BIOS uuid, lower case
 * @param name the VM's name
 * @param folder the folder it was in
 * @param pool its resource pool
 * @param datastore its boot disk's (or first) datastore, or null
 */
record VmProvenance(String uuid, String name, MoRef folder, MoRef pool, MoRef datastore) {

    /** The Node annotation that holds it. */
    static final String ANNOTATION = "vsphere.selfheal.dev/provenance";
    /** The {@link dev.selfheal.spi.MachineRef} attribute that carries it from resolve to the calls. */
    static final String ATTRIBUTE = "provenance";
    private static final String VERSION = "v1";

    /** Validates. */
    VmProvenance {
        if (uuid == null || uuid.isBlank() || name == null || name.isBlank() || folder == null || pool == null) {
            throw new IllegalArgumentException("a VM provenance needs uuid, name, folder and pool");
        }
        uuid = uuid.toLowerCase(Locale.ROOT);
    }

    /**
     * The provenance of a VM read now.
     *
     * @throws IllegalArgumentException when the VM does not say where it lives (no folder or pool: a template)
     */
    static VmProvenance of(VmSnapshot vm) {
        if (vm.parent() == null || !vm.parent().is("Folder") || vm.resourcePool() == null || vm.biosUuid() == null) {
            throw new IllegalArgumentException(vm.describe() + " does not say where it lives (parent " + vm.parent()
                    + ", resourcePool " + vm.resourcePool() + ", uuid " + vm.biosUuid() + ")");
        }
        MoRef datastore = vm.bootDisk().map(VirtualDiskDevice::datastore)
                .orElse(vm.datastores().isEmpty() ? null : vm.datastores().get(0));
        return new VmProvenance(vm.biosUuid(), vm.name(), vm.parent(), vm.resourcePool(), datastore);
    }

    /** The annotation value. */
    String format() {
        StringBuilder b = new StringBuilder(VERSION);
        fields().forEach((k, v) -> b.append(';').append(k).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return b.toString();
    }

    private Map<String, String> fields() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("uuid", uuid);
        m.put("name", name);
        m.put("folder", folder.toString());
        m.put("pool", pool.toString());
        if (datastore != null) {
            m.put("datastore", datastore.toString());
        }
        return m;
    }

    /**
     * Reads an annotation value.
     *
     * @throws IllegalArgumentException naming what is wrong when it is not one this provider wrote
     */
    static VmProvenance parse(String value) {
        String[] parts = value == null ? new String[0] : value.split(";");
        if (parts.length == 0 || !VERSION.equals(parts[0])) {
            throw new IllegalArgumentException("annotation " + ANNOTATION + " must start with '" + VERSION + ";'");
        }
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 1; i < parts.length; i++) {
            int eq = parts[i].indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("annotation " + ANNOTATION + ": '" + parts[i] + "' is not key=value");
            }
            m.put(parts[i].substring(0, eq), URLDecoder.decode(parts[i].substring(eq + 1), StandardCharsets.UTF_8));
        }
        return new VmProvenance(m.get("uuid"), m.get("name"), ref(m.get("folder"), "Folder"),
                ref(m.get("pool"), "ResourcePool"), m.containsKey("datastore") ? ref(m.get("datastore"), "Datastore") : null);
    }

    /** The provenance a machine reference carries for its own uuid, when its Node has one. */
    static Optional<VmProvenance> of(dev.selfheal.spi.MachineRef machine) {
        String raw = machine.attribute(ATTRIBUTE);
        if (raw == null) {
            return Optional.empty();
        }
        VmProvenance p = parse(raw);
        return p.uuid().equals(machine.id()) ? Optional.of(p) : Optional.empty();
    }

    private static MoRef ref(String text, String type) {
        if (text == null || !text.startsWith(type + ":")) {
            throw new IllegalArgumentException("annotation " + ANNOTATION + ": expected a " + type + " reference such as "
                    + type + ":x-1, got " + text);
        }
        return MoRef.of(type, text.substring(type.length() + 1));
    }

    @Override
    public String toString() {
        return "VM '" + name + "' (uuid " + uuid + ", folder " + folder.value() + ", pool " + pool.value()
                + (datastore == null ? "" : ", datastore " + datastore.value()) + ")";
    }
}
