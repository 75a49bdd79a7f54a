/** Canary secrets and the places a leaked one is searched for: logs, exceptions, command lines. */
package dev.selfheal.testbed.leak;
