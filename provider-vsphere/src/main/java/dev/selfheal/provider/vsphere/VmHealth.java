package dev.selfheal.provider.vsphere;

import dev.selfheal.provider.vsphere.internal.VmSnapshot;
import dev.selfheal.spi.HealthFinding;
import dev.selfheal.spi.HealthFinding.Severity;
import dev.selfheal.spi.MachineRef;
import dev.selfheal.spi.MachineStatus;
import dev.selfheal.spi.PowerState;
import java.time.Instant;
import java.util.List;

/**
 * Reads a VM's power and health as the SPI sees them. The power state counts only while vCenter is
 * connected to the VM: for a VM on a disconnected or not responding host, vCenter shows the last known
 * state, so the power is {@link PowerState#UNKNOWN} (never OFF). Findings report {@code runtime.powerState},
 * {@code runtime.connectionState} and {@code overallStatus}, with codes such as {@code PowerState.poweredOn},
 * {@code ConnectionState.notResponding} and {@code OverallStatus.red}.
 */
final class VmHealth {

    private VmHealth() {
    }

    /** The machine status of a VM snapshot. */
    static MachineStatus status(MachineRef machine, VmSnapshot vm, Instant at) {
        List<HealthFinding> findings = List.of(powerFinding(vm), connectionFinding(vm), overallFinding(vm));
        return new MachineStatus(machine, power(vm), findings, at);
    }

    /** The power state, {@link PowerState#UNKNOWN} unless vCenter is connected to the VM. */
    static PowerState power(VmSnapshot vm) {
        if (!"connected".equals(vm.connectionState()) || vm.powerState() == null) {
            return PowerState.UNKNOWN;
        }
        return switch (vm.powerState()) {
            case "poweredOn" -> PowerState.ON;
            case "poweredOff" -> PowerState.OFF;
            default -> PowerState.UNKNOWN; // suspended: not running, but not off either
        };
    }

    /** Whether the VM is confirmed off: poweredOff as reported by a connected vCenter. */
    static boolean confirmedOff(VmSnapshot vm) {
        return power(vm) == PowerState.OFF;
    }

    /** {@code powerState=..., connectionState=...}, for messages. */
    static String describeState(VmSnapshot vm) {
        return "runtime.powerState=" + vm.powerState() + ", runtime.connectionState=" + vm.connectionState();
    }

    private static HealthFinding powerFinding(VmSnapshot vm) {
        String s = String.valueOf(vm.powerState());
        Severity sev = "poweredOn".equals(s) ? Severity.OK : Severity.WARNING;
        return new HealthFinding(sev, "PowerState." + s, vm.describe() + " runtime.powerState is " + s);
    }

    private static HealthFinding connectionFinding(VmSnapshot vm) {
        String s = String.valueOf(vm.connectionState());
        Severity sev = "connected".equals(s) ? Severity.OK : Severity.CRITICAL;
        String why = switch (s) {
            case "connected" -> "vCenter manages the VM";
            case "disconnected", "notResponding" -> "its host does not answer vCenter; the power state is stale";
            case "orphaned" -> "its host no longer knows the VM";
            case "inaccessible" -> "its configuration files cannot be read";
            case "invalid" -> "its configuration is invalid";
            default -> "unknown connection state";
        };
        return new HealthFinding(sev, "ConnectionState." + s, vm.describe() + " runtime.connectionState is " + s + ": " + why);
    }

    private static HealthFinding overallFinding(VmSnapshot vm) {
        String s = String.valueOf(vm.overallStatus());
        Severity sev = switch (s) {
            case "green" -> Severity.OK;
            case "red" -> Severity.CRITICAL;
            default -> Severity.WARNING; // yellow, gray (unknown)
        };
        return new HealthFinding(sev, "OverallStatus." + s, vm.describe() + " overallStatus is " + s);
    }
}
