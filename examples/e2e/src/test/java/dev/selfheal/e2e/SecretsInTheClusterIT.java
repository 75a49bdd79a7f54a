package dev.selfheal.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.spi.ProviderConfig;
import dev.selfheal.testbed.front.FrontServer;
import dev.selfheal.testbed.front.FrontServer.Answer;
import dev.selfheal.testbed.front.FrontServer.Exchange;
import dev.selfheal.testbed.leak.Canary;
import dev.selfheal.testbed.leak.StderrCapture;
import dev.selfheal.testbed.process.Await;
import dev.selfheal.testbed.tls.CertificateAuthority;
import dev.selfheal.testbed.vsphere.Vcsim;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A canary password in the healer's vSphere provider, and an infrastructure that echoes the login back in every
 * form (vcsim behind a server of the test's own): a node dies, the healer asks, fails, judges and tells; no form of
 * the password reaches any Event, any Lease (the remediation records among them) or the healer's log.
 */
@ExtendWith(E2eClusterExtension.class)
class SecretsInTheClusterIT {

    @TempDir
    static Path dir;

    @Test
    void aPasswordEchoedByTheInfrastructureReachesNoEventNoLeaseAndNoLog(E2eCluster cluster) {
        try (Scenario s = new Scenario(cluster, "canary"); VsphereInfrastructure vs = new VsphereInfrastructure();
             StderrCapture log = StderrCapture.start()) {
            Vcsim vc = vs.vcsim();
            Canary canary = Canary.create(vc.username());
            CertificateAuthority ca = CertificateAuthority.create(dir.resolve("front"), "front-ca");
            try (FrontServer front = FrontServer.start(vc.url(), vc.sslContext(), ca.servingContext("front"),
                    (request, upstream) -> echoLogin(request, upstream.apply(request), canary))) {
                ProviderConfig provider = ProviderConfig.builder("vsphere").set("url", front.uri() + "/sdk")
                        .set("username", vc.username()).secret("password", canary.value())
                        .set("tls.trustStore", ca.caPem().toString()).set("timeout.task", "60s").set("timeout.request", "20s")
                        .set("replace.strategy", "template").set("replace.template", VsphereInfrastructure.TEMPLATE).build();
                NodeFailure.Setup setup = NodeFailure.prepare(s, new ProviderOverride(vs, provider));
                s.bridge().isolate(setup.machine());
                Await.until("the healer told of the failing infrastructure", Duration.ofSeconds(120),
                        () -> events(s).contains("Login"));
                assertThat(front.received()).as("the password did go to the infrastructure, and came back echoed")
                        .anyMatch(r -> r.bodyText().contains(canary.forms().get("xml")));

                String everything = events(s) + "\n" + leases(s) + "\n" + log.text();
                assertThat(canary.foundIn(everything)).as("forms of the password in Events, Leases and the log").isEmpty();
            }
        }
    }

    /** vcsim's own answer to a Login, with the request echoed into it in clear, URL-encoded and base64 forms. */
    private static Answer echoLogin(Exchange request, Answer answer, Canary canary) {
        String body = request.bodyText();
        if (!body.contains("<Login")) {
            return answer;
        }
        String echo = "request was: " + body + " | " + URLEncoder.encode(body, StandardCharsets.UTF_8) + " | "
                + Base64.getEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8)) + " | " + canary.value();
        String xml = echo.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        return Answer.of(answer.status(), "text/xml; charset=utf-8",
                answer.bodyText().replaceFirst("<faultstring>", "<faultstring>" + Matcher.quoteReplacement(xml + " ")));
    }

    private static String events(Scenario s) {
        return s.kube().client().v1().events().inAnyNamespace().list().getItems().stream()
                .map(e -> e.getReason() + ": " + e.getMessage()).collect(Collectors.joining("\n"));
    }

    private static String leases(Scenario s) {
        return s.kube().client().leases().inAnyNamespace().list().getItems().stream()
                .map(l -> l.getMetadata().getName() + " " + l.getMetadata().getAnnotations() + " " + l.getSpec())
                .collect(Collectors.joining("\n"));
    }
}
