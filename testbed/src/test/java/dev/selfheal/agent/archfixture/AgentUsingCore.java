package dev.selfheal.agent.archfixture;

import dev.selfheal.core.archfixture.CoreThing;

/** Breaks the layering on purpose: an agent class that uses a core class. */
public final class AgentUsingCore {

    /** Uses core. */
    public Object healer() {
        return new CoreThing();
    }
}
