package dev.selfheal.provider.baremetal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selfheal.spi.InfrastructureProvider;
import dev.selfheal.spi.MachineRef;
import dev.selfheal.spi.PowerState;
import dev.selfheal.spi.RetryableProviderException;
import dev.selfheal.testbed.baremetal.RedfishEmulator;
import dev.selfheal.testbed.baremetal.RedfishEmulatorExtension;
import dev.selfheal.testbed.toxiproxy.ToxiproxyExtension;
import dev.selfheal.testbed.toxiproxy.ToxiproxyServer;
import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Redfish BMC behind Toxiproxy that stops answering (a timeout toxic holds every connection open without
 * passing data): every call ends with a clear retryable time-out within the configured limit, fencing never
 * reports the machine off, and calls work again once the BMC answers.
 */
@ExtendWith({ToxiproxyExtension.class, RedfishEmulatorExtension.class})
class UnresponsiveBmcIT {

    @TempDir
    static Path credentials;

    @Test
    void aBmcThatStopsAnsweringIsATimeoutNeverOff(ToxiproxyServer toxiproxy, RedfishEmulator bmc) throws Exception {
        Proxy proxy = toxiproxy.proxy("baremetal-redfish", bmc.baseUri().getAuthority());
        BmcFixtures.secret(credentials, "bmc", bmc.username(), bmc.password());
        try (InfrastructureProvider p = BmcFixtures.create(BmcFixtures.config(credentials, "bmc")
                .set("tls.trustStore", bmc.caPem().toString()).set("callTimeout", "2s").build())) {
            MachineRef m = p.resolve(BmcFixtures.annotatedNode("node-2", "redfish",
                    ToxiproxyServer.uri("https", proxy).toString())).orElseThrow();
            PowerState before = p.status(m).power();
            assertThat(before).isIn(PowerState.ON, PowerState.OFF);

            proxy.toxics().timeout("bmc-hangs", ToxicDirection.UPSTREAM, 0);
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> p.status(m)).isInstanceOf(RetryableProviderException.class)
                    .hasMessageContaining("did not answer within PT2S").hasMessageContaining("unknown (not off)")
                    .hasMessageContaining("node node-2");
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
            assertThatThrownBy(() -> p.powerOff(m)).isInstanceOf(RetryableProviderException.class)
                    .hasMessageContaining("did not answer");
            assertThatThrownBy(() -> p.reboot(m)).isInstanceOf(RetryableProviderException.class);

            proxy.toxics().get("bmc-hangs").remove();
            assertThat(p.status(m).power()).as("answers again").isEqualTo(before);
        } finally {
            proxy.delete();
        }
    }
}
