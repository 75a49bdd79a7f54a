package dev.selfheal.spi;

/**
 * What a provider can do to a machine. A provider declares its capabilities once, and may narrow them
 * for a given machine (an EC2 instance in no Auto Scaling group cannot be replaced, for example).
 */
public enum Capability {
    /** Read the power state and health of a machine. */
    POWER_STATUS,
    /** Restart a machine (hard reset or reboot). */
    REBOOT,
    /** Power a machine off and confirm it is off: the fencing primitive. */
    POWER_OFF,
    /** Power a machine on. */
    POWER_ON,
    /** Replace a machine with a new one (re-create, re-provision, auto scaling replacement). */
    REPLACE,
    /** Detach a machine's data volumes so they can be attached elsewhere. */
    DETACH_VOLUMES
}
