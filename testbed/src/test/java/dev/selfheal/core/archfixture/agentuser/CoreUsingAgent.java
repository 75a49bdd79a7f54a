package dev.selfheal.core.archfixture.agentuser;

/** Fixture: a core class using the agent: breaks "core does not use the agent". */
public class CoreUsingAgent {
    /** Uses the agent. */
    public Object agent() {
        return new dev.selfheal.agent.archfixture.AgentUsingCore();
    }
}
