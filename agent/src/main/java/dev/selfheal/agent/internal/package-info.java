/**
 * Small helpers the agent's packages share and a user never needs: bounded HTTP calls, TLS contexts from PEM files,
 * atomic file writes, etcd's JSON gateway, polling. Public only for the agent's own packages; the layering rules
 * keep everything outside {@code dev.selfheal.agent..} from using it.
 */
package dev.selfheal.agent.internal;
