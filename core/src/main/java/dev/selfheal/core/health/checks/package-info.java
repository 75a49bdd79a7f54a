/**
 * The built-in {@link dev.selfheal.core.health.HealthCheck}s, one per aspect of a node, each a record of its
 * validated parameters and a pure function of (node, snapshot, now); {@link
 * dev.selfheal.core.health.checks.BuiltInChecks} builds them all from one
 * {@link dev.selfheal.core.health.checks.BuiltInCheckParams}.
 *
 * <p>Conventions shared by all: a problem that must last a threshold is SUSPECT with {@code recheckAt = since +
 * threshold} until then and UNHEALTHY from that moment on (a problem that lasted exactly the threshold is
 * unhealthy); evidence says what was seen, since when, how long and the threshold; checks about heartbeats
 * return HEALTHY verdicts with a {@code recheckAt} too, because a heartbeat that stops sends no event.
 */
package dev.selfheal.core.health.checks;
