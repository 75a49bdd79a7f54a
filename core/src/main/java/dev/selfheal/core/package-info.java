/**
 * Selfheal's public entry point: {@link dev.selfheal.core.Selfheal}. Build one with a Kubernetes client, a
 * configuration and providers, {@code start()} it, and {@code close()} it when done.
 */
package dev.selfheal.core;
