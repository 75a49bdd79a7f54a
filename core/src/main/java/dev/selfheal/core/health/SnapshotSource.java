package dev.selfheal.core.health;

/**
 * Supplies snapshots of the cluster and says when something changed. The default implementation is fed by
 * informers (watches), never by polling.
 */
public interface SnapshotSource extends AutoCloseable {

    /** Starts watching; returns once the initial state is known. */
    void start();

    /** The cluster as seen now. Cheap: built from the watch caches. */
    ClusterSnapshot snapshot();

    /** Registers a callback run (on a watch thread; keep it short) after any watched object changed. */
    void onChange(Runnable listener);

    /**
     * Whether every watch is up. While one is down, snapshots go stale (heartbeats look old), so the healer
     * starts nothing new. Default: always true.
     */
    default boolean isWatching() {
        return true;
    }

    /** Records the provider's latest answer about a node's machine, for the next snapshots. */
    void recordMachine(MachineView machine);

    /** Stops watching. */
    @Override
    void close();
}
