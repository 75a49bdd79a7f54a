package dev.selfheal.provider.vsphere;

import dev.selfheal.provider.vsphere.internal.MoRef;
import dev.selfheal.provider.vsphere.internal.VimClient;
import dev.selfheal.provider.vsphere.internal.VmSnapshot;
import dev.selfheal.spi.InvalidMachineReferenceException;
import dev.selfheal.spi.MachineNotFoundException;
import dev.selfheal.spi.MachineRef;
import dev.selfheal.spi.NodeDescriptor;
import dev.selfheal.spi.PermanentProviderException;
import dev.selfheal.spi.ProviderId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

/**
 * Finds machines: a node's {@code vsphere://<bios-uuid>} providerID becomes a {@link MachineRef} whose id is the
 * uuid, and a machine is found in vCenter with {@code SearchIndex.FindByUuid}. Nodes without a providerID are
 * looked up by VM name or inventory path when {@code lookup.fallback} says so. Thread-safe.
 */
final class MachineLocator {

    static final String TYPE = "vsphere";
    private static final Pattern UUID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private final VimClient client;
    private final VsphereProviderConfig config;
    private final AtomicReference<Optional<MoRef>> datacenter = new AtomicReference<>();

    MachineLocator(VimClient client, VsphereProviderConfig config) {
        this.client = client;
        this.config = config;
    }

    /** See {@link dev.selfheal.spi.InfrastructureProvider#resolve(NodeDescriptor)}. */
    Optional<MachineRef> resolve(NodeDescriptor node) {
        Optional<ProviderId> id = node.parsedProviderId();
        if (id.isPresent()) {
            if (!TYPE.equals(id.get().scheme())) {
                return Optional.empty();
            }
            String uuid = id.get().path().replaceFirst("^/+", "");
            if (!UUID.matcher(uuid).matches()) {
                throw new InvalidMachineReferenceException(node.name(), id.get().raw(),
                        "expected vsphere://<bios-uuid>, such as vsphere://4237e0b1-5e43-2c4b-7b8d-0e3a6f1c9d21");
            }
            return Optional.of(new MachineRef(TYPE, uuid.toLowerCase(Locale.ROOT), node.name(),
                    withProvenance(node, Map.of("lookup", "providerID"))));
        }
        return switch (config.lookup()) {
            case NONE -> Optional.empty();
            case NAME, PATH -> Optional.of(lookUp(node));
        };
    }

    private MachineRef lookUp(NodeDescriptor node) {
        String who = "node " + node.name();
        String key = config.lookupTemplate().orElseThrow().replace("{node}", node.name());
        MoRef ref = VimErrors.call(who, () -> {
            if (config.lookup() == VsphereProviderConfig.Lookup.PATH) {
                return client.findByInventoryPath(key).filter(r -> r.is("VirtualMachine")).orElseThrow(() ->
                        new MachineNotFoundException(who, "vim25:FindByInventoryPath", "no VM at inventory path '" + key
                                + "' in " + config.url() + " (lookup.pathTemplate)"));
            }
            List<MoRef> found = client.findVmsByName(key, datacenter(who).orElse(null));
            if (found.size() != 1) {
                throw found.isEmpty()
                        ? new MachineNotFoundException(who, "vim25:RetrievePropertiesEx", "no VM named '" + key + "' in "
                                + config.url() + datacenterNote() + " (lookup.nameTemplate)")
                        : new PermanentProviderException(who, "vim25:RetrievePropertiesEx", found.size() + " VMs are named '"
                                + key + "' " + found + "; set the node's providerID or lookup.fallback=path");
            }
            return found.get(0);
        });
        VmSnapshot vm = VimErrors.call(who, () -> client.vm(ref));
        if (vm.biosUuid() == null) {
            throw new PermanentProviderException(who, "vim25:RetrievePropertiesEx", vm.describe() + " has no config.uuid");
        }
        return new MachineRef(TYPE, vm.biosUuid().toLowerCase(Locale.ROOT), node.name(), withProvenance(node,
                Map.of("lookup", config.lookup().name().toLowerCase(Locale.ROOT), "vmName", vm.name())));
    }

