package dev.selfheal.agent.os;

import dev.selfheal.agent.runtime.Commands;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * File systems: {@code ReadonlyFilesystem} when one that must be writable is mounted read-only (or refuses a
 * write in the agent's state directory), {@code DiskPressure} and {@code InodePressure} when used space or inodes
 * reach their thresholds. Inodes come from {@code stat -f} (coreutils); a file system that reports no inode
 * count (btrfs) never has inode pressure.
 */
final class FilesystemCheck implements OsCheck {

    private final List<Path> readOnlyPaths;
    private final List<Path> diskPaths;
    private final int diskPercent;
    private final int inodePercent;
    private final Path writeProbeDir;
    private final Commands commands;

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
        long[] in = inodes(p);
        if (in != null && in[0] > 0) {
            long used = 100 - (in[1] * 100 / in[0]);
            if (used >= inodePercent) {
                inodes.add(p + " " + used + "% of inodes used (threshold " + inodePercent + "%)");
            }
        }
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
