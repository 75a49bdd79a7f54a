/** A pinned {@code helm} (built from the Go module proxy into the testbed cache) for the chart's tests. */
package dev.selfheal.testbed.helm;
