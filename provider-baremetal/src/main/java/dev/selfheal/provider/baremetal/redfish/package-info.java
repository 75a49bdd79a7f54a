/** The Redfish BMC driver: JDK HTTP client, Jackson, sessions with basic authentication as fallback, verified TLS. */
package dev.selfheal.provider.baremetal.redfish;
