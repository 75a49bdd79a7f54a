/**
 * The end-to-end toolkit: the healer configuration of the scenarios ({@link dev.selfheal.e2e.E2eConfig}), the
 * healer started under its own ServiceAccount with the shipped RBAC ({@link dev.selfheal.e2e.HealerUnderTest}),
 * the sample workloads ({@link dev.selfheal.e2e.Workloads}), and the recovery benchmark
 * ({@link dev.selfheal.e2e.bench.RecoveryBenchmark}). The scenario tests themselves are the {@code *IT}
 * classes of this module.
 */
package dev.selfheal.e2e;
