package dev.selfheal.testbed.bridge;

import java.time.Instant;

/**
 * A change the bridge made to a Node because of what it observed.
 *
 * @param at when
 * @param kind what happened
 * @param node the Node
 * @param machine the machine key
 */
public record BridgeEvent(Instant at, Kind kind, String node, String machine) {

    /** What happened to the Node. */
    public enum Kind {
        /** A running machine registered its Node. */
        REGISTERED,
        /** The machine stopped, vanished or was cut off: its Node stopped heartbeating. */
        SILENCED,
        /** The machine is back: its Node heartbeats again. */
        RESUMED
    }
}
