package dev.selfheal.testbed.process;

/**
 * A peer binary, virtual environment or system package is not installed. The message says exactly what
 * to run or install; tests fail with it instead of skipping.
 */
public class MissingPeerException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    /** @param message what is missing and how to install it */
    public MissingPeerException(String message) {
        super(message);
    }
}
