/**
 * Diagnosis: from the verdicts of every layer, the root layer and the failure class of a node's problem.
 * Pure functions, apart from acting.
 */
package dev.selfheal.core.diagnosis;
