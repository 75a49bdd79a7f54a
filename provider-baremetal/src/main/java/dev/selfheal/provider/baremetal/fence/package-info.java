/** The fence-agent driver: any installed ClusterLabs fence agent through its stdin protocol. */
package dev.selfheal.provider.baremetal.fence;