    /** The attributes plus the node's recorded {@link VmProvenance}, when it has one. */
    private static Map<String, String> withProvenance(NodeDescriptor node, Map<String, String> attributes) {
        String recorded = node.annotations().get(VmProvenance.ANNOTATION);
        if (recorded == null) {
            return attributes;
        }
        Map<String, String> m = new java.util.HashMap<>(attributes);
        m.put(VmProvenance.ATTRIBUTE, recorded);
        return m;
    }

    /**
     * Reads the machine's VM.
     *
     * @throws MachineNotFoundException when no VM has the machine's BIOS uuid
     */
    VmSnapshot find(MachineRef machine) {
        String who = machine.describe();
        return VimErrors.call(who, () -> {
            MoRef ref = client.findVmByUuid(machine.id(), datacenter(who).orElse(null)).orElseThrow(() ->
                    new MachineNotFoundException(who, "vim25:FindByUuid", "no VM with BIOS uuid " + machine.id() + " in "
                            + config.url() + datacenterNote()));
            return client.vm(ref);
        });
    }

    /**
     * Reads the machine's VM, or proves it gone: empty only when the session is authenticated, the configured
     * datacenter resolves, a search of the whole inventory this user sees finds no VM with the machine's BIOS uuid,
     * the machine's Node recorded that the VM existed ({@link VmProvenance}) and the folder it lived in is still in
     * the inventory (the same vCenter, still visible to this user). Anything less is an exception, never gone.
     *
     * @throws MachineNotFoundException when no VM has the uuid but nothing proves it existed
     * @throws PermanentProviderException when the search cannot be trusted (wrong datacenter, folder not visible)
     */
    Optional<VmSnapshot> findOrGone(MachineRef machine) {
        String who = machine.describe();
        return VimErrors.call(who, () -> {
            Optional<MoRef> ref = client.findVmByUuid(machine.id(), datacenter(who).orElse(null));
            if (ref.isPresent()) {
                return Optional.of(client.vm(ref.get()));
            }
            VmProvenance recorded = provenance(machine).orElseThrow(() -> new MachineNotFoundException(who, "vim25:FindByUuid",
                    "no VM with BIOS uuid " + machine.id() + " in " + config.url() + datacenterNote() + ", and the node has no "
                            + VmProvenance.ANNOTATION + " annotation proving it existed, so it is not taken as gone"));
            if (datacenter(who).isPresent() && client.findVmByUuid(machine.id(), null).isPresent()) {
                throw new PermanentProviderException(who, "vim25:FindByUuid", "the VM with BIOS uuid " + machine.id()
                        + " is outside the configured datacenter" + datacenterNote() + "; check the 'datacenter' setting");
            }
            if (!client.exists(recorded.folder())) {
                throw new PermanentProviderException(who, "vim25:RetrievePropertiesEx", "no VM with BIOS uuid " + machine.id()
                        + ", but its recorded folder " + recorded.folder() + " is not visible either: the wrong vCenter or"
                        + " missing permissions, not taken as gone");
            }
            return Optional.empty();
        });
    }

    private static Optional<VmProvenance> provenance(MachineRef machine) {
        try {
            return VmProvenance.of(machine);
        } catch (IllegalArgumentException e) {
            throw new PermanentProviderException(machine.describe(), "provenance", e.getMessage());
        }
    }

    /** The configured datacenter, looked up once. */
    private Optional<MoRef> datacenter(String who) {
        Optional<MoRef> dc = datacenter.get();
        if (dc == null) {
            dc = config.datacenter().map(path -> client.findByInventoryPath(path).filter(r -> r.is("Datacenter"))
                    .orElseThrow(() -> new PermanentProviderException(who, "vim25:FindByInventoryPath",
                            "datacenter '" + path + "' (setting 'datacenter') is not a datacenter in " + config.url())));
            datacenter.set(dc);
        }
        return dc;
    }

    private String datacenterNote() {
        return config.datacenter().map(d -> " (datacenter " + d + ")").orElse("");
    }
}
