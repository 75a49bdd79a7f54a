package dev.selfheal.agent.os;


/**
 * What one OS check found about one condition type.
 *
 * @param type the node-problem-detector condition type, such as {@code ReadonlyFilesystem}
 * @param problem whether it is a problem (the condition True)
 * @param reason CamelCase reason
 * @param message what was seen
 */
record OsFinding(String type, boolean problem, String reason, String message) {

    /** The condition types the built-in OS checks report. */
    public static final String READONLY_FILESYSTEM = "ReadonlyFilesystem";
    /** Disk space pressure. */
    public static final String DISK_PRESSURE = "DiskPressure";
    /** Inode pressure. */
    public static final String INODE_PRESSURE = "InodePressure";
    /** Kernel deadlock (hung tasks). */
    public static final String KERNEL_DEADLOCK = "KernelDeadlock";
    /** The node's clock is off. */
    public static final String CLOCK_SKEW = "ClockSkew";
}
