/**
 * The Selfheal testbed: real third-party peers (a Kubernetes control plane with kwok nodes, moto,
 * vcsim, sushy-tools, ipmi_sim, fence agents, Toxiproxy) started on 127.0.0.1 for integration tests,
 * end-to-end tests and the demo. Each peer is a plain Java object ({@code AutoCloseable}) and has a JUnit
 * 5 extension that starts it once per test run and hands it to tests as a parameter.
 *
 * <p>Binaries and virtual environments come from {@code testbed/provision/provision.sh}, cached under
 * {@link dev.selfheal.testbed.process.TestbedCache}. A missing one fails with what to run or install.
 */
package dev.selfheal.testbed;
