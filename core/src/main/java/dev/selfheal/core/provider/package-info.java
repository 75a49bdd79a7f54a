/**
 * Access to infrastructure providers for the healer: finding the machine under a node, and calling the
 * provider through resilience4j (retry of retryable errors, a circuit breaker per provider, a rate limiter
 * on destructive actions, a time limit on every call).
 */
package dev.selfheal.core.provider;
