/**
 * vSphere for integration tests: the real govmomi vCenter simulator ({@link dev.selfheal.testbed.vsphere.Vcsim})
 * with TLS from a test CA, and its JUnit 5 extension.
 */
package dev.selfheal.testbed.vsphere;
