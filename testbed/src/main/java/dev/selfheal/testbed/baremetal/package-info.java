/**
 * Real bare-metal management peers on 127.0.0.1: a Redfish BMC ({@link
 * dev.selfheal.testbed.baremetal.RedfishEmulator}, sushy-tools' fake driver over TLS with basic auth) and an
 * IPMI BMC ({@link dev.selfheal.testbed.baremetal.IpmiSimulator}, OpenIPMI's ipmi_sim with RMCP+), each with
 * a JUnit 5 extension. Clients under test are the real ones: ipmitool, fence_ipmilan, fence_redfish, or
 * Selfheal's own Redfish and IPMI code.
 */
package dev.selfheal.testbed.baremetal;
