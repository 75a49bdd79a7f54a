package dev.selfheal.provider.baremetal.redfish;

import com.fasterxml.jackson.databind.JsonNode;
import dev.selfheal.provider.baremetal.bmc.BmcReading;
import dev.selfheal.provider.baremetal.bmc.PowerCommand;
import dev.selfheal.spi.HealthFinding;
import dev.selfheal.spi.HealthFinding.Severity;
import dev.selfheal.spi.PowerState;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A Redfish {@code ComputerSystem} resource as read from a BMC: its power state, its health and how to
 * reset it.
 *
 * @param path the resource's path, such as {@code /redfish/v1/Systems/1}
 * @param json the resource
 * @param etag the resource's ETag, if the BMC sent one (for {@code If-Match} on PATCH)
 */
record RedfishSystem(String path, JsonNode json, Optional<String> etag) {

    /** The reset types tried for a command, most preferred first. */
    static List<String> resetTypes(PowerCommand command) {
        return switch (command) {
            case ON -> List.of("On", "ForceOn");
            case FORCE_OFF -> List.of("ForceOff");
            case GRACEFUL_SHUTDOWN -> List.of("GracefulShutdown");
            case FORCE_RESTART -> List.of("ForceRestart", "PowerCycle");
        };
    }

    /** The power state: {@code PowerState}, mapped; {@link PowerState#UNKNOWN} when absent or unknown. */
    PowerState power() {
        return switch (json.path("PowerState").asText("")) {
            case "On", "Paused" -> PowerState.ON;
            case "Off" -> PowerState.OFF;
            case "PoweringOn" -> PowerState.POWERING_ON;
            case "PoweringOff" -> PowerState.POWERING_OFF;
            default -> PowerState.UNKNOWN;
        };
    }

    /**
     * Health findings from {@code Status}: one finding when {@code Health} or {@code HealthRollup} is
     * Warning or Critical (the worse counts), none when both are OK or absent.
     */
    List<HealthFinding> findings() {
        JsonNode status = json.path("Status");
        String health = status.path("Health").asText("");
        String rollup = status.path("HealthRollup").asText(status.path("HealthRollUp").asText(""));
        Severity worst = worse(severity(health), severity(rollup));
        List<HealthFinding> findings = new ArrayList<>();
        if (worst != Severity.OK) {
            findings.add(new HealthFinding(worst, "RedfishHealth" + (worst == Severity.CRITICAL ? "Critical" : "Warning"),
                    "BMC reports Status.Health=" + orNone(health) + ", HealthRollup=" + orNone(rollup) + ", State="
                            + orNone(status.path("State").asText(""))));
        }
        return findings;
    }

    /** The reading: power and findings. */
    BmcReading reading() {
        return new BmcReading(power(), findings());
    }

    /** The Reset action's target, from {@code Actions}, else the conventional path. */
    String resetTarget() {
        String target = json.path("Actions").path("#ComputerSystem.Reset").path("target").asText("");
        return target.startsWith("/") ? target : path + "/Actions/ComputerSystem.Reset";
    }

    /**
     * The reset type to send for a command: the first of {@link #resetTypes} the BMC allows, or the first
     * when it lists no allowed values.
     *
     * @return empty when the BMC lists allowed values and none fits
     */
    Optional<String> resetType(PowerCommand command) {
        JsonNode allowed = json.path("Actions").path("#ComputerSystem.Reset").path("ResetType@Redfish.AllowableValues");
        List<String> preferred = resetTypes(command);
        if (!allowed.isArray() || allowed.isEmpty()) {
            return Optional.of(preferred.get(0));
        }
        List<String> values = new ArrayList<>();
        allowed.forEach(v -> values.add(v.asText()));
        return preferred.stream().filter(values::contains).findFirst();
    }

    /** The allowed reset types the BMC lists, for messages. */
    String allowedResetTypes() {
        return json.path("Actions").path("#ComputerSystem.Reset").path("ResetType@Redfish.AllowableValues").toString();
    }

    /** {@code Boot.BootSourceOverrideTarget}, or an empty string. */
    String bootOverrideTarget() {
        return json.path("Boot").path("BootSourceOverrideTarget").asText("");
    }

    private static Severity severity(String health) {
        return switch (health) {
            case "Critical" -> Severity.CRITICAL;
            case "Warning" -> Severity.WARNING;
            default -> Severity.OK;
        };
    }

    private static Severity worse(Severity a, Severity b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static String orNone(String v) {
        return v.isEmpty() ? "(none)" : v;
    }
}
