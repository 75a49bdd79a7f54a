/**
 * AWS for integration tests: a real moto server ({@link dev.selfheal.testbed.aws.MotoServer}) and its JUnit 5
 * extension.
 */
package dev.selfheal.testbed.aws;
