package dev.selfheal.agent.supervise;


/** Who decides to restart an unhealthy component. */
public enum RestartMode {
    /** The agent restarts it with backoff within its budget, then escalates. */
    AUTO,
    /**
     * The agent only reports it; the cluster healer asks for the restart through the Node annotation, so the
     * healer's gates (max unhealthy, storm, concurrency) decide, and no two kubelets restart at once.
     */
    ON_REQUEST
}
