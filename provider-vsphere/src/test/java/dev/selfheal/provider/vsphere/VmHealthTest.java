package dev.selfheal.provider.vsphere;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.provider.vsphere.internal.MoRef;
import dev.selfheal.provider.vsphere.internal.VmSnapshot;
import dev.selfheal.spi.HealthFinding;
import dev.selfheal.spi.HealthFinding.Severity;
import dev.selfheal.spi.MachineRef;
import dev.selfheal.spi.MachineStatus;
import dev.selfheal.spi.PowerState;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Power state and findings from runtime.powerState, runtime.connectionState and overallStatus. */
class VmHealthTest {

    private static final MachineRef REF = MachineRef.of("vsphere", "63d40cc5-9cba-5cc1-884a-f7f19070ecea", "worker-1");
    private static final Instant AT = Instant.parse("2030-01-01T00:00:00Z");

    private static VmSnapshot vm(String power, String connection, String overall) {
        return new VmSnapshot(MoRef.of("VirtualMachine", "vm-62"), "worker-1", REF.id(), false, power, connection, overall,
                null, null, List.of(), null, List.of(), null);
    }

    @Test
    void aRunningConnectedGreenVmIsHealthy() {
        MachineStatus s = VmHealth.status(REF, vm("poweredOn", "connected", "green"), AT);

        assertThat(s.power()).isEqualTo(PowerState.ON);
        assertThat(s.isHealthy()).isTrue();
        assertThat(s.observedAt()).isEqualTo(AT);
        assertThat(s.findings()).extracting(HealthFinding::code)
                .containsExactly("PowerState.poweredOn", "ConnectionState.connected", "OverallStatus.green");
    }

    @Test
    void offIsOffOnlyWhileVcenterIsConnectedToTheVm() {
        assertThat(VmHealth.power(vm("poweredOff", "connected", "green"))).isEqualTo(PowerState.OFF);
        assertThat(VmHealth.confirmedOff(vm("poweredOff", "connected", "gray"))).isTrue();
        for (String c : List.of("disconnected", "notResponding", "orphaned", "inaccessible", "invalid")) {
            assertThat(VmHealth.power(vm("poweredOff", c, "gray"))).as(c).isEqualTo(PowerState.UNKNOWN);
            assertThat(VmHealth.confirmedOff(vm("poweredOff", c, "gray"))).as(c).isFalse();
        }
        assertThat(VmHealth.power(vm("suspended", "connected", "green"))).isEqualTo(PowerState.UNKNOWN);
        assertThat(VmHealth.power(vm(null, "connected", "green"))).isEqualTo(PowerState.UNKNOWN);
    }

    @Test
    void anUnreachableHostOrRedStatusIsCritical() {
        MachineStatus s = VmHealth.status(REF, vm("poweredOn", "notResponding", "red"), AT);

        assertThat(s.power()).isEqualTo(PowerState.UNKNOWN);
        assertThat(s.hasCriticalFinding()).isTrue();
        assertThat(s.findings()).extracting(HealthFinding::code, HealthFinding::severity).containsExactly(
                org.assertj.core.groups.Tuple.tuple("PowerState.poweredOn", Severity.OK),
                org.assertj.core.groups.Tuple.tuple("ConnectionState.notResponding", Severity.CRITICAL),
                org.assertj.core.groups.Tuple.tuple("OverallStatus.red", Severity.CRITICAL));
        assertThat(s.findings().get(1).message()).contains("stale");
        assertThat(VmHealth.status(REF, vm("poweredOff", "connected", "yellow"), AT).findings())
                .extracting(HealthFinding::severity).containsExactly(Severity.WARNING, Severity.OK, Severity.WARNING);
    }
}
