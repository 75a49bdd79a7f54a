/**
 * Safety: the gates every remediation passes before it starts ({@link dev.selfheal.core.safety.Gate}), the step
 * gates every step of a ladder passes before it acts ({@link dev.selfheal.core.safety.StepGate}: the etcd quorum,
 * the agent first for control-plane components, reboot before replace), each answering with a decision as a value
 * and a reason for Events and logs, and the fencing invariant — a node's workloads are released only after its
 * machine was confirmed fenced — enforced in one place, {@link dev.selfheal.core.safety.FencingInvariant}.
 */
package dev.selfheal.core.safety;
