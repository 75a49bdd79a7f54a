package dev.selfheal.core.safety;

import java.util.Optional;

/** Where the storm gate's state lives in the cluster (a Lease in the healer's namespace by default). */
public interface StormStateStore {

    /** The stored state, if any. */
    Optional<StormState> load();

    /** Stores the state. */
    void save(StormState state);
}
