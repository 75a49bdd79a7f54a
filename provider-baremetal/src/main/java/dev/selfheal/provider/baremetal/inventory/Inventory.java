package dev.selfheal.provider.baremetal.inventory;

import dev.selfheal.provider.baremetal.bmc.BmcAddress;
import dev.selfheal.provider.baremetal.bmc.BmcTarget;
import dev.selfheal.provider.baremetal.bmc.CredentialsRef;
import dev.selfheal.provider.baremetal.bmc.Protocol;
import dev.selfheal.spi.InvalidMachineReferenceException;
import dev.selfheal.spi.MachineRef;
import dev.selfheal.spi.NodeDescriptor;
import dev.selfheal.spi.Redactor;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Maps a Kubernetes node to its BMC. A node listed in the configuration ({@code nodes.<node>.*}) uses that
 * entry; any other node is looked up by labels or annotations under a prefix ({@code bmc.selfheal.dev/address},
 * {@code .../protocol}, {@code .../system}, {@code .../credentials}, {@code .../agent}) with the configured
 * defaults filling the gaps. A node with neither is not a bare-metal node. Immutable and thread-safe.
 */
public final class Inventory {

    /** Label and annotation names under the prefix. */
    public static final String ADDRESS = "address";
    /** See {@link #ADDRESS}. */
    public static final String PROTOCOL = "protocol";
    /** See {@link #ADDRESS}. */
    public static final String SYSTEM = "system";
    /** See {@link #ADDRESS}. */
    public static final String CREDENTIALS = "credentials";
    /** See {@link #ADDRESS}. */
    public static final String AGENT = "agent";

    /**
     * What a node's labels leave out.
     *
     * @param protocol the protocol when the node names none
     * @param credentials the credentials reference when the node names none, or {@code null}
     * @param agent the fence agent when the node names none, or {@code null}
     */
    public record Defaults(Protocol protocol, CredentialsRef credentials, String agent) {
        /** Validates the protocol. */
        public Defaults {
            Objects.requireNonNull(protocol, "protocol");
        }
    }

    private final String providerType;
    private final Defaults defaults;
    private final Map<String, BmcTarget> configured;
    private final String labelPrefix;
    private final boolean nodeLabels;

    /**
     * @param providerType the type put into machine references ({@code baremetal})
     * @param defaults what node labels leave out
     * @param configured the BMCs listed in the configuration, by node name
     * @param labelPrefix the prefix of label and annotation names, such as {@code bmc.selfheal.dev/}
     * @param nodeLabels whether nodes not in the configuration are looked up by labels and annotations
     */
    public Inventory(String providerType, Defaults defaults, Map<String, BmcTarget> configured, String labelPrefix,
                     boolean nodeLabels) {
        this.providerType = Objects.requireNonNull(providerType, "providerType");
        this.defaults = Objects.requireNonNull(defaults, "defaults");
        this.configured = Map.copyOf(configured);
        this.labelPrefix = Objects.requireNonNull(labelPrefix, "labelPrefix");
        this.nodeLabels = nodeLabels;
    }

    /**
     * The machine under a node.
     *
     * @return empty when neither the configuration nor the node's labels name a BMC
     * @throws InvalidMachineReferenceException naming the node, the label and the value when a label is bad
     */
    public Optional<MachineRef> resolve(NodeDescriptor node) {
        BmcTarget target = configured.get(node.name());
        if (target == null && nodeLabels) {
            target = fromLabels(node);
        }
        if (target == null) {
            return Optional.empty();
        }
        return Optional.of(new MachineRef(providerType, target.machineId(node.name()), node.name(), target.attributes()));
    }

    private BmcTarget fromLabels(NodeDescriptor node) {
        Optional<String> address = label(node, ADDRESS);
        Optional<String> system = label(node, SYSTEM);
        if (address.isEmpty() && system.isEmpty()) {
            return null;
        }
        Protocol protocol = label(node, PROTOCOL).map(p -> Protocol.fromConfigName(p).orElseThrow(() ->
                bad(node, PROTOCOL, p, "expected one of " + Protocol.allowedNames()))).orElse(defaults.protocol());
        BmcAddress bmcAddress = address.map(a -> parse(node, ADDRESS, a, () -> BmcAddress.parse(protocol, a))).orElse(null);
        CredentialsRef credentials = label(node, CREDENTIALS)
                .map(c -> parse(node, CREDENTIALS, c, () -> CredentialsRef.parse(c, true))).orElse(defaults.credentials());
        String agent = protocol != Protocol.FENCE_AGENT ? null : label(node, AGENT).orElse(defaults.agent());
        String summary = labelPrefix + "{" + ADDRESS + "=" + address.orElse("") + ", " + SYSTEM + "=" + system.orElse("")
                + "}";
        return parse(node, PROTOCOL + "/" + ADDRESS, summary,
                () -> new BmcTarget(protocol, bmcAddress, system.orElse(null), credentials, agent));
    }

    private Optional<String> label(NodeDescriptor node, String name) {
        return node.labelOrAnnotation(labelPrefix + name).map(String::trim).filter(v -> !v.isEmpty());
    }

    private <T> T parse(NodeDescriptor node, String name, String value, java.util.function.Supplier<T> parser) {
        try {
            return parser.get();
        } catch (IllegalArgumentException e) {
            throw bad(node, name, value, e.getMessage());
        }
    }

    private InvalidMachineReferenceException bad(NodeDescriptor node, String name, String value, String expected) {
        String shown = value != null && value.contains("@") ? Redactor.MASK + " (not shown: it may carry credentials)" : value;
        return new InvalidMachineReferenceException(node.name(), labelPrefix + name + "=" + shown, expected);
    }
}
