package dev.selfheal.provider.baremetal;

import dev.selfheal.provider.baremetal.fence.FenceSettings;
import dev.selfheal.provider.baremetal.ipmi.IpmiSettings;
import dev.selfheal.provider.baremetal.redfish.RedfishSettings;
import dev.selfheal.provider.baremetal.redfish.TlsTrust;
import dev.selfheal.spi.ProviderConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The validated, immutable configuration of a bare-metal provider, built from a {@link ProviderConfig}
 * with every key checked at once (unknown keys included, so a typo fails instead of being ignored). See
 * the module's README for the reference of every key.
 *
 * @param callTimeout the limit on one BMC call (HTTP exchange, ipmitool run)
 * @param powerTimeout how long to wait for a power state after a command
 * @param pollInterval the pause between power state reads while waiting
 * @param concurrency the threads that poll BMCs
 * @param rebootMethod how reboot restarts a machine
 * @param gracefulTimeout how long a graceful shutdown may take before power is cut
 * @param replace how replace re-provisions a machine
 * @param credentialsDir where {@code secret:<name>} credentials folders are mounted
 * @param labelPrefix the prefix of node labels and annotations naming a BMC
 * @param nodeLabels whether nodes may name their BMC through labels and annotations
 * @param inventory defaults, listed nodes and configured credentials
 * @param redfish Redfish settings
 * @param ipmi IPMI settings
 * @param fence fence agent settings
 */
