package dev.selfheal.provider.baremetal.bmc;

/** What a BMC is asked to do to the machine's power. */
public enum PowerCommand {
    /** Power on. */
    ON,
    /** Cut the power at once: the fencing primitive. */
    FORCE_OFF,
    /** Ask the operating system to shut down (ACPI power button). */
    GRACEFUL_SHUTDOWN,
    /** Restart at once (Redfish ForceRestart, IPMI power cycle or reset, fence agent reboot). */
    FORCE_RESTART
}
