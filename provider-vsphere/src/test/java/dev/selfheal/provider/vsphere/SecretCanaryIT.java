package dev.selfheal.provider.vsphere;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.selfheal.spi.MachineRef;
import dev.selfheal.spi.NodeDescriptor;
import dev.selfheal.spi.ProviderConfig;
import dev.selfheal.spi.ProviderException;
import dev.selfheal.testbed.front.FrontServer;
import dev.selfheal.testbed.front.FrontServer.Answer;
import dev.selfheal.testbed.leak.Canary;
import dev.selfheal.testbed.leak.StderrCapture;
import dev.selfheal.testbed.process.Ports;
import dev.selfheal.testbed.tls.CertificateAuthority;
import dev.selfheal.testbed.vsphere.Vcsim;
import dev.selfheal.testbed.vsphere.VcsimExtension;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A unique canary in each secret setting of the provider (the password, the trust store password), failing
 * calls against vcsim (wrong password, unreachable, an answer that is not XML echoing the login), and a
 * search for every form of the canaries in the log (at TRACE), the exceptions (messages, causes, suppressed,
 * stack traces) and toString of configuration and provider.
 */
@ExtendWith(VcsimExtension.class)
class SecretCanaryIT {

    @TempDir
    static Path dir;

    private final StringBuilder seen = new StringBuilder();

    private void fails(Vcsim vc, Consumer<ProviderConfig.Builder> settings, String what) {
        ProviderConfig.Builder b = TestProviders.config(vc);
        settings.accept(b);
        ProviderConfig config = b.build();
        seen.append("\n== ").append(what).append('\n').append(config).append('\n');
        Throwable t = catchThrowable(() -> {
            seen.append(VsphereProviderConfig.from(config)).append('\n');
            try (VsphereProvider p = TestProviders.create(config)) {
                seen.append(p).append('\n');
                MachineRef ref = p.resolve(NodeDescriptor.of("n", "vsphere://42000000-0000-0000-0000-000000000001")).orElseThrow();
                p.status(ref);
            }
        });
        assertThat(t).as(what).isInstanceOf(RuntimeException.class);
        seen.append(Canary.printed(t));
    }

    @Test
    void noFormOfAnySecretReachesLogsExceptionsOrToString(Vcsim vc) throws Exception {
        Canary password = Canary.create(vc.username());
        Canary storePassword = Canary.create("");
        Path store = pkcs12(vc, "the-right-one");
        CertificateAuthority ca = CertificateAuthority.create(dir.resolve("front"), "front-ca");
        try (StderrCapture log = StderrCapture.start();
             FrontServer garbage = FrontServer.start(vc.url(), vc.sslContext(), ca.servingContext("front"),
                     (request, upstream) -> request.bodyText().contains("<Login") ? Answer.of(500, "text/plain",
                             "cannot handle " + request.bodyText()) : upstream.apply(request))) {
            fails(vc, b -> b.secret("password", password.value()), "wrong password");
            fails(vc, b -> b.secret("password", password.value()).set("url", "https://127.0.0.1:" + Ports.free() + "/sdk"),
                    "unreachable");
            fails(vc, b -> b.secret("password", password.value()).set("url", garbage.uri() + "/sdk")
                    .set("tls.trustStore", ca.caPem().toString()), "an answer that is not XML");
            fails(vc, b -> b.secret("password", password.value()).set("tls.trustStore", store.toString())
                    .secret("tls.trustStorePassword", storePassword.value()), "wrong trust store password");
            assertThat(garbage.received()).anyMatch(r -> r.bodyText().contains(password.forms().get("xml")));
            assertThat(LoggerFactory.getLogger(VsphereProvider.class).isTraceEnabled()).as("the provider logs at TRACE").isTrue();
            for (Canary c : new Canary[] {password, storePassword}) {
                assertThat(c.foundIn(log.text())).as("forms of a canary in the log").isEmpty();
                assertThat(c.foundIn(seen.toString())).as("forms of a canary in exceptions and toString:\n" + seen).isEmpty();
            }
        }
    }

    private static Path pkcs12(Vcsim vc, String storePassword) throws Exception {
        Path p12 = dir.resolve("vcenter-ca.p12");
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("vcenter-ca", vc.caCertificate());
        try (OutputStream out = Files.newOutputStream(p12)) {
            store.store(out, storePassword.toCharArray());
        }
        return p12;
    }
}
