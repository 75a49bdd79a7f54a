package dev.selfheal.provider.baremetal.bmc;

import dev.selfheal.spi.InvalidMachineReferenceException;
import dev.selfheal.spi.MachineRef;
import dev.selfheal.spi.Redactor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The BMC of one machine: how to reach it and with which credentials reference. It travels inside a
 * {@link MachineRef} as attributes ({@link #attributes()}), never with a secret.
 *
 * @param protocol how to talk to the BMC
 * @param address where the BMC listens; {@code null} only for fence agents that need none (fence_aws)
 * @param system the Redfish ComputerSystem id, or the fence agent's plug; {@code null} when not needed
 * @param credentials where the credentials come from; {@code null} only for fence agents that need none
 * @param agent the fence agent, such as {@code fence_ipmilan}; {@code null} for Redfish and IPMI
 */
public record BmcTarget(Protocol protocol, BmcAddress address, String system, CredentialsRef credentials,
                        String agent) {

    /** Attribute keys in a {@link MachineRef}. */
    public static final String PROTOCOL = "protocol";
    /** See {@link #PROTOCOL}. */
    public static final String ADDRESS = "address";
    /** See {@link #PROTOCOL}. */
    public static final String SYSTEM = "system";
    /** See {@link #PROTOCOL}. */
    public static final String CREDENTIALS = "credentials";
    /** See {@link #PROTOCOL}. */
    public static final String AGENT = "agent";

    private static final Pattern AGENT_NAME = Pattern.compile("fence_[a-z0-9_]{1,60}");
    private static final Pattern SYSTEM_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@+-]{0,252}");

    /** Validates that the fields fit the protocol. */
    public BmcTarget {
        Objects.requireNonNull(protocol, "protocol");
        if (protocol != Protocol.FENCE_AGENT) {
            require(address != null, "an address is required for " + protocol.configName());
            require(credentials != null, "a credentials reference is required for " + protocol.configName());
            require(agent == null, "an agent only applies to fence-agent");
        } else {
            require(agent != null, "an agent (such as fence_ipmilan) is required for fence-agent");
            require(address != null || system != null, "fence-agent needs an address, a system (plug) or both");
        }
        require(agent == null || AGENT_NAME.matcher(agent).matches(),
                "agent '" + agent + "' is not a fence agent name (fence_ followed by lower-case letters, digits, '_')");
        require(system == null || SYSTEM_ID.matcher(system).matches(),
                "system '" + system + "' is not a valid id (letters, digits and . _ : @ + -)");
    }

    /** Whether {@code value} is a valid fence agent name. */
    public static boolean isAgentName(String value) {
        return value != null && AGENT_NAME.matcher(value).matches();
    }

    /**
     * The machine id used in {@link MachineRef#id()}: {@code redfish://host:port/<system>},
     * {@code ipmi://host:port} or {@code fence_ipmilan://host:port}. A Redfish system that is found by the
     * node's name (no system id configured) is {@code redfish://host:port#<node>}.
     *
     * @param nodeName the node the machine backs
     */
    public String machineId(String nodeName) {
        String head = protocol == Protocol.FENCE_AGENT ? agent : protocol.configName();
        String where = address == null ? "" : address.hostPort();
        if (system != null) {
            return head + "://" + where + "/" + system;
        }
        return head + "://" + where + (protocol == Protocol.REDFISH ? "#" + nodeName : "");
    }

    /** The attributes that describe this target inside a {@link MachineRef}. */
    public Map<String, String> attributes() {
        Map<String, String> a = new LinkedHashMap<>();
        a.put(PROTOCOL, protocol.configName());
        if (address != null) {
            a.put(ADDRESS, address.toString());
        }
        if (system != null) {
            a.put(SYSTEM, system);
        }
        if (credentials != null) {
            a.put(CREDENTIALS, credentials.toString());
        }
        if (agent != null) {
            a.put(AGENT, agent);
        }
        return a;
    }

    /**
     * Reads the target back from a machine reference's attributes.
     *
     * @throws InvalidMachineReferenceException naming the node and the bad attribute
     */
    public static BmcTarget of(MachineRef machine) {
        String protocolName = machine.attribute(PROTOCOL);
        Protocol protocol = Protocol.fromConfigName(protocolName).orElseThrow(() -> new InvalidMachineReferenceException(
                machine.nodeName(), PROTOCOL + "=" + protocolName, "expected one of " + Protocol.allowedNames()));
        try {
            String address = machine.attribute(ADDRESS);
            String credentials = machine.attribute(CREDENTIALS);
            return new BmcTarget(protocol, address == null ? null : BmcAddress.parse(protocol, address),
                    machine.attribute(SYSTEM), credentials == null ? null : CredentialsRef.parse(credentials, false),
                    machine.attribute(AGENT));
        } catch (IllegalArgumentException e) {
            throw new InvalidMachineReferenceException(machine.nodeName(),
                    Redactor.withoutUserInfo(machine.attributes().toString()), e.getMessage());
        }
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
