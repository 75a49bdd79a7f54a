package dev.selfheal.config;

/**
 * Makes the reader's exception for a field: each configuration (the healer's, the node agent's) has its own
 * exception type, such as {@code InvalidConfigException::new}.
 */
@FunctionalInterface
public interface FieldErrors {

    /**
     * @param field the field path, such as {@code components[2].probe.url}
     * @param message what is wrong and what is allowed (never a secret)
     * @return the exception to throw
     */
    RuntimeException error(String field, String message);
}
