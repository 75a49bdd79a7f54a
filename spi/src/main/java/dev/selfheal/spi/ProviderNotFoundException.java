package dev.selfheal.spi;

import java.util.Collection;

/** No {@link InfrastructureProviderFactory} on the class path claims the requested type. */
public class ProviderNotFoundException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    /**
     * @param type the type asked for
     * @param knownTypes the types that were found
     */
    public ProviderNotFoundException(String type, Collection<String> knownTypes) {
        super("no infrastructure provider of type '" + type + "' found on the class path; known types: "
                + (knownTypes.isEmpty() ? "none" : String.join(", ", knownTypes))
                + ". Add the provider's jar (such as dev.selfheal:selfheal-provider-" + type
                + ") or register a factory in META-INF/services/" + InfrastructureProviderFactory.class.getName());
    }
}
