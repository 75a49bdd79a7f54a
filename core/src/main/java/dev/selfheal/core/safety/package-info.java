/**
 * Safety: the gates every remediation passes before it starts, and the fencing invariant — a node's
 * workloads are released only after its machine was confirmed fenced — enforced in one place,
 * {@link dev.selfheal.core.safety.FencingInvariant}.
 */
package dev.selfheal.core.safety;
