/** Clocks for tests. */
package dev.selfheal.testbed.clock;
