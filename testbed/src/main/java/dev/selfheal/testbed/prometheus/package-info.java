/**
 * A real Prometheus server (Debian's {@code prometheus} package, unpacked into the testbed cache) that scrapes
 * endpoints of a test, with its HTTP API for queries, and {@code promtool} from the same package for checking and
 * unit-testing alert rules.
 */
package dev.selfheal.testbed.prometheus;
