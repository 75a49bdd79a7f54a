package dev.selfheal.testbed.baremetal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selfheal.testbed.process.Await;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A plain JDK HTTP client against a real sushy-emulator over verified TLS with basic auth. */
@ExtendWith(RedfishEmulatorExtension.class)
class RedfishSmokeIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void listsTheConfiguredSystemsOverVerifiedTls(RedfishEmulator bmc) throws Exception {
        HttpResponse<String> r = send(trusting(bmc), get(bmc, "/redfish/v1/Systems", bmc.password()));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.path("Members@odata.count").asInt()).isEqualTo(bmc.systemIds().size());
        List<String> members = new ArrayList<>();
        body.path("Members").forEach(m -> members.add(m.path("@odata.id").asText()));
        assertThat(members).containsExactlyInAnyOrderElementsOf(bmc.systemIds().stream().map(bmc::systemPath).toList());

        JsonNode system = JSON.readTree(send(trusting(bmc), get(bmc, bmc.systemPath(bmc.systemIds().get(0)), bmc.password())).body());
        assertThat(system.path("Name").asText()).isEqualTo(bmc.systems().get(0).name());
        assertThat(system.path("PowerState").asText()).isIn("On", "Off");
    }

    @Test
    void wrongOrMissingCredentialsGet401(RedfishEmulator bmc) throws Exception {
        assertThat(send(trusting(bmc), get(bmc, "/redfish/v1/Systems", "not-the-password")).statusCode()).isEqualTo(401);
        HttpRequest anonymous = HttpRequest.newBuilder(bmc.baseUri().resolve("/redfish/v1/Systems")).GET().build();
        HttpResponse<String> r = send(trusting(bmc), anonymous);
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWithIgnoringCase("Basic"));
    }

    @Test
    void certificateIsNotTrustedWithoutTheTestCa(RedfishEmulator bmc) {
        HttpClient jdkDefaults = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        assertThatThrownBy(() -> send(jdkDefaults, get(bmc, "/redfish/v1/Systems", bmc.password())))
                .isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void forceOffTurnsASystemOff(RedfishEmulator bmc) throws Exception {
        String id = bmc.systemIds().get(bmc.systemIds().size() - 1);
        HttpRequest reset = HttpRequest.newBuilder(bmc.baseUri().resolve(bmc.systemPath(id) + "/Actions/ComputerSystem.Reset"))
                .header("Authorization", RedfishEmulator.basic(bmc.username(), bmc.password()))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"ResetType\": \"ForceOff\"}")).build();
        HttpResponse<String> r = send(trusting(bmc), reset);
        assertThat(r.statusCode()).as(r.body()).isBetween(200, 204);
        // The fake driver applies the change 1 to 11 s later.
        Await.until(id + " Off", Duration.ofSeconds(30), () -> "Off".equals(bmc.powerState(id)));
    }

    private static HttpClient trusting(RedfishEmulator bmc) {
        return HttpClient.newBuilder().sslContext(bmc.sslContext()).connectTimeout(Duration.ofSeconds(5)).build();
    }

    private static HttpRequest get(RedfishEmulator bmc, String path, String password) {
        return HttpRequest.newBuilder(bmc.baseUri().resolve(path)).timeout(Duration.ofSeconds(10))
                .header("Authorization", RedfishEmulator.basic(bmc.username(), password)).GET().build();
    }

    private static HttpResponse<String> send(HttpClient client, HttpRequest request) throws IOException, InterruptedException {
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
