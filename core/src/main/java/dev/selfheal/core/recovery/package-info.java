/**
 * Recovery: the steps of the escalation ladders (restart a component, reboot, fence, release workloads,
 * power on, replace, remove the node) and the ladders per failure class. A step acts once and then verifies
 * its effect; steps never decide whether to run — the engine and the safety gates do.
 */
package dev.selfheal.core.recovery;
