/**
 * Observability: the listener API for embedding platforms, the event sink the healer reports every decision
 * and step to (Kubernetes Events by default), and optional Micrometer meters.
 */
package dev.selfheal.core.observe;
