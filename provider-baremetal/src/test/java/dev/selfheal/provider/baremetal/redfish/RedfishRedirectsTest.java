package dev.selfheal.provider.baremetal.redfish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selfheal.provider.baremetal.bmc.BmcAddress;
import dev.selfheal.provider.baremetal.bmc.BmcCall;
import dev.selfheal.provider.baremetal.bmc.BmcCredentials;
import dev.selfheal.provider.baremetal.bmc.BmcTarget;
import dev.selfheal.provider.baremetal.bmc.CredentialsRef;
import dev.selfheal.provider.baremetal.bmc.Protocol;
import dev.selfheal.spi.MachineRef;
import dev.selfheal.spi.PermanentProviderException;
import dev.selfheal.spi.Secret;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RedfishRedirectsTest {

    private static final String PASSWORD = "calvin-canary-77";

    private static BmcCall call() {
        CredentialsRef ref = CredentialsRef.parse("secret:bmc", false);
        BmcTarget t = new BmcTarget(Protocol.REDFISH, BmcAddress.parse(Protocol.REDFISH, "https://bmc.local:8443"), null,
                ref, null);
        return new BmcCall(MachineRef.of("baremetal", "redfish://bmc.local:8443#w1", "w1"), t,
                new BmcCredentials("root", Secret.of(PASSWORD), ref));
    }

    private static HttpRequest login() {
        return HttpRequest.newBuilder(URI.create("https://bmc.local:8443/redfish/v1/SessionService/Sessions"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"Password\":\"" + PASSWORD + "\"}")).build();
    }

    private static RedfishResponse redirect(int status, String location) {
        return new RedfishResponse(status, HttpHeaders.of(Map.of("Location", List.of(location)), (a, b) -> true), "");
    }

    @ParameterizedTest
    @ValueSource(ints = {301, 302, 303, 307, 308})
    void aRedirectToAnotherOriginIsRefusedNamingTheBmcAndTheCall(int status) {
        RedfishRedirects r = new RedfishRedirects(call(), RedfishAuth.LOGIN);
        for (String elsewhere : List.of("https://evil.example:8443/x", "http://bmc.local:8443/x", "https://bmc.local:8444/x",
                "//evil.example/x", "https://root:" + PASSWORD + "@bmc.local:8443/x")) {
            assertThatThrownBy(() -> r.follow(login(), redirect(status, elsewhere)))
                    .isInstanceOf(PermanentProviderException.class)
                    .hasMessageContaining("node w1").hasMessageContaining(RedfishAuth.LOGIN)
                    .hasMessageContaining("https://bmc.local:8443").hasMessageContaining("another server")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(PASSWORD));
        }
    }

    @Test
    void aSameOriginRedirectIsFollowedABoundedNumberOfTimes() {
        RedfishRedirects r = new RedfishRedirects(call(), RedfishAuth.LOGIN);
        Optional<HttpRequest> kept = r.follow(login(), redirect(307, "/redfish/v1/SessionService/Sessions/"));
        assertThat(kept).hasValueSatisfying(q -> {
            assertThat(q.method()).isEqualTo("POST");
            assertThat(q.uri()).hasToString("https://bmc.local:8443/redfish/v1/SessionService/Sessions/");
        });
        Optional<HttpRequest> get = r.follow(login(), redirect(303, "https://BMC.local:8443/redfish/v1/"));
        assertThat(get).hasValueSatisfying(q -> {
            assertThat(q.method()).isEqualTo("GET");
            assertThat(q.bodyPublisher()).isEmpty();
            assertThat(q.headers().firstValue("Content-Type")).isEmpty();
        });
        assertThat(r.follow(login(), new RedfishResponse(200, HttpHeaders.of(Map.of(), (a, b) -> true), "{}"))).isEmpty();
        for (int i = 2; i < RedfishRedirects.MAX; i++) {
            assertThat(r.follow(login(), redirect(302, "/redfish/v1/"))).isPresent();
        }
        assertThatThrownBy(() -> r.follow(login(), redirect(302, "/redfish/v1/")))
                .isInstanceOf(PermanentProviderException.class).hasMessageContaining("more than " + RedfishRedirects.MAX);
    }

    @Test
    void aLinkToAnotherOriginIsNeverRequested() {
        RedfishRedirects r = new RedfishRedirects(call(), "redfish:GET ComputerSystem");
        URI base = URI.create("https://bmc.local:8443");
        assertThat(r.check(HttpRequest.newBuilder(base.resolve("/redfish/v1/Systems/1")).build())).isNotNull();
        for (String link : List.of("//evil.example/redfish/v1/Systems/1", "https://evil.example/redfish/v1/Systems/1")) {
            assertThatThrownBy(() -> r.check(HttpRequest.newBuilder(base.resolve(link)).build()))
                    .isInstanceOf(PermanentProviderException.class).hasMessageContaining("evil.example")
                    .hasMessageContaining("redfish:GET ComputerSystem").hasMessageContaining("nothing was sent");
        }
    }
}
