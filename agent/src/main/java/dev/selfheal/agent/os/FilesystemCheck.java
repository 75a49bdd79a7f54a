package dev.selfheal.agent.os;

import dev.selfheal.agent.runtime.Commands;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * File systems: {@code ReadonlyFilesystem} when one that must be writable is mounted read-only (or refuses a
 * write in the agent's state directory), {@code DiskPressure} and {@code InodePressure} when used space or inodes
 * reach their thresholds. Space comes from the JDK ({@link FileStore}, one {@code statfs} call); inodes, which the
 * JDK does not report, from {@code stat -f} (coreutils), run at most once per {@value #INODE_REFRESH_SECONDS} s
 * per path (inodes run out over hours, and a process every round is most of the agent's idle CPU); a file
 * system that reports no inode count (btrfs) never has inode pressure.
 */
final class FilesystemCheck implements OsCheck {

    /** How long inode counts of a path are reused. */
    static final long INODE_REFRESH_SECONDS = 60;

    private final List<Path> readOnlyPaths;
    private final List<Path> diskPaths;
    private final int diskPercent;
    private final int inodePercent;
    private final Path writeProbeDir;
    private final Commands commands;
    private final Map<Path, long[]> inodeCounts = new HashMap<>();
    private final Map<Path, Long> inodesReadAt = new HashMap<>();

    FilesystemCheck(OsCheckSettings s, Path writeProbeDir, Commands commands) {
        this.commands = commands;
        this.readOnlyPaths = s.readOnlyPaths();
        this.diskPaths = s.diskPaths();
        this.diskPercent = s.diskPressurePercent();
        this.inodePercent = s.inodePressurePercent();
        this.writeProbeDir = writeProbeDir;
    }

    @Override
    public List<OsFinding> check() {
        List<OsFinding> out = new ArrayList<>();
        out.add(readOnly());
        List<String> disk = new ArrayList<>();
        List<String> inodes = new ArrayList<>();
        for (Path p : diskPaths) {
            usage(p, disk, inodes);
        }
        out.add(disk.isEmpty() ? new OsFinding(OsFinding.DISK_PRESSURE, false, "DiskHasSpace", "space below " + diskPercent + "% on " + diskPaths)
                : new OsFinding(OsFinding.DISK_PRESSURE, true, "DiskUsageHigh", String.join("; ", disk)));
        out.add(inodes.isEmpty() ? new OsFinding(OsFinding.INODE_PRESSURE, false, "InodesFree", "inodes below " + inodePercent + "% on " + diskPaths)
                : new OsFinding(OsFinding.INODE_PRESSURE, true, "InodeUsageHigh", String.join("; ", inodes)));
        return out;
    }

    private OsFinding readOnly() {
        List<String> ro = new ArrayList<>();
        for (Path p : readOnlyPaths) {
            try {
                if (Files.getFileStore(p).isReadOnly()) {
                    ro.add(p + " is mounted read-only");
                }
            } catch (IOException e) {
                ro.add(p + " unreadable: " + e.getMessage());
            }
        }
        try {
            Files.createDirectories(writeProbeDir);
            Path probe = Files.createTempFile(writeProbeDir, ".write-probe", ".tmp");
            Files.delete(probe);
        } catch (IOException e) {
            ro.add(writeProbeDir + " refuses writes: " + e.getMessage());
        }
        return ro.isEmpty() ? new OsFinding(OsFinding.READONLY_FILESYSTEM, false, "FilesystemIsWritable", "writable: " + readOnlyPaths)
                : new OsFinding(OsFinding.READONLY_FILESYSTEM, true, "FilesystemIsReadOnly", String.join("; ", ro));
    }

    private void usage(Path p, List<String> disk, List<String> inodes) {
        try {
            FileStore fs = Files.getFileStore(p);
            long total = fs.getTotalSpace();
            if (total > 0) {
                long used = 100 - (fs.getUsableSpace() * 100 / total);
                if (used >= diskPercent) {
                    disk.add(p + " " + used + "% used (threshold " + diskPercent + "%)");
                }
            }
        } catch (IOException e) {
            disk.add(p + " unreadable: " + e.getMessage());
        }
        long[] in = recentInodes(p);
        if (in != null && in[0] > 0) {
            long used = 100 - (in[1] * 100 / in[0]);
            if (used >= inodePercent) {
                inodes.add(p + " " + used + "% of inodes used (threshold " + inodePercent + "%)");
            }
        }
    }

    /** {@link #inodes} of a path, read again once they are {@value #INODE_REFRESH_SECONDS} s old. */
    private long[] recentInodes(Path p) {
        long now = System.nanoTime();
        Long at = inodesReadAt.get(p);
        if (at == null || now - at >= TimeUnit.SECONDS.toNanos(INODE_REFRESH_SECONDS)) {
            inodeCounts.put(p, inodes(p));
            inodesReadAt.put(p, now);
        }
        return inodeCounts.get(p);
    }

    /** Total and free inodes, or null when unknown. */
    long[] inodes(Path p) {
        Commands.Result r = commands.run(List.of("stat", "-f", "-c", "%c %d", p.toString()), Duration.ofSeconds(5));
        if (r.exitCode() != 0) {
            return null;
        }
        String[] parts = r.output().strip().split("\\s+");
        try {
            return new long[] {Long.parseLong(parts[0]), Long.parseLong(parts[1])};
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            return null;
        }
    }
}
