package dev.selfheal.agent.runtime;


/**
 * What a {@link ComponentRuntime} knows of its component, before any health probe.
 *
 * @param state running, stopped, or in the middle of a restart
 * @param detail what the runtime saw, for logs and condition messages
 */
public record RuntimeStatus(State state, String detail) {

    /** The runtime's view. */
    public enum State {
        /** Running (a process alive, a unit active, a static pod manifest in place). */
        RUNNING,
        /** Not running. */
        STOPPED,
        /** A restart is under way; its manifest may be away on purpose. */
        RESTARTING
    }

    /** Running. */
    public static RuntimeStatus running(String detail) {
        return new RuntimeStatus(State.RUNNING, detail);
    }

    /** Stopped. */
    public static RuntimeStatus stopped(String detail) {
        return new RuntimeStatus(State.STOPPED, detail);
    }

    /** Whether it runs. */
    public boolean running() {
        return state == State.RUNNING;
    }
}
