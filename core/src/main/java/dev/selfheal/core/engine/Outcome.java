package dev.selfheal.core.engine;

import dev.selfheal.core.remediation.RemediationStore.Stored;
import java.util.Optional;

/**
 * What carrying out a decision led to, handed back to the decision thread.
 *
 * @param node the node
 * @param term the leadership term the decision was taken in (an outcome of an older term only frees the node)
 * @param stored the node's record afterwards, when known
 * @param recordKnown whether {@code stored} is the node's record now (empty: the node has none)
 * @param error what went wrong, or null
 * @param unsaved a save that could not be written and is to be tried again as it is, or null
 */
record Outcome(String node, long term, Optional<Stored> stored, boolean recordKnown, RuntimeException error,
               Decision.Save unsaved) {

    static Outcome record(String node, long term, Optional<Stored> stored) {
        return new Outcome(node, term, stored, true, null, null);
    }

    static Outcome unchanged(String node, long term) {
        return new Outcome(node, term, Optional.empty(), false, null, null);
    }

    static Outcome failed(String node, long term, RuntimeException error, Decision.Save unsaved, Optional<Stored> stored,
                          boolean recordKnown) {
        return new Outcome(node, term, stored, recordKnown, error, unsaved);
    }
}
