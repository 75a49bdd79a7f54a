package dev.selfheal.agent.runtime;


/**
 * Starts, restarts and watches one component the way it runs on the node: {@link SystemdRuntime} (a unit),
 * {@link ProcessRuntime} (a process the agent spawns) or {@link StaticPodRuntime} (a manifest the kubelet runs).
 * Restarting touches only that component, never running containers. Calls may block for a bounded time (a
 * {@code systemctl} call, a stop grace period) and are made from the component's supervisor only.
 */
public interface ComponentRuntime extends AutoCloseable {

    /** Starts the component when it does not run. */
    void start();

    /** Stops and starts it again. */
    void restart();

    /** What the runtime sees now. */
    RuntimeStatus status();

    /**
     * The component's manifest is (now) this valid content: a runtime that reads it itself (the kubelet for a
     * static pod) needs nothing; others apply it (a process restarts with the new command line, a changed unit
     * file gets {@code daemon-reload} and a restart).
     *
     * @param content the manifest text
     * @param changed whether it differs from what the runtime was given before (false on the first call)
     */
    default void apply(String content, boolean changed) {
    }

    /** Registers a listener called, from any thread, when the component exits on its own. */
    default void onExit(Runnable listener) {
    }

    /** Releases what this runtime holds; processes it started are stopped, units and static pods stay. */
    @Override
    void close();
}
