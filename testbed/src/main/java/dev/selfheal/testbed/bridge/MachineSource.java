package dev.selfheal.testbed.bridge;

import java.util.List;

/**
 * One infrastructure peer as the bridge sees it: the machines it reports now. Implementations call the
 * peer's real API with bounded time-outs and throw when it does not answer (the bridge then leaves that
 * peer's Nodes as they are until the next observation).
 */
public interface MachineSource extends AutoCloseable {

    /** A short name for logs, such as {@code moto} or {@code vcsim}. */
    String name();

    /** Every machine the peer knows now, running or not. */
    List<ObservedMachine> observe();

    /** Releases the source's clients. */
    @Override
    default void close() {
    }
}
