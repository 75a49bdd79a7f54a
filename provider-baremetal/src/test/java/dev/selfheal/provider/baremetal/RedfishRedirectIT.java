package dev.selfheal.provider.baremetal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.selfheal.spi.InfrastructureProvider;
import dev.selfheal.spi.MachineRef;
import dev.selfheal.spi.PermanentProviderException;
import dev.selfheal.spi.PowerState;
import dev.selfheal.testbed.baremetal.RedfishEmulator;
import dev.selfheal.testbed.baremetal.RedfishEmulatorExtension;
import dev.selfheal.testbed.front.FrontServer;
import dev.selfheal.testbed.front.FrontServer.Answer;
import dev.selfheal.testbed.front.FrontServer.Exchange;
import dev.selfheal.testbed.leak.StderrCapture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The provider against sushy-tools' Redfish emulator behind a server of the test's own that redirects some
 * requests to a second local listener (another origin) which records everything it receives. The BMC's
 * credentials (the Basic header, the session login body with the password) must never reach it.
 */
@ExtendWith(RedfishEmulatorExtension.class)
class RedfishRedirectIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SESSIONS = "/redfish/v1/SessionService/Sessions";

    @TempDir
    static Path credentials;

    private static InfrastructureProvider provider(RedfishEmulator bmc, String auth) {
        BmcFixtures.secret(credentials, "bmc", bmc.username(), bmc.password());
        return BmcFixtures.create(BmcFixtures.config(credentials, "bmc").set("redfish.auth", auth).build());
    }

    private static MachineRef machine(InfrastructureProvider p, FrontServer front) {
        return p.resolve(BmcFixtures.annotatedNode("node-1", "redfish", front.uri().toString())).orElseThrow();
    }

    private static FrontServer front(RedfishEmulator bmc, FrontServer.Rule rule) {
        return FrontServer.start(bmc.baseUri(), bmc.sslContext(), null, rule);
    }

    @ParameterizedTest(name = "HTTP {0}")
    @ValueSource(ints = {301, 302, 303, 307, 308})
    void aRedirectOfAnAuthorizedGetToAnotherServerIsRefusedAndNothingReachesIt(int status, RedfishEmulator bmc) {
        try (FrontServer elsewhere = FrontServer.recording();
             FrontServer front = front(bmc, (request, upstream) -> request.pathAndQuery().startsWith("/redfish/v1/Systems")
                     ? Answer.redirect(status, elsewhere.uri() + request.pathAndQuery()) : upstream.apply(request));
             StderrCapture log = StderrCapture.start();
             InfrastructureProvider p = provider(bmc, "basic")) {
            MachineRef m = machine(p, front);
            assertThatThrownBy(() -> p.status(m)).isInstanceOf(PermanentProviderException.class)
                    .hasMessageContaining("node node-1").hasMessageContaining("redfish:GET Systems")
                    .hasMessageContaining("the BMC at " + front.uri()).hasMessageContaining("HTTP " + status)
                    .hasMessageContaining("another server").hasMessageContaining(elsewhere.uri().getHost())
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(bmc.password()));
            assertThat(elsewhere.received()).as("requests that reached the other server").isEmpty();
            assertThat(front.received()).as("the configured BMC got the credentials")
                    .anyMatch(r -> r.header("Authorization") != null && r.header("Authorization").startsWith("Basic "));
            assertThat(log.text()).doesNotContain(bmc.password());
        }
    }

    @ParameterizedTest(name = "HTTP {0}")
    @ValueSource(ints = {302, 307, 308})
    void aRedirectOfTheSessionLoginToAnotherServerNeverResendsThePassword(int status, RedfishEmulator bmc) {
        try (FrontServer elsewhere = FrontServer.recording();
             FrontServer front = front(bmc, (request, upstream) -> {
                 if (request.method().equals("POST") && request.pathAndQuery().equals(SESSIONS)) {
                     return Answer.redirect(status, elsewhere.uri() + SESSIONS);
                 }
                 Answer a = upstream.apply(request);
                 return request.pathAndQuery().equals("/redfish/v1/") ? withSessionsLink(a) : a;
             });
             InfrastructureProvider p = provider(bmc, "session")) {
            MachineRef m = machine(p, front);
            assertThatThrownBy(() -> p.status(m)).isInstanceOf(PermanentProviderException.class)
                    .hasMessageContaining("redfish:POST SessionService/Sessions").hasMessageContaining("node node-1")
                    .hasMessageContaining("the BMC at " + front.uri()).hasMessageContaining("another server")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(bmc.password()));
            assertThat(elsewhere.received()).as("requests that reached the other server").isEmpty();
            assertThat(front.received()).as("the login went to the configured BMC")
                    .anyMatch(r -> r.method().equals("POST") && r.bodyText().contains(bmc.password()));
        }
    }

    @Test
    void aRedirectWithinTheBmcIsFollowedWithTheCredentials(RedfishEmulator bmc) {
        try (FrontServer front = front(bmc, RedfishRedirectIT::movedSystems);
             InfrastructureProvider p = provider(bmc, "basic")) {
            MachineRef m = machine(p, front);
            assertThat(p.status(m).power()).isIn(PowerState.ON, PowerState.OFF);
            assertThat(front.received()).as("followed to the moved path, authorized")
                    .anyMatch(r -> r.pathAndQuery().startsWith("/moved/redfish/v1/Systems") && r.header("Authorization") != null);
        }
    }

    /** Systems live under /moved: the old paths answer 307 to the new ones on the same server. */
    private static Answer movedSystems(Exchange request, java.util.function.Function<Exchange, Answer> upstream) {
        String path = request.pathAndQuery();
        if (path.startsWith("/redfish/v1/Systems")) {
            return Answer.redirect(307, "/moved" + path);
        }
        if (path.startsWith("/moved/")) {
            return upstream.apply(new Exchange(request.method(), path.substring("/moved".length()), request.headers(),
                    request.body()));
        }
        return upstream.apply(request);
    }

    /** The emulator's service root with a Sessions link added (sushy-tools offers no SessionService). */
    private static Answer withSessionsLink(Answer root) {
        try {
            ObjectNode json = (ObjectNode) JSON.readTree(root.body());
            ObjectNode links = json.get("Links") instanceof ObjectNode l ? l : json.putObject("Links");
            links.putObject("Sessions").put("@odata.id", SESSIONS);
            return Answer.of(200, "application/json", json.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
