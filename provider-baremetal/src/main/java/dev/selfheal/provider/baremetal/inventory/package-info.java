/** Maps Kubernetes nodes to their BMCs and reads BMC credentials from mounted Secrets, the environment or config. */
package dev.selfheal.provider.baremetal.inventory;
