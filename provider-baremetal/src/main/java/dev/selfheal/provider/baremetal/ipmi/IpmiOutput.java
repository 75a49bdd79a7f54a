package dev.selfheal.provider.baremetal.ipmi;

import dev.selfheal.provider.baremetal.bmc.BmcReading;
import dev.selfheal.spi.HealthFinding;
import dev.selfheal.spi.HealthFinding.Severity;
import dev.selfheal.spi.PowerState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Reads ipmitool's output: {@code chassis status} and the ways a session fails. */
final class IpmiOutput {

    /** Why an ipmitool run failed. */
    enum Failure {
        /** The BMC rejected the user name or password. */
        CREDENTIALS_REJECTED,
        /** The BMC did not answer (no session could be opened, no response). */
        NOT_ANSWERING,
        /** The BMC answered with an error. */
        REFUSED
    }

    /** chassis status flags that are faults when {@code true}/{@code active}: label, finding code, severity. */
    private static final List<String[]> FAULTS = List.of(
            new String[] {"Main Power Fault", "IpmiMainPowerFault", "CRITICAL"},
            new String[] {"Power Control Fault", "IpmiPowerControlFault", "CRITICAL"},
            new String[] {"Power Overload", "IpmiPowerOverload", "CRITICAL"},
            new String[] {"Power Interlock", "IpmiPowerInterlock", "WARNING"},
            new String[] {"Cooling/Fan Fault", "IpmiCoolingFault", "WARNING"},
            new String[] {"Drive Fault", "IpmiDriveFault", "WARNING"});

    private IpmiOutput() {
    }

    /**
     * Parses {@code chassis status}: {@code System Power : on|off} and the fault flags. A missing or
     * unreadable {@code System Power} line gives {@link PowerState#UNKNOWN}.
     */
    static BmcReading chassisStatus(String stdout) {
        Map<String, String> fields = fields(stdout);
        PowerState power = switch (fields.getOrDefault("System Power", "")) {
            case "on" -> PowerState.ON;
            case "off" -> PowerState.OFF;
            default -> PowerState.UNKNOWN;
        };
        List<HealthFinding> findings = new ArrayList<>();
        for (String[] f : FAULTS) {
            String v = fields.getOrDefault(f[0], "");
            if (v.equals("true") || v.equals("active")) {
                findings.add(new HealthFinding(Severity.valueOf(f[2]), f[1], "BMC chassis status reports " + f[0] + ": " + v));
            }
        }
        return new BmcReading(power, findings);
    }

    /** Classifies a failed run from its combined output. */
    static Failure classify(String output) {
        String o = output.toLowerCase(Locale.ROOT);
        if (o.contains("rakp 2 hmac is invalid") || o.contains("unauthorized name") || o.contains("invalid user name")
                || o.contains("password invalid") || o.contains("invalid password")
                || o.contains("insufficient privilege") || o.contains("invalid role")) {
            return Failure.CREDENTIALS_REJECTED;
        }
        if (o.contains("unable to establish") || o.contains("get auth capabilities error") || o.contains("no response")
                || o.contains("timeout") || o.contains("timed out")) {
            return Failure.NOT_ANSWERING;
        }
        return Failure.REFUSED;
    }

    /** Drops the lines {@code -v} prints on every run (registry loading, the VSO capabilities probe). */
    static String withoutNoise(String output) {
        StringBuilder b = new StringBuilder();
        for (String line : output.split("\\R")) {
            String l = line.strip();
            if (l.startsWith("Loading IANA PEN Registry") || l.startsWith("Running Get VSO Capabilities")
                    || l.equals("Invalid completion code received: Invalid command") || l.startsWith("Discovered IPMB address")) {
                continue;
            }
            b.append(line).append('\n');
        }
        return b.toString();
    }

    /** {@code Key : value} lines, values trimmed and lower-cased. */
    private static Map<String, String> fields(String stdout) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : stdout.split("\\R")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                fields.put(line.substring(0, colon).trim(), line.substring(colon + 1).trim().toLowerCase(Locale.ROOT));
            }
        }
        return fields;
    }
}
