package dev.selfheal.agent.os;

import dev.selfheal.agent.config.AgentConfigException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The OS checks, reported as node-problem-detector condition types ({@code ReadonlyFilesystem},
 * {@code DiskPressure}, {@code InodePressure}, {@code KernelDeadlock}, {@code ClockSkew}).
 *
 * @param enabled whether to run them at all
 * @param interval how often (1 s to 1 h)
 * @param readOnlyPaths file systems that must be writable (default {@code /})
 * @param diskPaths file systems watched for space and inode pressure (default {@code /})
 * @param diskPressurePercent used space at or above this percentage sets {@code DiskPressure} (1 to 100)
 * @param inodePressurePercent used inodes at or above this percentage sets {@code InodePressure} (1 to 100)
 * @param kernelLog the kernel log: {@code /dev/kmsg} (read from boot) or a file (followed from its end); null for none
 * @param kernelPatterns kernel log lines that set a condition
 * @param clock the clock-skew check, or null for none
 */
public record OsCheckSettings(boolean enabled, Duration interval, List<Path> readOnlyPaths, List<Path> diskPaths,
                              int diskPressurePercent, int inodePressurePercent, Path kernelLog,
                              List<KernelPattern> kernelPatterns, ClockSettings clock) {

    /** Validates and copies. */
    public OsCheckSettings {
        if (interval == null || interval.compareTo(Duration.ofSeconds(1)) < 0 || interval.compareTo(Duration.ofHours(1)) > 0) {
            throw new AgentConfigException("os.interval", interval + " is out of range; allowed range 1s to 1h");
        }
        readOnlyPaths = List.copyOf(readOnlyPaths);
        diskPaths = List.copyOf(diskPaths);
        kernelPatterns = List.copyOf(kernelPatterns);
        percent("os.diskPressurePercent", diskPressurePercent);
        percent("os.inodePressurePercent", inodePressurePercent);
    }

    /** Defaults: every 10 s; {@code /} writable and under 90 % of space and inodes; {@code /dev/kmsg}; no clock check. */
    public static OsCheckSettings defaults() {
        return new OsCheckSettings(true, Duration.ofSeconds(10), List.of(Path.of("/")), List.of(Path.of("/")), 90, 90,
                Path.of("/dev/kmsg"), KernelPattern.DEFAULTS, null);
    }

    private static void percent(String field, int v) {
        if (v < 1 || v > 100) {
            throw new AgentConfigException(field, v + " is out of range; allowed range 1 to 100");
        }
    }
}
