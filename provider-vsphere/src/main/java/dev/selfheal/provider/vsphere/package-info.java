/**
 * The vSphere infrastructure provider of Selfheal (type {@code vsphere}): power status, reset, fencing,
 * power-on, detaching data disks and re-creating VMs through vCenter's vim25 API.
 * {@link dev.selfheal.provider.vsphere.VsphereProviderFactory} creates it from a validated
 * {@link dev.selfheal.provider.vsphere.VsphereProviderConfig}.
 */
package dev.selfheal.provider.vsphere;
