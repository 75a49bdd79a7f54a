package dev.selfheal.provider.vsphere;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.provider.vsphere.internal.MoRef;
import dev.selfheal.provider.vsphere.internal.VimFault;
import dev.selfheal.provider.vsphere.internal.VimFaultException;
import dev.selfheal.provider.vsphere.internal.VimTaskFailedException;
import dev.selfheal.provider.vsphere.internal.VimTimeoutException;
import dev.selfheal.provider.vsphere.internal.VimTransportException;
import dev.selfheal.spi.MachineNotFoundException;
import dev.selfheal.spi.ProviderException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** vim25 failures become SPI exceptions that name the machine and the call, retryable or not. */
class VimErrorsTest {

    private static final String WHO = "vsphere:4237 (node worker-1)";

    private static ProviderException fault(String type) {
        return VimErrors.map(WHO, new VimFaultException("PowerOffVM_Task", new VimFault(type, "", Map.of()), ""));
    }

    @Test
    void transientFailuresAreRetryable() {
        assertThat(fault("TaskInProgress").isRetryable()).isTrue();
        assertThat(fault("HostNotConnected").isRetryable()).isTrue();
        assertThat(fault("NotAuthenticated").isRetryable()).isTrue();
        assertThat(VimErrors.map(WHO, new VimTimeoutException("PowerOffVM_Task", "task task-1 on VM 'w' (vm-1)",
                Duration.ofSeconds(1), "info.state=running")).isRetryable()).isTrue();
        assertThat(VimErrors.map(WHO, new VimTransportException("Login", VimTransportException.Kind.UNREACHABLE,
                "cannot connect", null)).isRetryable()).isTrue();
    }

    @Test
    void rejectionsAndConflictsArePermanent() {
        assertThat(fault("InvalidLogin").isRetryable()).isFalse();
        assertThat(fault("InvalidLogin").getMessage()).contains("'password' secret");
        assertThat(fault("NoPermission").getMessage()).contains("privilege");
        assertThat(fault("InvalidPowerState").isRetryable()).isFalse();
        assertThat(VimErrors.map(WHO, new VimTransportException("Login", VimTransportException.Kind.TLS, "TLS failed", null)))
                .satisfies(e -> assertThat(e.isRetryable()).isFalse()).hasMessageContaining("tls.trustStore");
    }

    @Test
    void aVanishedObjectIsMachineNotFound() {
        assertThat(fault("ManagedObjectNotFound")).isInstanceOf(MachineNotFoundException.class);
    }

    @Test
    void messagesNameTheMachineTheCallAndTheVm() {
        ProviderException e = VimErrors.map(WHO, new VimTaskFailedException("ResetVM_Task", MoRef.of("Task", "task-7"),
                new VimFault("InvalidPowerState", "", Map.of("existingState", "poweredOff")), "VM 'worker-1' (vm-62)"));

        assertThat(e.operation()).isEqualTo("vim25:ResetVM_Task");
        assertThat(e.machine()).isEqualTo(WHO);
        assertThat(e.getMessage()).startsWith("vim25:ResetVM_Task on " + WHO + " failed: ")
                .contains("VM 'worker-1' (vm-62)").contains("InvalidPowerState").contains("existingState=poweredOff");
    }
}
