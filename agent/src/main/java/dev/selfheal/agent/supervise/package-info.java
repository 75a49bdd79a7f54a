/**
 * Supervision of one component: probe, restart with backoff within a budget, put its manifest back from its
 * checkpoint or roll back a bad one, escalate to the healer
 * ({@link dev.selfheal.agent.supervise.ComponentSupervisor}, described by a
 * {@link dev.selfheal.agent.supervise.ComponentSpec}).
 */
package dev.selfheal.agent.supervise;
