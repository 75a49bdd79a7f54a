/**
 * The healer's engine: judges every node on each change or timer, starts remediations that pass the gates,
 * advances each remediation along its ladder, and persists every transition before acting on it.
 */
package dev.selfheal.core.engine;
