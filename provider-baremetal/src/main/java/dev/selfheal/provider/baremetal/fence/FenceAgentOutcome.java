package dev.selfheal.provider.baremetal.fence;

import dev.selfheal.spi.PowerState;
import java.util.Locale;

/**
 * What a fence agent's exit code and output mean. Agents exit with 0 on success (and for {@code status}:
 * the machine is on), 2 for {@code status} when the machine is off, and 1 for every failure, with the
 * reason in their log lines.
 */
final class FenceAgentOutcome {

    /** Exit code of success, and of {@code status} when on. */
    static final int OK = 0;
    /** Exit code of a failure. */
    static final int ERROR = 1;
    /** Exit code of {@code status} when off. */
    static final int STATUS_OFF = 2;

    /** Why an agent failed. */
    enum Failure {
        /** The device did not answer in time, or the connection dropped. */
        NOT_ANSWERING,
        /** The agent's input was wrong (unknown action, missing option): fix the configuration. */
        BAD_INPUT,
        /** The agent reached the device but could not log in or read the status. */
        REFUSED
    }

    private FenceAgentOutcome() {
    }

    /**
     * The power state a {@code status} run reports: {@link PowerState#ON} for 0, {@link PowerState#OFF}
     * for 2, {@code null} for a failure.
     */
    static PowerState status(int exitCode) {
        return switch (exitCode) {
            case OK -> PowerState.ON;
            case STATUS_OFF -> PowerState.OFF;
            default -> null;
        };
    }

    /** Classifies a failure from the agent's output. */
    static Failure classify(String output) {
        String o = output.toLowerCase(Locale.ROOT);
        if (o.contains("timed out") || o.contains("connection lost") || o.contains("timeout")) {
            return Failure.NOT_ANSWERING;
        }
        if (o.contains("unrecognised action") || o.contains("parse error") || o.contains("please use '-h'")
                || o.contains("you have to set login password") || o.contains("required") || o.contains("unable to run")) {
            return Failure.BAD_INPUT;
        }
        return Failure.REFUSED;
    }
}
