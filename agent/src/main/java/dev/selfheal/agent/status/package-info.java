/**
 * The agent's opt-in status endpoint ({@code status.port}): {@code /healthz}, {@code /readyz} and {@code /metrics}
 * in the Prometheus text exposition format, written by hand ({@link dev.selfheal.agent.status.MetricsText}) on the
 * JDK's {@code com.sun.net.httpserver} (module {@code jdk.httpserver}), answering on one thread. No metrics library.
 */
package dev.selfheal.agent.status;
