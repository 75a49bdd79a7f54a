package dev.selfheal.provider.baremetal;

import dev.selfheal.provider.baremetal.bmc.BmcAddress;
import dev.selfheal.provider.baremetal.bmc.BmcCredentials;
import dev.selfheal.provider.baremetal.bmc.BmcTarget;
import dev.selfheal.provider.baremetal.bmc.CredentialsRef;
import dev.selfheal.provider.baremetal.bmc.Protocol;
import dev.selfheal.provider.baremetal.fence.FenceSettings;
import dev.selfheal.provider.baremetal.inventory.Inventory;
import dev.selfheal.spi.InvalidProviderConfigException;
import dev.selfheal.spi.ProviderConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The inventory part of the configuration, validated: defaults for node labels, the nodes listed under
 * {@code nodes.<node>.*}, and the credentials given in the configuration under {@code credentials.<name>.*}.
 *
 * @param defaults what node labels leave out
 * @param nodes the BMCs listed in the configuration, by node name
 * @param nodeFenceOptions fence agent options per listed node
 * @param credentials the {@code config:<name>} credentials, by name
 */
record InventoryConfig(Inventory.Defaults defaults, Map<String, BmcTarget> nodes,
                       Map<String, Map<String, String>> nodeFenceOptions, Map<String, BmcCredentials> credentials) {

    /** The fields of a {@code nodes.<node>.<field>} entry. */
    static final Set<String> NODE_FIELDS = Set.of("address", "protocol", "system", "credentials", "agent", "fenceOptions");
    static final Pattern NODE_KEY = Pattern.compile("nodes\\.(.+)\\.(address|protocol|system|credentials|agent|fenceOptions)");
    static final Pattern CREDENTIALS_KEY = Pattern.compile("credentials\\.([A-Za-z0-9][A-Za-z0-9._-]*)\\.username");

    /** Reads and validates the inventory settings. */
    static InventoryConfig from(ProviderConfig c) {
        Protocol protocol = Protocol.fromConfigName(c.string("protocol", "redfish")).orElseThrow(() ->
                c.invalid("protocol", "'" + c.string("protocol", "") + "' is not allowed; allowed values: "
                        + Protocol.allowedNames()));
        CredentialsRef credentials = c.string("credentials").map(v -> credentialsRef(c, "credentials", v)).orElse(null);
        String agent = c.string("agent").orElse(null);
        if (agent != null && !BmcTarget.isAgentName(agent)) {
            throw c.invalid("agent", "'" + agent + "' is not a fence agent name such as fence_ipmilan");
        }
        Inventory.Defaults defaults = new Inventory.Defaults(protocol, credentials, agent);
        Map<String, BmcTarget> nodes = new LinkedHashMap<>();
        Map<String, Map<String, String>> options = new LinkedHashMap<>();
        for (String node : nodeNames(c)) {
            nodes.put(node, target(c, node, defaults));
            String key = "nodes." + node + ".fenceOptions";
            options.put(node, parse(c, key, () -> FenceSettings.parseOptions(c.string(key, ""))));
        }
        Map<String, BmcCredentials> fromConfig = credentials(c);
        requireKnown(c, "credentials", credentials, fromConfig);
        nodes.forEach((node, t) -> requireKnown(c, "nodes." + node + ".credentials", t.credentials(), fromConfig));
        return new InventoryConfig(defaults, nodes, options, fromConfig);
    }

    private static void requireKnown(ProviderConfig c, String key, CredentialsRef ref, Map<String, BmcCredentials> known) {
        if (ref != null && ref.kind() == CredentialsRef.Kind.CONFIG && !known.containsKey(ref.value())) {
            throw c.invalid(key, "'" + ref + "' names no configured credentials; set credentials." + ref.value()
                    + ".username and the secret credentials." + ref.value() + ".password");
        }
    }

    private static Set<String> nodeNames(ProviderConfig c) {
        Set<String> names = new TreeSet<>();
        for (String key : c.keys()) {
            Matcher m = NODE_KEY.matcher(key);
            if (m.matches()) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    private static BmcTarget target(ProviderConfig c, String node, Inventory.Defaults defaults) {
        String prefix = "nodes." + node + ".";
        Protocol protocol = c.string(prefix + "protocol").map(p -> Protocol.fromConfigName(p).orElseThrow(() ->
                c.invalid(prefix + "protocol", "'" + p + "' is not allowed; allowed values: " + Protocol.allowedNames())))
                .orElse(defaults.protocol());
        BmcAddress address = c.string(prefix + "address")
                .map(a -> parse(c, prefix + "address", () -> BmcAddress.parse(protocol, a))).orElse(null);
        CredentialsRef credentials = c.string(prefix + "credentials")
                .map(v -> credentialsRef(c, prefix + "credentials", v)).orElse(defaults.credentials());
        String agent = protocol == Protocol.FENCE_AGENT ? c.string(prefix + "agent").orElse(defaults.agent()) : null;
        String system = c.string(prefix + "system").orElse(null);
        return parse(c, prefix + "address", () -> new BmcTarget(protocol, address, system, credentials, agent));
    }

    private static Map<String, BmcCredentials> credentials(ProviderConfig c) {
        Map<String, BmcCredentials> out = new LinkedHashMap<>();
        for (String key : c.keys()) {
            Matcher m = CREDENTIALS_KEY.matcher(key);
            if (m.matches()) {
                String name = m.group(1);
                out.put(name, new BmcCredentials(c.require(key), c.requireSecret("credentials." + name + ".password"),
                        new CredentialsRef(CredentialsRef.Kind.CONFIG, name)));
            }
        }
        return out;
    }

    private static CredentialsRef credentialsRef(ProviderConfig c, String key, String value) {
        return parse(c, key, () -> CredentialsRef.parse(value, false));
    }

    private static <T> T parse(ProviderConfig c, String key, java.util.function.Supplier<T> parser) {
        try {
            return parser.get();
        } catch (InvalidProviderConfigException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw c.invalid(key, e.getMessage());
        }
    }
}
