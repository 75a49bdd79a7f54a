/**
 * Machinery of the bare-metal provider: running BMC tools as child processes with time limits and
 * cleaning their output of secrets. Closed to everything outside {@code dev.selfheal.provider.baremetal}.
 */
package dev.selfheal.provider.baremetal.internal;
