package dev.selfheal.provider.vsphere;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selfheal.provider.vsphere.internal.VcsimInventory;
import dev.selfheal.provider.vsphere.internal.VmSnapshot;
import dev.selfheal.spi.MachineRef;
import dev.selfheal.spi.NodeDescriptor;
import dev.selfheal.spi.PermanentProviderException;
import dev.selfheal.spi.PowerState;
import dev.selfheal.testbed.process.Await;
import dev.selfheal.testbed.vsphere.Vcsim;
import dev.selfheal.testbed.vsphere.VcsimExtension;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Login, TLS, session renewal, keep-alive and logout against vcsim; credentials never show. */
@ExtendWith(VcsimExtension.class)
class VsphereSessionIT {

    private static MachineRef seedVm(VcsimInventory inventory, VsphereProvider p) {
        VmSnapshot vm = inventory.vm(VcsimInventory.SEED_VM);
        return p.resolve(NodeDescriptor.of("seed", "vsphere://" + vm.biosUuid())).orElseThrow();
    }

    @Test
    void badCredentialsFailClearlyWithoutShowingThePassword(Vcsim vc) {
        String wrong = "Wrong-" + vc.password();
        String log = TestProviders.capturingStderr(() -> {
            try (VsphereProvider p = TestProviders.create(vc, b -> b.secret("password", wrong))) {
                MachineRef ref = p.resolve(NodeDescriptor.of("n", "vsphere://42000000-0000-0000-0000-000000000001")).orElseThrow();
                assertThatThrownBy(() -> p.status(ref)).isInstanceOf(PermanentProviderException.class)
                        .hasMessageContaining("vim25:Login").hasMessageContaining("InvalidLogin")
                        .hasMessageContaining("user '" + vc.username() + "'").hasMessageContaining(vc.url().toString())
                        .hasMessageContaining("'password' secret")
                        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(wrong).doesNotContain(vc.password()));
            }
        });
        assertThat(log).doesNotContain(wrong).doesNotContain(vc.password());
    }

    @Test
    void tlsIsVerifiedByDefaultAndAnUntrustedCertificateIsAClearError(Vcsim vc) {
        try (VsphereProvider p = TestProviders.create(TestProviders.config(vc).set("tls.trustStore", "")
                .set("url", vc.url().toString()).build())) {
            MachineRef ref = p.resolve(NodeDescriptor.of("n", "vsphere://42000000-0000-0000-0000-000000000002")).orElseThrow();
            assertThatThrownBy(() -> p.status(ref)).isInstanceOf(PermanentProviderException.class)
                    .hasMessageContaining("TLS").hasMessageContaining("tls.trustStore");
        }
    }

    @Test
    void aPkcs12TrustStoreWithPasswordIsAccepted(Vcsim vc, @TempDir Path dir) throws Exception {
        Path p12 = dir.resolve("vcenter-ca.p12");
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("vcenter-ca", vc.caCertificate());
        try (OutputStream out = Files.newOutputStream(p12)) {
            store.store(out, "store-pw".toCharArray());
        }
        try (VcsimInventory inventory = new VcsimInventory(vc);
             VsphereProvider p = TestProviders.create(vc, b -> b.set("tls.trustStore", p12.toString())
                     .secret("tls.trustStorePassword", "store-pw"))) {
            assertThat(p.status(seedVm(inventory, p)).power()).isEqualTo(PowerState.ON);
        }
    }

    @Test
    void theInsecureOptOutConnectsAndLogsAWarning(Vcsim vc) {
        String log = TestProviders.capturingStderr(() -> {
            try (VcsimInventory inventory = new VcsimInventory(vc);
                 VsphereProvider p = TestProviders.create(TestProviders.config(vc).set("tls.trustStore", "")
                         .set("tls.insecure", "true").build())) {
                assertThat(p.status(seedVm(inventory, p)).power()).isNotNull();
            }
        });
        assertThat(log).contains("WARN").contains("TLS verification").contains("tls.insecure=true");
    }

    @Test
    void aRemovedSessionIsRenewedTransparentlyAndCredentialsNeverShowInLogs(Vcsim vc) {
        String log = TestProviders.capturingStderr(() -> {
            try (VcsimInventory inventory = new VcsimInventory(vc); VsphereProvider p = TestProviders.create(TestProviders.config(vc).build())) {
                MachineRef ref = seedVm(inventory, p);
                assertThat(p.status(ref).power()).isNotNull();

                assertThat(inventory.terminateOtherSessions()).as("the provider's session was removed").isGreaterThanOrEqualTo(1);

                assertThat(p.status(ref).machine()).isEqualTo(ref);
            }
        });
        assertThat(log).contains("no longer valid").contains("logging in again");
        assertThat(log).doesNotContain(vc.password()).doesNotContain("vmware_soap_session");
    }

    @Test
    void concurrentCallsShareOneRenewedSession(Vcsim vc) throws Exception {
        try (VcsimInventory inventory = new VcsimInventory(vc); VsphereProvider p = TestProviders.create(TestProviders.config(vc).build())) {
            MachineRef ref = seedVm(inventory, p);
            assertThat(p.status(ref)).isNotNull();
            Set<String> before = new HashSet<>(inventory.sessionKeys());
            assertThat(inventory.terminateOtherSessions()).isGreaterThanOrEqualTo(1);

            ExecutorService pool = Executors.newFixedThreadPool(6);
            try {
                List<Future<PowerState>> calls = new ArrayList<>();
                for (int i = 0; i < 6; i++) {
                    calls.add(pool.submit(() -> p.status(ref).power()));
                }
                for (Future<PowerState> f : calls) {
                    assertThat(f.get(30, TimeUnit.SECONDS)).isEqualTo(PowerState.ON);
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(inventory.sessionKeys().stream().filter(k -> !before.contains(k)))
                    .as("one new login served every thread").hasSize(1);
        }
    }

    @Test
    void aRestartedVcenterIsTransparent(Vcsim vc) {
        try (VcsimInventory before = new VcsimInventory(vc); VsphereProvider p = TestProviders.create(TestProviders.config(vc).build())) {
            MachineRef ref = seedVm(before, p);
            assertThat(p.status(ref).power()).isEqualTo(PowerState.ON);

            vc.restart();

            assertThat(p.status(ref).power()).as("same uuid in the fresh default inventory").isEqualTo(PowerState.ON);
        }
    }

    @Test
    void keepAliveRenewsARemovedSessionOnItsOwn(Vcsim vc) {
        try (VcsimInventory inventory = new VcsimInventory(vc);
             VsphereProvider p = TestProviders.create(vc, b -> b.set("session.keepAlive", "1s"))) {
            assertThat(p.status(seedVm(inventory, p))).isNotNull();
            assertThat(p.client().keepAlive()).as("a live session needs no new login").isFalse();
            Set<String> before = new HashSet<>(inventory.sessionKeys());

            assertThat(inventory.terminateOtherSessions()).isGreaterThanOrEqualTo(1);

            Await.until("the keep-alive to log in again", Duration.ofSeconds(10),
                    () -> inventory.sessionKeys().stream().anyMatch(k -> !before.contains(k)));
            assertThat(p.client().keepAlive()).isFalse();
        }
    }

    @Test
    void closeLogsOut(Vcsim vc) {
        try (VcsimInventory inventory = new VcsimInventory(vc)) {
            VsphereProvider p = TestProviders.create(TestProviders.config(vc).build());
            assertThat(p.status(seedVm(inventory, p))).isNotNull();
            List<String> open = inventory.sessionKeys();

            p.close();

            List<String> after = inventory.sessionKeys();
            assertThat(after).hasSize(open.size() - 1);
            assertThat(open).containsAll(after);
            assertThatThrownBy(() -> p.status(seedVm(inventory, p))).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("closed");
        }
    }
}
