/**
 * The agent configuration's error type and naming: {@link dev.selfheal.agent.config.AgentConfigException} names the
 * field and what is allowed. The bottom of the agent's packages: every settings record uses it.
 */
package dev.selfheal.agent.config;
