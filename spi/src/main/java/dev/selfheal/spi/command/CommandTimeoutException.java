package dev.selfheal.spi.command;

import java.time.Duration;

/** A command did not finish in time and was killed with its children. */
public final class CommandTimeoutException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient Duration timeout;

    /**
     * @param program the program that was killed
     * @param timeout how long it was given
     */
    public CommandTimeoutException(String program, Duration timeout) {
        super(program + " did not finish within " + timeout + " and was killed");
        this.timeout = timeout;
    }

    /** How long the command was given. */
    public Duration timeout() {
        return timeout;
    }
}
