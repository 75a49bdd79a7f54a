package dev.selfheal.spi;

/**
 * A provider configuration value is missing or wrong. The message names the provider, the field, the
 * bad value (never a secret's value) and what is allowed.
 */
public class InvalidProviderConfigException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String field;

    /**
     * @param providerType the provider type being configured
     * @param field the configuration key
     * @param message what is wrong and what is allowed
     */
    public InvalidProviderConfigException(String providerType, String field, String message) {
        super("provider '" + providerType + "', field '" + field + "': " + message);
        this.field = field;
    }

    /** The offending configuration key. */
    public String field() {
        return field;
    }
}
