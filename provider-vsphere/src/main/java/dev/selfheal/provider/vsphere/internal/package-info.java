/**
 * The small vim25 SOAP client of the vSphere provider: {@link dev.selfheal.provider.vsphere.internal.VimClient}
 * (the typed calls the provider uses) and its SOAP implementation. {@link
 * dev.selfheal.provider.vsphere.internal.SoapRequest} builds every envelope and {@code SoapResponseParser} reads
 * every answer, turning SOAP faults into {@link dev.selfheal.provider.vsphere.internal.VimFaultException}.
 * Internal: only {@code dev.selfheal.provider.vsphere} uses it.
 */
package dev.selfheal.provider.vsphere.internal;
