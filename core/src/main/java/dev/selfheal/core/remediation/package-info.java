/**
 * Remediation records: the state of one node's recovery, its legal transitions, and their persistence in
 * the cluster so that a restarted or new healer resumes where the last one stopped and never repeats a
 * destructive step.
 */
package dev.selfheal.core.remediation;
