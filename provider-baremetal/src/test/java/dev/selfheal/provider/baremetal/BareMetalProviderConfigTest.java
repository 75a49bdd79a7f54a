package dev.selfheal.provider.baremetal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selfheal.provider.baremetal.bmc.Protocol;
import dev.selfheal.provider.baremetal.redfish.RedfishSettings;
import dev.selfheal.spi.InvalidProviderConfigException;
import dev.selfheal.spi.ProviderConfig;
import dev.selfheal.spi.ProviderContext;
import dev.selfheal.spi.ProviderDiscovery;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BareMetalProviderConfigTest {

    private static ProviderConfig.Builder base() {
        return ProviderConfig.builder("baremetal");
    }

    private static void rejects(ProviderConfig.Builder b, String field, String... fragments) {
        assertThatThrownBy(() -> BareMetalProviderConfig.from(b.build()))
                .isInstanceOf(InvalidProviderConfigException.class)
                .satisfies(e -> assertThat(((InvalidProviderConfigException) e).field()).isEqualTo(field))
                .hasMessageContainingAll(fragments);
    }

    @Test
    void defaultsAreSafeAndVerifyTls() {
        BareMetalProviderConfig c = BareMetalProviderConfig.from(base().build());
        assertThat(c.callTimeout()).isEqualTo(Duration.ofSeconds(15));
        assertThat(c.powerTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.rebootMethod()).isEqualTo(BareMetalProviderConfig.RebootMethod.FORCE);
        assertThat(c.replace().mode()).isEqualTo(ReplaceSettings.Mode.PXE);
        assertThat(c.redfish().auth()).isEqualTo(RedfishSettings.AuthMode.AUTO);
        assertThat(c.inventory().defaults().protocol()).isEqualTo(Protocol.REDFISH);
        assertThat(c.ipmi().cipherSuite()).isEqualTo(3);
        assertThat(c.ipmi().requestTimeout().multipliedBy(c.ipmi().retries() + 1L)).isLessThanOrEqualTo(c.callTimeout());
        assertThat(c.labelPrefix()).isEqualTo("bmc.selfheal.dev/");
        assertThat(c.fence().agentDir()).isEqualTo(Path.of("/usr/sbin"));
    }

    @Test
    void unknownKeysAreRejectedSoTyposDoNotGoUnnoticed() {
        rejects(base().set("redfsh.auth", "basic"), "redfsh.auth", "unknown key", "redfish.auth");
        rejects(base().set("nodes.w1.adress", "10.0.0.1"), "nodes.w1.adress", "unknown key");
    }

    @Test
    void badValuesNameTheFieldAndWhatIsAllowed() {
        rejects(base().set("protocol", "snmp"), "protocol", "snmp", "redfish, ipmi, fence-agent");
        rejects(base().set("callTimeout", "0s"), "callTimeout", "out of range");
        rejects(base().set("redfish.auth", "digest"), "redfish.auth", "auto", "basic", "session");
        rejects(base().set("credentials", "vault:bmc"), "credentials", "secret:<name>");
        rejects(base().set("agent", "ipmilan"), "agent", "fence_ipmilan");
        rejects(base().set("ipmi.requestTimeout", "5s").set("ipmi.retries", "3"), "ipmi.requestTimeout", "exceeds callTimeout");
        rejects(base().set("fence.options", "password=x"), "fence.options", "reserved");
        rejects(base().set("fence.options", "lanplus"), "fence.options", "key=value");
        rejects(base().set("nodes.w1.address", "10.0.0.1;rm -rf /"), "nodes.w1.address", "host[:port]");
        rejects(base().set("nodes.w1.address", "ftp://10.0.0.1"), "nodes.w1.address", "scheme");
        rejects(base().set("nodes.w1.address", "10.0.0.1").set("nodes.w1.protocol", "ipmi").set("credentials", "secret:x")
                .set("nodes.w1.system", "a b"), "nodes.w1.address", "system 'a b'");
    }

    @Test
    void anAddressWithUserInformationIsRefusedWithoutShowingIt() {
        for (String address : new String[] {"https://root:calvin-canary@10.0.0.1", "root:calvin-canary@10.0.0.1:623",
                "https://root:calvin%2Dcanary@bmc:8443/"}) {
            assertThatThrownBy(() -> BareMetalProviderConfig.from(base().set("nodes.w1.address", address)
                    .set("credentials", "secret:x").build()))
                    .isInstanceOf(InvalidProviderConfigException.class).hasMessageContaining("nodes.w1.address")
                    .hasMessageContaining("user information")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("calvin"));
        }
    }

    @Test
    void aListedNodeNeedsCredentialsAndConfigCredentialsMustExist() {
        rejects(base().set("nodes.w1.address", "10.0.0.1"), "nodes.w1.address", "credentials reference is required");
        rejects(base().set("credentials", "config:rack"), "credentials", "credentials.rack.username");
        BareMetalProviderConfig c = BareMetalProviderConfig.from(base().set("credentials", "config:rack")
                .set("credentials.rack.username", "root").secret("credentials.rack.password", "s3cret")
                .set("nodes.worker-1.example.com.address", "10.0.0.1").build());
        assertThat(c.inventory().nodes()).containsKey("worker-1.example.com");
        assertThat(c.inventory().credentials().get("rack").username()).isEqualTo("root");
        assertThat(c.toString()).doesNotContain("s3cret").doesNotContain("root");
        rejects(base().set("credentials.rack.username", "root"), "credentials.rack.password", "secret");
    }

    @Test
    void tlsOptOutContradictingATrustStoreIsRejectedAndAMissingTrustStoreNamed(@TempDir Path dir) {
        rejects(base().set("tls.verify", "false").set("tls.trustStore", dir.resolve("ca.pem").toString()), "tls.verify",
                "contradicts");
        rejects(base().set("tls.trustStore", dir.resolve("missing.pem").toString()), "tls.trustStore", "does not exist");
        assertThat(BareMetalProviderConfig.from(base().set("tls.verify", "false").build()).redfish().sslContext()).isNotNull();
    }

    @Test
    void anUnreadableTrustStoreIsRejected(@TempDir Path dir) throws Exception {
        Path junk = Files.writeString(dir.resolve("ca.pem"), "not a certificate");
        rejects(base().set("tls.trustStore", junk.toString()), "tls.trustStore", "cannot load trust store");
    }

    @Test
    void replaceHookMustBeAnExecutableAndHookModeNeedsOne(@TempDir Path dir) throws Exception {
        rejects(base().set("replace.mode", "hook"), "replace.hook", "required");
        rejects(base().set("replace.hook", "relative/hook"), "replace.hook", "absolute path");
        Path script = Files.writeString(dir.resolve("hook"), "#!/bin/sh\n");
        rejects(base().set("replace.hook", script.toString()), "replace.hook", "executable");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        rejects(base().set("replace.mode", "none").set("replace.hook", script.toString()), "replace.hook", "never runs");
        assertThat(BareMetalProviderConfig.from(base().set("replace.mode", "hook").set("replace.hook", script.toString())
                .build()).replace().hook()).isEqualTo(script);
    }

    @Test
    void theFactoryIsFoundThroughServiceLoaderAndValidatesFirst() {
        ProviderDiscovery discovery = ProviderDiscovery.load();
        assertThat(discovery.knownTypes()).contains("baremetal");
        assertThatThrownBy(() -> discovery.create(ProviderContext.of(base().set("pollInterval", "fast").build())))
                .isInstanceOf(InvalidProviderConfigException.class).hasMessageContaining("pollInterval");
        try (var p = discovery.create(ProviderContext.of(base().set("replace.mode", "none").build()))) {
            assertThat(p.type()).isEqualTo("baremetal");
            assertThat(p.capabilities()).doesNotContain(dev.selfheal.spi.Capability.REPLACE, dev.selfheal.spi.Capability.DETACH_VOLUMES);
        }
    }
}
