/**
 * Judging health: an immutable {@link dev.selfheal.core.health.ClusterSnapshot} of what the watches saw,
 * the four {@link dev.selfheal.core.health.Layer}s, and {@link dev.selfheal.core.health.HealthCheck}s that
 * are pure functions of (snapshot, now) returning {@link dev.selfheal.core.health.Verdict}s. Nothing in this
 * package acts on the cluster.
 */
package dev.selfheal.core.health;
