/**
 * Why the healer would do what it does to a node now: every check's verdict with its evidence, the diagnosis, each
 * gate's decision and the ladder that would run ({@link dev.selfheal.core.explain.Explainer},
 * {@link dev.selfheal.core.explain.Explanation}); worked out by the same judging, gates and ladders the healer acts
 * on, without I/O. Dry-run Events tell it; tools show it.
 */
package dev.selfheal.core.explain;
