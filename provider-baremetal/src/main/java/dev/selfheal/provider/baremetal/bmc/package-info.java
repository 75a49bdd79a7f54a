/** What the bare-metal provider's BMC drivers share: targets, credentials references, power commands and readings. */
package dev.selfheal.provider.baremetal.bmc;
