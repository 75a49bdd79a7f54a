package dev.selfheal.provider.vsphere;

import dev.selfheal.provider.vsphere.internal.TlsContexts;
import dev.selfheal.spi.ProviderConfig;
import dev.selfheal.spi.Secret;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import javax.net.ssl.SSLContext;

/**
 * The validated, immutable configuration of a vSphere provider, read from a {@link ProviderConfig} by
 * {@link #from(ProviderConfig)}. Every key is checked at once; a bad value fails with the key and what is
 * allowed. See the module README for the reference table.
 */
public final class VsphereProviderConfig {

    /** How {@code replace} re-creates a VM. */
    public enum ReplaceStrategy {
        /** Replace is not offered. */
        NONE,
        /** Clone the configured template into the old VM's place after destroying the old VM. */
        TEMPLATE,
        /** Clone the old VM itself (its boot disk, data disks detached) and destroy the old one. */
        SOURCE
    }

    /** How to find the VM of a node that has no providerID. */
    public enum Lookup {
        /** Nodes without a providerID are not this provider's. */
        NONE,
        /** By VM name, from {@code lookup.nameTemplate}. */
        NAME,
        /** By inventory path, from {@code lookup.pathTemplate}. */
        PATH
    }

    static final Set<String> KEYS = Set.of("url", "username", "tls.trustStore", "tls.trustStoreType", "tls.insecure",
            "datacenter", "lookup.fallback", "lookup.nameTemplate", "lookup.pathTemplate", "timeout.connect",
            "timeout.request", "timeout.task", "timeout.clone", "session.keepAlive", "replace.strategy",
            "replace.template", "replace.allowDeletingVmFolderDisks");

    private final URI url;
    private final String username;
    private final Secret password;
    private final Tls tls;
    private final String datacenter;
    private final Lookup lookup;
    private final String lookupTemplate;
    private final Timeouts timeouts;
    private final Duration keepAlive;
    private final ReplaceStrategy replaceStrategy;
    private final String replaceTemplate;
    private final boolean allowDeletingVmFolderDisks;

    /** TLS settings: the verified context, and whether verification is off. */
    record Tls(SSLContext context, String trustStore, boolean insecure) {
    }

    /**
     * Time limits.
     *
     * @param connect TCP/TLS connect
     * @param request one SOAP call
     * @param task one power, reconfigure or destroy task
     * @param cloneTask one clone task
     */
    public record Timeouts(Duration connect, Duration request, Duration task, Duration cloneTask) {
    }

    private VsphereProviderConfig(ProviderConfig c) {
        this.url = sdkUrl(c);
        this.username = c.require("username");
        this.password = c.requireSecret("password");
        this.tls = tls(c);
        this.datacenter = c.string("datacenter").orElse(null);
        this.lookup = Lookup.valueOf(c.oneOf("lookup.fallback", "none", Set.of("none", "name", "path")).toUpperCase(Locale.ROOT));
        this.lookupTemplate = lookupTemplate(c, lookup);
        this.timeouts = new Timeouts(
                c.duration("timeout.connect", Duration.ofSeconds(10), Duration.ofSeconds(1), Duration.ofMinutes(5)),
                c.duration("timeout.request", Duration.ofSeconds(60), Duration.ofSeconds(1), Duration.ofMinutes(30)),
                c.duration("timeout.task", Duration.ofMinutes(5), Duration.ofSeconds(1), Duration.ofHours(6)),
                c.duration("timeout.clone", Duration.ofMinutes(30), Duration.ofSeconds(1), Duration.ofHours(24)));
        this.keepAlive = c.duration("session.keepAlive", Duration.ofMinutes(10), Duration.ZERO, Duration.ofHours(1));
        this.replaceStrategy = ReplaceStrategy.valueOf(c.oneOf("replace.strategy", "none",
                Set.of("none", "template", "source")).toUpperCase(Locale.ROOT));
        this.replaceTemplate = replaceTemplate(c, replaceStrategy);
        this.allowDeletingVmFolderDisks = c.bool("replace.allowDeletingVmFolderDisks", false);
    }

    /**
     * Reads and validates a configuration.
     *
     * @throws dev.selfheal.spi.InvalidProviderConfigException naming the key and what is allowed
     */
    public static VsphereProviderConfig from(ProviderConfig config) {
        Set<String> unknown = unknownKeys(config);
        if (!unknown.isEmpty()) {
            String key = unknown.iterator().next();
            throw config.invalid(key, "is not a setting of the vsphere provider; allowed keys: " + new TreeSet<>(KEYS)
                    + " and the secrets [password, tls.trustStorePassword]");
        }
        return new VsphereProviderConfig(config);
    }

    /** Keys present in {@code config} that this provider does not know (likely typos). */
    static Set<String> unknownKeys(ProviderConfig config) {
        Set<String> unknown = new TreeSet<>(config.keys());
        unknown.removeAll(KEYS);
        return unknown;
    }

    private static URI sdkUrl(ProviderConfig c) {
        URI u = c.uri("url").orElseThrow(() -> c.invalid("url", "is required but missing; e.g. https://vcenter.example.com/sdk"));
        if (!"https".equalsIgnoreCase(u.getScheme()) || u.getHost() == null) {
            throw c.invalid("url", "'" + u + "' is not allowed; allowed values: an https URL such as https://vcenter.example.com/sdk");
        }
        if (u.getUserInfo() != null || u.getQuery() != null) {
            throw c.invalid("url", "must not carry user info or a query; put the user in 'username' and the password in the 'password' secret");
        }
        String path = u.getPath() == null || u.getPath().isEmpty() || "/".equals(u.getPath()) ? "/sdk" : u.getPath();
        return URI.create("https://" + u.getRawAuthority() + path);
    }

