package dev.selfheal.spi;

/** The infrastructure does not know the machine (unknown instance id, VM uuid or BMC system). */
public class MachineNotFoundException extends PermanentProviderException {

    private static final long serialVersionUID = 1L;

    /** See {@link ProviderException#ProviderException(String, String, String, Throwable)}. */
    public MachineNotFoundException(String machine, String operation, String message, Throwable cause) {
        super(machine, operation, message, cause);
    }

    /** See {@link ProviderException#ProviderException(String, String, String, Throwable)}. */
    public MachineNotFoundException(String machine, String operation, String message) {
        this(machine, operation, message, null);
    }
}
