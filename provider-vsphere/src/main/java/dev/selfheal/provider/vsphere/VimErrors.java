package dev.selfheal.provider.vsphere;

import dev.selfheal.provider.vsphere.internal.VimException;
import dev.selfheal.provider.vsphere.internal.VimFaultException;
import dev.selfheal.provider.vsphere.internal.VimTimeoutException;
import dev.selfheal.provider.vsphere.internal.VimTransportException;
import dev.selfheal.spi.MachineNotFoundException;
import dev.selfheal.spi.PermanentProviderException;
import dev.selfheal.spi.ProviderException;
import dev.selfheal.spi.RetryableProviderException;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Turns vim25 failures into the SPI's exceptions, naming the machine and the call ({@code vim25:<method>}):
 * time-outs, unreachable servers and transient faults are retryable; rejected credentials, missing
 * privileges, untrusted certificates and state conflicts are permanent; a missing object is
 * {@link MachineNotFoundException}.
 */
final class VimErrors {

    /** Faults that may go away by themselves. */
    static final Set<String> RETRYABLE_FAULTS = Set.of("NotAuthenticated", "TaskInProgress", "HostCommunication",
            "HostNotConnected", "HostNotReachable", "RequestCanceled", "SystemError", "Timedout", "ConcurrentAccess",
            "InvalidState", "ResourceInUse", "NoHost", "HostPowerOpFailed", "RuntimeFault");

    private VimErrors() {
    }

    /** Runs a call and maps its {@link VimException}s for {@code machine} (a human form such as {@link dev.selfheal.spi.MachineRef#describe()}). */
    static <T> T call(String machine, Supplier<T> call) {
        try {
            return call.get();
        } catch (VimException e) {
            throw map(machine, e);
        }
    }

    /** The SPI exception for a vim25 failure. */
    static ProviderException map(String machine, VimException e) {
        String op = "vim25:" + e.method();
        if (e instanceof VimTimeoutException) {
            return new RetryableProviderException(machine, op, e.getMessage(), e);
        }
        if (e instanceof VimTransportException t) {
            return switch (t.kind()) {
                case TLS -> new PermanentProviderException(machine, op, e.getMessage()
                        + "; set tls.trustStore to the CA of the vCenter certificate (tls.insecure=true only in labs)", e);
                case PROTOCOL -> new PermanentProviderException(machine, op, e.getMessage()
                        + "; is url the vim25 SDK endpoint (https://<vcenter>/sdk)?", e);
                case TIMEOUT, UNREACHABLE -> new RetryableProviderException(machine, op, e.getMessage(), e);
            };
        }
        VimFaultException f = (VimFaultException) e;
        String type = f.fault().type();
        if ("ManagedObjectNotFound".equals(type)) {
            return new MachineNotFoundException(machine, op, e.getMessage(), e);
        }
        if ("InvalidLogin".equals(type)) {
            return new PermanentProviderException(machine, op, e.getMessage()
                    + "; check the 'username' setting and the 'password' secret", e);
        }
        if ("NoPermission".equals(type)) {
            return new PermanentProviderException(machine, op, e.getMessage()
                    + "; grant the vCenter role of this user the privilege named (see the provider README)", e);
        }
        return RETRYABLE_FAULTS.contains(type)
                ? new RetryableProviderException(machine, op, e.getMessage(), e)
                : new PermanentProviderException(machine, op, e.getMessage(), e);
    }
}
