package dev.selfheal.provider.baremetal;

import dev.selfheal.spi.InfrastructureProvider;
import dev.selfheal.spi.NodeDescriptor;
import dev.selfheal.spi.ProviderConfig;
import dev.selfheal.spi.ProviderContext;
import dev.selfheal.spi.ProviderDiscovery;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Shared set-up for the provider's tests: credentials folders as mounted Secrets, configs, nodes. */
final class BmcFixtures {

    static final String PREFIX = "bmc.selfheal.dev/";

    private BmcFixtures() {
    }

    /** Writes {@code <root>/<secret>/username} and {@code password} as a mounted Secret would (with a trailing newline). */
    static Path secret(Path root, String secret, String username, String password) {
        try {
            Path dir = Files.createDirectories(root.resolve(secret));
            Files.writeString(dir.resolve("username"), username + "\n");
            Files.writeString(dir.resolve("password"), password + "\n");
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A config reading credentials from {@code secret:<secret>} under {@code credentialsDir}, with short waits. */
    static ProviderConfig.Builder config(Path credentialsDir, String secret) {
        return ProviderConfig.builder("baremetal")
                .set("credentialsDir", credentialsDir.toString())
                .set("credentials", "secret:" + secret)
                .set("pollInterval", "200ms")
                .set("callTimeout", "10s")
                .set("powerTimeout", "60s");
    }

    /** A provider found through ServiceLoader, as an application gets it. */
    static InfrastructureProvider create(ProviderConfig config) {
        return ProviderDiscovery.load().create(ProviderContext.of(config));
    }

    /** A node that names its BMC with an annotation (address) and a label (protocol). */
    static NodeDescriptor annotatedNode(String name, String protocol, String address) {
        return new NodeDescriptor(name, null, Map.of(PREFIX + "protocol", protocol), Map.of(PREFIX + "address", address));
    }
}
