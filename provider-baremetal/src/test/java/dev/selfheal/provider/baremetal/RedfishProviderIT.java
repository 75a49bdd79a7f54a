package dev.selfheal.provider.baremetal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selfheal.spi.ActionResult;
import dev.selfheal.spi.Capability;
import dev.selfheal.spi.FenceResult;
import dev.selfheal.spi.InfrastructureProvider;
import dev.selfheal.spi.MachineNotFoundException;
import dev.selfheal.spi.MachineRef;
import dev.selfheal.spi.MachineStatus;
import dev.selfheal.spi.NodeDescriptor;
import dev.selfheal.spi.PermanentProviderException;
import dev.selfheal.spi.PowerState;
import dev.selfheal.spi.ReplaceResult;
import dev.selfheal.testbed.baremetal.RedfishEmulator;
import dev.selfheal.testbed.baremetal.RedfishEmulatorExtension;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The provider against sushy-tools' Redfish emulator over verified TLS with basic auth. The emulator applies
 * power changes 1 to 11 s after a reset, so every power action here is only confirmed by polling. Each test
 * works on its own system (node-1 to node-3).
 */
@ExtendWith(RedfishEmulatorExtension.class)
class RedfishProviderIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path credentials;

    private static InfrastructureProvider provider(RedfishEmulator bmc, String password) {
        BmcFixtures.secret(credentials, "bmc", bmc.username(), password);
        return BmcFixtures.create(BmcFixtures.config(credentials, "bmc").set("tls.trustStore", bmc.caPem().toString()).build());
    }

    private static MachineRef machine(InfrastructureProvider p, RedfishEmulator bmc, String node) {
        return p.resolve(BmcFixtures.annotatedNode(node, "redfish", bmc.baseUri().toString())).orElseThrow();
    }

    @Test
    void statusFindsTheSystemNamedLikeTheNodeAndReadsPowerAndHealth(RedfishEmulator bmc) {
        try (InfrastructureProvider p = provider(bmc, bmc.password())) {
            MachineRef m = machine(p, bmc, "node-1");
            assertThat(m.id()).isEqualTo("redfish://" + bmc.baseUri().getAuthority() + "#node-1");
            MachineStatus s = p.status(m);
            assertThat(s.power().name()).isEqualToIgnoringCase(bmc.powerState(bmc.systemIds().get(0)));
            assertThat(s.findings()).isEmpty(); // the emulator reports Status.Health=OK
            assertThat(p.capabilities(m)).contains(Capability.POWER_OFF, Capability.REPLACE);
        }
    }

    @Test
    void rebootIsSeenAsOffThenOnThroughPowerState(RedfishEmulator bmc) throws Exception {
        try (InfrastructureProvider p = provider(bmc, bmc.password())) {
            MachineRef m = machine(p, bmc, "node-1");
            p.powerOn(m);
            // The emulator turns a restarting system Off at once and On again at the next whole second plus 0 to
            // 10 s, so the Off phase can be shorter than the watcher's polling: a reboot may go unseen, three won't.
            List<String> seen = List.of();
            for (int attempt = 0; attempt < 3 && !seen.contains("Off"); attempt++) {
                seen = rebootWatched(p, m, bmc, bmc.systemIds().get(0));
            }
            assertThat(seen).containsSubsequence("On", "Off", "On");
            assertThat(p.status(m).power()).isEqualTo(PowerState.ON);
        }
    }

    /** Reboots while a second thread records every PowerState change the emulator reports. */
    private static List<String> rebootWatched(InfrastructureProvider p, MachineRef m, RedfishEmulator bmc, String id)
            throws InterruptedException {
        List<String> seen = new CopyOnWriteArrayList<>();
        AtomicBoolean watching = new AtomicBoolean(true);
        Thread watcher = new Thread(() -> {
            while (watching.get()) {
                String state = bmc.powerState(id);
                if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(state)) {
                    seen.add(state);
                }
                pause();
            }
        });
        watcher.start();
        try {
            ActionResult r = p.reboot(m);
            assertThat(r.action()).isEqualTo(Capability.REBOOT);
            assertThat(r.detail()).contains("forced restart").contains("BMC reports power on");
        } finally {
            watching.set(false);
            watcher.join();
        }
        // reboot() returns as soon as the BMC reports On; the watcher may not have sampled that yet.
        String last = bmc.powerState(id);
        if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(last)) {
            seen.add(last);
        }
        return seen;
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void fenceReturnsOnlyOnceTheBmcReportsOffAndIsIdempotent(RedfishEmulator bmc) {
        String id = bmc.systemIds().get(1);
        try (InfrastructureProvider p = provider(bmc, bmc.password())) {
            MachineRef m = machine(p, bmc, "node-2");
            p.powerOn(m);
            assertThat(bmc.powerState(id)).isEqualTo("On");

            FenceResult fenced = p.powerOff(m);
            assertThat(fenced.confirmedState()).isEqualTo(PowerState.OFF);
            assertThat(bmc.powerState(id)).isEqualTo("Off");
            assertThat(p.powerOff(m).confirmedState()).isEqualTo(PowerState.OFF);

            assertThat(p.powerOn(m).detail()).contains("powered on");
            assertThat(bmc.powerState(id)).isEqualTo("On");
        }
    }

    @Test
    void replaceSetsAOneTimePxeBootAndRestarts(RedfishEmulator bmc) throws Exception {
        String id = bmc.systemIds().get(2);
        BmcFixtures.secret(credentials, "bmc", bmc.username(), bmc.password());
        try (InfrastructureProvider p = BmcFixtures.create(BmcFixtures.config(credentials, "bmc")
                .set("tls.trustStore", bmc.caPem().toString())
                .set("nodes.worker-3.address", bmc.baseUri().toString()).set("nodes.worker-3.system", id).build())) {
            MachineRef m = p.resolve(NodeDescriptor.of("worker-3", null)).orElseThrow();
            assertThat(m.id()).endsWith("/" + id);

            ReplaceResult r = p.replace(m);
            assertThat(r.progress()).isEqualTo(ReplaceResult.Progress.STARTED);
            assertThat(r.detail()).startsWith("re-provisioning started");
            String boot = JSON.readTree(bmc.get(bmc.systemPath(id)).body()).path("Boot").path("BootSourceOverrideTarget").asText();
            assertThat(boot).isEqualTo("Pxe");
            assertThat(bmc.powerState(id)).isEqualTo("On");
        }
    }

    @Test
    void wrongPasswordIsAClearPermanentErrorWithoutTheSecret(RedfishEmulator bmc) {
        String wrong = "wrong-" + UUID.randomUUID();
        try (InfrastructureProvider p = provider(bmc, wrong)) {
            MachineRef m = machine(p, bmc, "node-1");
            assertThatThrownBy(() -> p.status(m))
                    .isInstanceOf(PermanentProviderException.class)
                    .hasMessageContaining("HTTP 401").hasMessageContaining("rejected the credentials from secret:bmc")
                    .hasMessageContaining("node node-1").hasMessageContaining("redfish:GET")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(wrong, bmc.password()));
            assertThatThrownBy(() -> p.powerOff(m)).isInstanceOf(PermanentProviderException.class);
        }
    }

    @Test
    void certificatesAreVerifiedByDefault(RedfishEmulator bmc) {
        BmcFixtures.secret(credentials, "bmc", bmc.username(), bmc.password());
        try (InfrastructureProvider p = BmcFixtures.create(BmcFixtures.config(credentials, "bmc").build())) {
            MachineRef m = machine(p, bmc, "node-1");
            assertThatThrownBy(() -> p.status(m)).isInstanceOf(PermanentProviderException.class)
                    .hasMessageContaining("TLS").hasMessageContaining("tls.trustStore");
        }
    }

    @Test
    void anUnknownSystemIsMachineNotFound(RedfishEmulator bmc) {
        BmcFixtures.secret(credentials, "bmc", bmc.username(), bmc.password());
        String unknown = UUID.randomUUID().toString();
        try (InfrastructureProvider p = BmcFixtures.create(BmcFixtures.config(credentials, "bmc")
                .set("tls.trustStore", bmc.caPem().toString())
                .set("nodes.ghost.address", bmc.baseUri().toString()).set("nodes.ghost.system", unknown).build())) {
            MachineRef m = p.resolve(NodeDescriptor.of("ghost", null)).orElseThrow();
            assertThatThrownBy(() -> p.status(m)).isInstanceOf(MachineNotFoundException.class)
                    .hasMessageContaining("HTTP 404").hasMessageContaining(unknown);
            assertThatThrownBy(() -> p.powerOff(m)).isInstanceOf(MachineNotFoundException.class);
        }
    }
}
