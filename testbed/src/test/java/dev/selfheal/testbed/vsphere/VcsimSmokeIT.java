package dev.selfheal.testbed.vsphere;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The real govmomi vCenter simulator over verified TLS: vim25 SOAP, login, method delay, restart. */
@ExtendWith(VcsimExtension.class)
class VcsimSmokeIT {

    private static final String SERVICE_CONTENT = "<urn:RetrieveServiceContent>"
            + "<urn:_this type=\"ServiceInstance\">ServiceInstance</urn:_this></urn:RetrieveServiceContent>";

    static String envelope(String body) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\" xmlns:urn=\"urn:vim25\">"
                + "<soapenv:Body>" + body + "</soapenv:Body></soapenv:Envelope>";
    }

    static HttpResponse<String> soap(HttpClient http, Vcsim vc, String body, String cookie)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(vc.url())
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "text/xml; charset=utf-8")
                .header("SOAPAction", "urn:vim25/6.5")
                .POST(HttpRequest.BodyPublishers.ofString(envelope(body)));
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String tag(String xml, String name) {
        Matcher m = Pattern.compile("<" + name + "(?:\\s[^>]*)?>([^<]*)</" + name + ">").matcher(xml);
        assertThat(m.find()).as("<%s> in %s", name, xml).isTrue();
        return m.group(1);
    }

    static String login(Vcsim vc, String password) {
        return "<urn:Login><urn:_this type=\"SessionManager\">SessionManager</urn:_this>"
                + "<urn:userName>" + vc.username() + "</urn:userName><urn:password>" + password + "</urn:password></urn:Login>";
    }

    static final String CURRENT_SESSION = "<urn:RetrievePropertiesEx>"
            + "<urn:_this type=\"PropertyCollector\">propertyCollector</urn:_this><urn:specSet>"
            + "<urn:propSet><urn:type>SessionManager</urn:type><urn:pathSet>currentSession</urn:pathSet></urn:propSet>"
            + "<urn:objectSet><urn:obj type=\"SessionManager\">SessionManager</urn:obj></urn:objectSet>"
            + "</urn:specSet><urn:options/></urn:RetrievePropertiesEx>";

    static HttpClient verifying(Vcsim vc) {
        return HttpClient.newBuilder().sslContext(vc.sslContext()).connectTimeout(Duration.ofSeconds(5)).build();
    }

    @Test
    void retrieveServiceContentOverVerifiedTls(Vcsim vc) throws Exception {
        assertThat(vc.url().toString()).isEqualTo("https://127.0.0.1:" + vc.port() + "/sdk");
        HttpResponse<String> r = soap(verifying(vc), vc, SERVICE_CONTENT, null);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(tag(r.body(), "fullName")).startsWith("VMware vCenter Server").contains("govmomi simulator");
        assertThat(tag(r.body(), "apiType")).isEqualTo("VirtualCenter");
        assertThat(tag(r.body(), "apiVersion")).matches("\\d+\\.\\d+.*");
        assertThat(tag(r.body(), "rootFolder")).isNotBlank();
    }

    @Test
    void tlsIsNotTrustedWithoutTheTestCa(Vcsim vc) {
        HttpClient jdkDefaults = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        assertThatThrownBy(() -> soap(jdkDefaults, vc, SERVICE_CONTENT, null))
                .isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void loginChecksTheConfiguredCredentialsAndRestartEndsSessions(Vcsim vc) throws Exception {
        HttpClient http = verifying(vc);

        HttpResponse<String> wrong = soap(http, vc, login(vc, "not-" + vc.password()), null);
        assertThat(wrong.statusCode()).isEqualTo(500);
        assertThat(wrong.body()).contains("InvalidLogin");

        HttpResponse<String> ok = soap(http, vc, login(vc, vc.password()), null);
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(tag(ok.body(), "userName")).isEqualTo(vc.username());
        Optional<String> cookie = ok.headers().firstValue("Set-Cookie").map(c -> c.split(";", 2)[0]);
        assertThat(cookie).get().asString().startsWith("vmware_soap_session=");

        HttpResponse<String> current = soap(http, vc, CURRENT_SESSION, cookie.get());
        assertThat(current.statusCode()).isEqualTo(200);
        assertThat(current.body()).contains("<userName>" + vc.username() + "</userName>").doesNotContain("NotAuthenticated");

        vc.restart();

        HttpResponse<String> afterRestart = soap(http, vc, CURRENT_SESSION, cookie.get());
        assertThat(afterRestart.body()).as("the old session is gone after a restart")
                .contains("NotAuthenticated")
                .doesNotContain("<userName>" + vc.username() + "</userName>");
        HttpResponse<String> again = soap(verifying(vc), vc, login(vc, vc.password()), null);
        assertThat(again.statusCode()).as("same URL, CA and credentials after restart").isEqualTo(200);
    }

    @Test
    void methodDelaySlowsThatMethodOnly() throws Exception {
        try (Vcsim slow = Vcsim.builder().methodDelay("RetrieveServiceContent", Duration.ofMillis(2500)).start()) {
            HttpClient http = verifying(slow);
            long t0 = System.nanoTime();
            HttpResponse<String> login = soap(http, slow, login(slow, slow.password()), null);
            long loginMillis = (System.nanoTime() - t0) / 1_000_000;
            assertThat(login.statusCode()).isEqualTo(200);

            t0 = System.nanoTime();
            HttpResponse<String> sc = soap(http, slow, SERVICE_CONTENT, null);
            long delayedMillis = (System.nanoTime() - t0) / 1_000_000;
            assertThat(sc.statusCode()).isEqualTo(200);

            assertThat(delayedMillis).isGreaterThanOrEqualTo(2500);
            assertThat(loginMillis).isLessThan(2500);
        }
    }
}
