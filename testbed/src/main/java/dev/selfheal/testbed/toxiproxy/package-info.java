/**
 * Fault injection for integration tests: a real Toxiproxy server
 * ({@link dev.selfheal.testbed.toxiproxy.ToxiproxyServer}) between clients and peers, and its JUnit 5 extension.
 */
package dev.selfheal.testbed.toxiproxy;