public record BareMetalProviderConfig(Duration callTimeout, Duration powerTimeout, Duration pollInterval, int concurrency,
                                      RebootMethod rebootMethod, Duration gracefulTimeout, ReplaceSettings replace,
                                      Path credentialsDir, String labelPrefix, boolean nodeLabels, InventoryConfig inventory,
                                      RedfishSettings redfish, IpmiSettings ipmi, FenceSettings fence) {

    private static final Logger LOG = LoggerFactory.getLogger(BareMetalProviderConfig.class);

    /** Plain keys outside {@code nodes.<node>.*} and {@code credentials.<name>.*}. */
    static final Set<String> KEYS = Set.of("protocol", "credentials", "agent", "credentialsDir", "labelPrefix",
            "nodeLabels", "callTimeout", "powerTimeout", "pollInterval", "concurrency", "reboot.method",
            "reboot.gracefulTimeout", "replace.mode", "replace.hook", "replace.hookTimeout", "redfish.auth", "tls.verify",
            "tls.trustStore", "ipmi.tool", "ipmi.cipherSuite", "ipmi.privilege", "ipmi.restartCommand",
            "ipmi.requestTimeout", "ipmi.retries", "ipmi.efiBoot", "fence.agentDir", "fence.timeout", "fence.options");

    /** How reboot restarts a machine. */
    public enum RebootMethod {
        /** A hard restart (Redfish ForceRestart, IPMI power cycle or reset, fence agent reboot). */
        FORCE,
        /** An ACPI shutdown, power cut after {@code reboot.gracefulTimeout}, then power on. */
        GRACEFUL
    }

    /**
     * Reads and validates a configuration.
     *
     * @throws dev.selfheal.spi.InvalidProviderConfigException naming the first bad key and what is allowed
     */
    public static BareMetalProviderConfig from(ProviderConfig c) {
        checkKeys(c);
        Duration callTimeout = c.duration("callTimeout", Duration.ofSeconds(15), Duration.ofSeconds(1), Duration.ofMinutes(5));
        Duration powerTimeout = c.duration("powerTimeout", Duration.ofMinutes(5), Duration.ofSeconds(1), Duration.ofHours(1));
        Duration pollInterval = c.duration("pollInterval", Duration.ofSeconds(2), Duration.ofMillis(100), Duration.ofMinutes(1));
        int concurrency = c.integer("concurrency", 4, 1, 64);
        RebootMethod reboot = RebootMethod.valueOf(
                c.oneOf("reboot.method", "force", Set.of("force", "graceful")).toUpperCase(Locale.ROOT));
        Duration graceful = c.duration("reboot.gracefulTimeout", Duration.ofMinutes(2), Duration.ofSeconds(1), Duration.ofHours(1));
        String prefix = c.string("labelPrefix", "bmc.selfheal.dev/");
        if (!prefix.matches("([a-z0-9]([a-z0-9.-]*[a-z0-9])?/)?[A-Za-z0-9._-]*")) {
            throw c.invalid("labelPrefix", "'" + prefix + "' is not a label name prefix such as bmc.selfheal.dev/");
        }
        InventoryConfig inventory = InventoryConfig.from(c);
        FenceSettings fence = fence(c, inventory);
        return new BareMetalProviderConfig(callTimeout, powerTimeout, pollInterval, concurrency, reboot, graceful,
                ReplaceSettings.from(c), c.path("credentialsDir").orElse(Path.of("/etc/selfheal/bmc")), prefix,
                c.bool("nodeLabels", true), inventory, redfish(c, callTimeout), ipmi(c, callTimeout), fence);
    }

    private static void checkKeys(ProviderConfig c) {
        for (String key : c.keys()) {
            if (!KEYS.contains(key) && !InventoryConfig.NODE_KEY.matcher(key).matches()
                    && !InventoryConfig.CREDENTIALS_KEY.matcher(key).matches()) {
                throw c.invalid(key, "unknown key; known keys: " + new TreeSet<>(KEYS)
                        + ", nodes.<node>." + new TreeSet<>(InventoryConfig.NODE_FIELDS) + ", credentials.<name>.username");
            }
        }
    }

    private static RedfishSettings redfish(ProviderConfig c, Duration callTimeout) {
        RedfishSettings.AuthMode auth = RedfishSettings.AuthMode.valueOf(
                c.oneOf("redfish.auth", "auto", Set.of("auto", "session", "basic")).toUpperCase(Locale.ROOT));
        return new RedfishSettings(auth, callTimeout, sslContext(c));
    }

    private static SSLContext sslContext(ProviderConfig c) {
        boolean verify = c.bool("tls.verify", true);
        Path trustStore = c.path("tls.trustStore").orElse(null);
        if (!verify) {
            if (trustStore != null) {
                throw c.invalid("tls.verify", "false contradicts tls.trustStore; drop one of them");
            }
            LOG.warn("provider '{}': tls.verify=false: BMC certificates and host names are NOT verified; anyone on the"
                    + " path to a BMC can read its credentials. Configure tls.trustStore instead.", c.name());
            return TlsTrust.trustingAnything();
        }
        if (trustStore != null && (!Files.isRegularFile(trustStore) || !Files.isReadable(trustStore))) {
            throw c.invalid("tls.trustStore", "file " + trustStore + " does not exist, is not a regular file or cannot be read;"
                    + " allowed: a PEM, PKCS#12 or JKS file of at most 1 MiB");
        }
        try {
            return TlsTrust.verifying(trustStore, c.secret("tls.trustStorePassword").orElse(null));
        } catch (IllegalArgumentException e) {
            throw c.invalid("tls.trustStore", e.getMessage());
        }
    }

    private static IpmiSettings ipmi(ProviderConfig c, Duration callTimeout) {
        Duration defaultRequest = callTimeout.compareTo(Duration.ofSeconds(9)) >= 0 ? Duration.ofSeconds(2) : Duration.ofSeconds(1);
        Duration request = c.duration("ipmi.requestTimeout", defaultRequest, Duration.ofSeconds(1), Duration.ofMinutes(1));
        // By default ipmitool retries as often as fits into callTimeout, at most twice.
        long fits = callTimeout.toSeconds() / Math.max(1, request.toSeconds()) - 1;
        int retries = c.integer("ipmi.retries", (int) Math.max(0, Math.min(2, fits)), 0, 10);
        if (request.multipliedBy(retries + 1L).compareTo(callTimeout) > 0) {
            throw c.invalid("ipmi.requestTimeout", request + " x (ipmi.retries " + retries + " + 1) exceeds callTimeout "
                    + callTimeout + ": ipmitool would be killed before it gives up");
        }
        return new IpmiSettings(c.string("ipmi.tool", "ipmitool"), c.integer("ipmi.cipherSuite", 3, 0, 17),
                c.oneOf("ipmi.privilege", "administrator", Set.of("callback", "user", "operator", "administrator"))
                        .toUpperCase(Locale.ROOT),
                c.oneOf("ipmi.restartCommand", "cycle", Set.of("cycle", "reset")), request, retries, callTimeout,
                c.bool("ipmi.efiBoot", false));
    }

    private static FenceSettings fence(ProviderConfig c, InventoryConfig inventory) {
        Path dir = c.path("fence.agentDir").orElse(Path.of("/usr/sbin"));
        if (!dir.isAbsolute()) {
            throw c.invalid("fence.agentDir", "'" + dir + "' is not an absolute folder");
        }
        Duration timeout = c.duration("fence.timeout", Duration.ofMinutes(2), Duration.ofSeconds(1), Duration.ofMinutes(30));
        try {
            return new FenceSettings(dir, timeout, FenceSettings.parseOptions(c.string("fence.options", "")),
                    inventory.nodeFenceOptions());
        } catch (IllegalArgumentException e) {
            throw c.invalid("fence.options", e.getMessage());
        }
    }

    /** Lists the settings without credentials. */
    @Override
    public String toString() {
        return "BareMetalProviderConfig{callTimeout=" + callTimeout + ", powerTimeout=" + powerTimeout + ", pollInterval="
                + pollInterval + ", reboot=" + rebootMethod + ", replace=" + replace + ", nodes="
                + inventory.nodes().keySet() + ", redfish.auth=" + redfish.auth() + "}";
    }
}
