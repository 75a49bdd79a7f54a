package dev.selfheal.provider.vsphere;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.selfheal.spi.MachineRef;
import dev.selfheal.spi.NodeDescriptor;
import dev.selfheal.spi.ProviderException;
import dev.selfheal.testbed.front.FrontServer;
import dev.selfheal.testbed.front.FrontServer.Answer;
import dev.selfheal.testbed.front.FrontServer.Exchange;
import dev.selfheal.testbed.leak.Canary;
import dev.selfheal.testbed.leak.StderrCapture;
import dev.selfheal.testbed.tls.CertificateAuthority;
import dev.selfheal.testbed.vsphere.Vcsim;
import dev.selfheal.testbed.vsphere.VcsimExtension;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.function.Function;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The provider against vcsim behind an HTTPS server of the test's own that echoes the Login request (with the
 * password) back: inside vcsim's own SOAP fault, and in an error page that is not XML. No form of the password
 * may reach the exception (message, causes, stack trace) or the log.
 */
@ExtendWith(VcsimExtension.class)
class VsphereEchoIT {

    @TempDir
    static Path dir;

    private static ProviderException loginThrough(Vcsim vc, Canary canary, FrontServer.Rule rule, StringBuilder log) {
        CertificateAuthority ca = CertificateAuthority.create(dir.resolve("front-" + System.nanoTime()), "front-ca");
        try (FrontServer front = FrontServer.start(vc.url(), vc.sslContext(), ca.servingContext("front"), rule);
             StderrCapture capture = StderrCapture.start();
             VsphereProvider p = TestProviders.create(vc, b -> b.set("url", front.uri() + "/sdk")
                     .set("tls.trustStore", ca.caPem().toString()).secret("password", canary.value()))) {
            MachineRef ref = p.resolve(NodeDescriptor.of("n", "vsphere://42000000-0000-0000-0000-000000000001")).orElseThrow();
            Throwable t = catchThrowable(() -> p.status(ref));
            assertThat(front.received()).as("the login went through the front with the password")
                    .anyMatch(r -> r.bodyText().contains("<password>") && r.bodyText().contains(canary.forms().get("xml")));
            log.append(capture.text()).append(p).append('\n');
            assertThat(t).isInstanceOf(ProviderException.class);
            return (ProviderException) t;
        }
    }

    private static boolean isLogin(Exchange r) {
        return r.bodyText().contains("<Login ") || r.bodyText().contains("<Login>");
    }

    /**
     * The login's credentials as a server might echo them: as XML text, URL-encoded and base64, and the
     * password alone in clear and as an HTTP basic header.
     */
    private static String echo(Exchange r, Canary canary) {
        String body = r.bodyText();
        String part = body.substring(body.indexOf("<userName>"), body.indexOf("</password>") + "</password>".length());
        return "request was: " + part + " | form: " + URLEncoder.encode(part, StandardCharsets.UTF_8)
                + " | base64: " + Base64.getEncoder().encodeToString(part.getBytes(StandardCharsets.UTF_8))
                + " | clear: " + canary.value() + " | " + canary.forms().get("basic");
    }

    private static String xmlText(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    @Test
    void aSoapFaultEchoingTheLoginRequestShowsNoFormOfThePassword(Vcsim vc) {
        Canary canary = Canary.create(vc.username());
        StringBuilder log = new StringBuilder();
        FrontServer.Rule rule = (request, upstream) -> {
            Answer a = upstream.apply(request);
            if (!isLogin(request)) {
                return a;
            }
            // vcsim's own InvalidLogin fault for the wrong password, with the request echoed into it
            String fault = a.bodyText().replaceFirst("<faultstring>", "<faultstring>"
                    + Matcher.quoteReplacement(xmlText(echo(request, canary)) + " "))
                    .replaceFirst("(<InvalidLoginFault[^>]*>)", "$1<echo>"
                    + Matcher.quoteReplacement(xmlText(request.bodyText())) + "</echo>");
            return Answer.of(a.status(), "text/xml; charset=utf-8", fault);
        };
        ProviderException e = loginThrough(vc, canary, rule, log);
        assertThat(e.getMessage()).contains("vim25:Login").contains("InvalidLogin").contains("****");
        assertThat(canary.foundIn(e.getMessage())).as("forms of the password in the message").isEmpty();
        assertThat(canary.foundIn(Canary.printed(e))).as("forms of the password in the stack trace").isEmpty();
        assertThat(canary.foundIn(log.toString())).as("forms of the password in the log").isEmpty();
    }

    @Test
    void anErrorPageEchoingTheLoginRequestShowsNoFormOfThePassword(Vcsim vc) {
        Canary canary = Canary.create(vc.username());
        StringBuilder log = new StringBuilder();
        Function<Exchange, Answer> page = r -> Answer.of(502, "text/html", "<html><body>proxy error; " + echo(r, canary)
                + "</body");
        ProviderException e = loginThrough(vc, canary, (request, upstream) ->
                isLogin(request) ? page.apply(request) : upstream.apply(request), log);
        assertThat(e.getMessage()).contains("vim25:Login").contains("HTTP 502").contains("not XML");
        assertThat(canary.foundIn(e.getMessage())).as("forms of the password in the message").isEmpty();
        assertThat(canary.foundIn(Canary.printed(e))).as("forms of the password in the stack trace").isEmpty();
        assertThat(canary.foundIn(log.toString())).as("forms of the password in the log").isEmpty();
    }
}
