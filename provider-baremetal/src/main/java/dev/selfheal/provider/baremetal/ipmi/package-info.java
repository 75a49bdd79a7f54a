/** The IPMI BMC driver: {@code ipmitool -I lanplus} with the password in its environment. */
package dev.selfheal.provider.baremetal.ipmi;
