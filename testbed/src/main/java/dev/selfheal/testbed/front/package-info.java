/**
 * A test's own small server in front of a real peer that injects one misbehaviour (a redirect elsewhere, an
 * echo of the request, an answer without body) and records what reached it.
 */
package dev.selfheal.testbed.front;