    private static Tls tls(ProviderConfig c) {
        boolean insecure = c.bool("tls.insecure", false);
        Optional<Path> store = c.path("tls.trustStore");
        if (insecure && store.isPresent()) {
            throw c.invalid("tls.insecure", "true contradicts tls.trustStore; set one of them");
        }
        if (insecure) {
            return new Tls(TlsContexts.trustingAnything(), null, true);
        }
        if (store.isEmpty()) {
            return new Tls(null, null, false);
        }
        Path file = store.get();
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw c.invalid("tls.trustStore", "'" + file + "' is not a readable file; allowed: a regular PEM, PKCS#12 or JKS"
                    + " file of at most 1 MiB");
        }
        String type = c.oneOf("tls.trustStoreType", defaultStoreType(file), Set.of("pem", "pkcs12", "jks"));
        char[] pw = c.secret("tls.trustStorePassword").map(s -> s.reveal().toCharArray()).orElse(null);
        try {
            return new Tls(TlsContexts.trusting(file, type, pw), file.toString(), false);
        } catch (IllegalArgumentException e) {
            throw c.invalid("tls.trustStore", e.getMessage());
        }
    }

    private static String defaultStoreType(Path file) {
        String n = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (n.endsWith(".pem") || n.endsWith(".crt") || n.endsWith(".cer")) {
            return "pem";
        }
        return n.endsWith(".jks") ? "jks" : "pkcs12";
    }

    private static String lookupTemplate(ProviderConfig c, Lookup lookup) {
        String used = switch (lookup) {
            case NAME -> "lookup.nameTemplate";
            case PATH -> "lookup.pathTemplate";
            case NONE -> null;
        };
        for (String k : new String[] {"lookup.nameTemplate", "lookup.pathTemplate"}) {
            if (!k.equals(used) && c.string(k).isPresent()) {
                throw c.invalid(k, "is set but lookup.fallback is '" + lookup.name().toLowerCase(Locale.ROOT)
                        + "'; allowed: set lookup.fallback to " + (k.contains("name") ? "name" : "path"));
            }
        }
        if (used == null) {
            return null;
        }
        String t = lookup == Lookup.PATH ? c.require(used) : c.string(used, "{node}");
        if (!t.contains("{node}")) {
            throw c.invalid(used, "'" + t + "' does not contain the {node} placeholder");
        }
        return t;
    }

    private static String replaceTemplate(ProviderConfig c, ReplaceStrategy strategy) {
        Optional<String> t = c.string("replace.template");
        if (strategy == ReplaceStrategy.TEMPLATE) {
            return t.orElseThrow(() -> c.invalid("replace.template",
                    "is required when replace.strategy is 'template': an inventory path (DC0/vm/templates/node) or a VM name"));
        }
        if (t.isPresent()) {
            throw c.invalid("replace.template", "is set but replace.strategy is '"
                    + strategy.name().toLowerCase(Locale.ROOT) + "'; allowed: set replace.strategy to template");
        }
        return null;
    }

    /** The SDK endpoint, such as {@code https://vcenter.example.com/sdk}. */
    public URI url() {
        return url;
    }

    /** The login user. */
    public String username() {
        return username;
    }

    /** The login password. */
    Secret password() {
        return password;
    }

    /** The TLS settings. */
    Tls tls() {
        return tls;
    }

    /** Whether TLS verification is turned off ({@code tls.insecure=true}). */
    public boolean tlsInsecure() {
        return tls.insecure();
    }

    /** The datacenter inventory path that scopes lookups, when set. */
    public Optional<String> datacenter() {
        return Optional.ofNullable(datacenter);
    }

    /** How to find the VM of a node without providerID. */
    public Lookup lookup() {
        return lookup;
    }

    /** The name or path template of the lookup fallback, with {@code {node}}; null when there is none. */
    public Optional<String> lookupTemplate() {
        return Optional.ofNullable(lookupTemplate);
    }

    /** The time limits. */
    public Timeouts timeouts() {
        return timeouts;
    }

    /** How often to keep the session alive; zero for never. */
    public Duration keepAlive() {
        return keepAlive;
    }

    /** How replace re-creates VMs. */
    public ReplaceStrategy replaceStrategy() {
        return replaceStrategy;
    }

    /** The template to clone for {@link ReplaceStrategy#TEMPLATE}. */
    public Optional<String> replaceTemplate() {
        return Optional.ofNullable(replaceTemplate);
    }

    /** Whether replace may destroy a VM whose detached disks lie in its own folder (they are deleted with it). */
    public boolean allowDeletingVmFolderDisks() {
        return allowDeletingVmFolderDisks;
    }

    /** Every setting but secrets. */
    @Override
    public String toString() {
        return "VsphereProviderConfig{url=" + url + ", username=" + username + ", password=****"
                + ", tls=" + (tls.insecure() ? "INSECURE" : tls.trustStore() == null ? "jdk-default" : tls.trustStore())
                + ", datacenter=" + datacenter + ", lookup=" + lookup + (lookupTemplate == null ? "" : " " + lookupTemplate)
                + ", timeouts=" + timeouts + ", keepAlive=" + keepAlive + ", replace=" + replaceStrategy
                + (replaceTemplate == null ? "" : " " + replaceTemplate) + "}";
    }
}
