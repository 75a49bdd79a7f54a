/**
 * The machine-to-node bridge: keeps kwok Nodes in step with the machines of the simulated infrastructure,
 * as a kubelet on each machine would. A running machine registers its Node (with the providerID and labels
 * its provider expects) and heartbeats; a machine that stops, is destroyed or is cut off goes silent; a new
 * machine (an Auto Scaling replacement, a re-created VM, a re-provisioned server) registers a new Node.
 *
 * <p>The bridge observes the real peers through their own APIs ({@link dev.selfheal.testbed.bridge.Ec2Machines}
 * for moto, {@link dev.selfheal.testbed.bridge.VcsimMachines} for vcsim,
 * {@link dev.selfheal.testbed.bridge.RedfishMachines} for sushy-tools) and never trusts what a test says
 * happened. Faults that no infrastructure API shows (a network cut, a corrupt OS) are injected with
 * {@link dev.selfheal.testbed.bridge.MachineNodeBridge#isolate} and
 * {@link dev.selfheal.testbed.bridge.MachineNodeBridge#breakMachine}.
 */
package dev.selfheal.testbed.bridge;
