package dev.selfheal.agent.os;

import java.util.List;

/**
 * One OS check of the node. A check reports what it could judge this round; a condition type it says nothing
 * about (its reference did not answer, say) keeps its last state.
 */
@FunctionalInterface
interface OsCheck {

    /** Judges the OS now; never throws. */
    List<OsFinding> check();
}
