package dev.selfheal.provider.baremetal.redfish;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.selfheal.provider.baremetal.bmc.PowerCommand;
import dev.selfheal.spi.HealthFinding;
import dev.selfheal.spi.PowerState;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RedfishSystemTest {

    private static RedfishSystem system(String json) throws Exception {
        JsonNode node = RedfishResponse.JSON.readTree(json.replace('\'', '"'));
        return new RedfishSystem("/redfish/v1/Systems/1", node, Optional.empty());
    }

    @Test
    void powerStatesMapAndNothingUnusableBecomesOff() throws Exception {
        assertThat(system("{'PowerState':'On'}").power()).isEqualTo(PowerState.ON);
        assertThat(system("{'PowerState':'Off'}").power()).isEqualTo(PowerState.OFF);
        assertThat(system("{'PowerState':'PoweringOff'}").power()).isEqualTo(PowerState.POWERING_OFF);
        assertThat(system("{'PowerState':'PoweringOn'}").power()).isEqualTo(PowerState.POWERING_ON);
        assertThat(system("{'PowerState':'Paused'}").power()).isEqualTo(PowerState.ON);
        assertThat(system("{'PowerState':null}").power()).isEqualTo(PowerState.UNKNOWN);
        assertThat(system("{}").power()).isEqualTo(PowerState.UNKNOWN);
    }

    @Test
    void healthBecomesAFindingWithTheWorseOfHealthAndRollup() throws Exception {
        assertThat(system("{'Status':{'Health':'OK','HealthRollup':'OK'}}").findings()).isEmpty();
        List<HealthFinding> f = system("{'Status':{'State':'Enabled','Health':'Warning','HealthRollup':'Critical'}}").findings();
        assertThat(f).singleElement().satisfies(h -> {
            assertThat(h.severity()).isEqualTo(HealthFinding.Severity.CRITICAL);
            assertThat(h.code()).isEqualTo("RedfishHealthCritical");
            assertThat(h.message()).contains("Health=Warning", "HealthRollup=Critical", "State=Enabled");
        });
        assertThat(system("{'Status':{'Health':'Warning'}}").findings()).singleElement()
                .satisfies(h -> assertThat(h.severity()).isEqualTo(HealthFinding.Severity.WARNING));
    }

    @Test
    void resetTypeFollowsTheAllowedValuesAndTheActionTarget() throws Exception {
        RedfishSystem plain = system("{}");
        assertThat(plain.resetType(PowerCommand.FORCE_RESTART)).hasValue("ForceRestart");
        assertThat(plain.resetTarget()).isEqualTo("/redfish/v1/Systems/1/Actions/ComputerSystem.Reset");
        RedfishSystem limited = system("{'Actions':{'#ComputerSystem.Reset':{'target':'/x/Reset',"
                + "'ResetType@Redfish.AllowableValues':['ForceOn','PowerCycle','GracefulRestart']}}}");
        assertThat(limited.resetTarget()).isEqualTo("/x/Reset");
        assertThat(limited.resetType(PowerCommand.FORCE_RESTART)).hasValue("PowerCycle");
        assertThat(limited.resetType(PowerCommand.ON)).hasValue("ForceOn");
        assertThat(limited.resetType(PowerCommand.FORCE_OFF)).isEmpty();
    }

    @Test
    void sessionsAreFoundInTheServiceRootAndTheirLocationInTheAnswer() {
        HttpHeaders none = HttpHeaders.of(Map.of(), (a, b) -> true);
        RedfishResponse root = new RedfishResponse(200, none,
                "{\"Links\":{\"Sessions\":{\"@odata.id\":\"/redfish/v1/SessionService/Sessions\"}}}");
        assertThat(RedfishAuth.sessionsPath(root)).hasValue("/redfish/v1/SessionService/Sessions");
        assertThat(RedfishAuth.sessionsPath(new RedfishResponse(200, none, "{}"))).isEmpty();
        HttpHeaders located = HttpHeaders.of(Map.of("Location", List.of("/redfish/v1/SessionService/Sessions/7")), (a, b) -> true);
        URI base = URI.create("https://bmc:443");
        assertThat(RedfishAuth.sessionLocation(base, new RedfishResponse(201, located, "")))
                .isEqualTo(URI.create("https://bmc:443/redfish/v1/SessionService/Sessions/7"));
        assertThat(RedfishAuth.sessionLocation(base, new RedfishResponse(201, none, "{\"@odata.id\":\"/s/8\"}")))
                .isEqualTo(URI.create("https://bmc:443/s/8"));
    }

    @Test
    void errorBodiesGiveTheirRedfishMessages() {
        HttpHeaders none = HttpHeaders.of(Map.of(), (a, b) -> true);
        RedfishResponse r = new RedfishResponse(400, none, "{\"error\":{\"message\":\"General error\","
                + "\"@Message.ExtendedInfo\":[{\"Message\":\"The property Foo is unknown.\"}]}}");
        assertThat(r.errorMessage()).isEqualTo("General error; The property Foo is unknown.");
        assertThat(new RedfishResponse(502, none, "Bad Gateway").errorMessage()).isEqualTo("Bad Gateway");
    }
}
