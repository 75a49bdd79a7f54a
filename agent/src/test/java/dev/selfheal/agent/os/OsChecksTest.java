package dev.selfheal.agent.os;

import dev.selfheal.agent.runtime.Commands;
import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.agent.report.ConditionBoard;
import dev.selfheal.testbed.clock.ManualClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OsChecksTest {

    private static final Commands COMMANDS = new Commands();

    @AfterAll
    static void closeCommands() {
        COMMANDS.close();
    }

    @TempDir
    Path dir;

    private static Map<String, OsFinding> byType(List<OsFinding> findings) {
        return findings.stream().collect(Collectors.toMap(OsFinding::type, f -> f));
    }

    @Test
    void kernelLogPatternsSetTheirConditionForGood() throws Exception {
        Path log = dir.resolve("kern.log");
        Files.writeString(log, "old line: task docker:1234 blocked for more than 120 seconds.\n");
        try (KernelLogCheck check = new KernelLogCheck(log, KernelPattern.DEFAULTS)) {
            Map<String, OsFinding> first = byType(check.check());
            assertThat(first.get("KernelDeadlock").problem()).as("a file is followed from its end").isFalse();
            assertThat(first.get("ReadonlyFilesystem").problem()).isFalse();
            Files.writeString(log, "Nov 21 kernel: INFO: task jbd2/sda1-8:412 blocked for more than 120 seconds.\n"
                    + "Nov 21 kernel: EXT4-fs (sda1): Remounting filesystem read-only\n", StandardOpenOption.APPEND);
            Map<String, OsFinding> second = byType(check.check());
            assertThat(second.get("KernelDeadlock").problem()).isTrue();
            assertThat(second.get("KernelDeadlock").reason()).isEqualTo("TaskHung");
            assertThat(second.get("ReadonlyFilesystem").reason()).isEqualTo("FilesystemIsReadOnly");
            Files.writeString(log, "quiet\n", StandardOpenOption.APPEND);
            assertThat(byType(check.check()).get("KernelDeadlock").problem()).as("permanent until reboot").isTrue();
        }
    }

    @Test
    void kmsgRecordsAreMatchedOnTheirMessage() {
        KernelLogCheck check = new KernelLogCheck(dir.resolve("none.log"), List.of(new KernelPattern("KernelOops", "Oops",
                java.util.regex.Pattern.compile("^BUG: unable to handle kernel"))));
        check.line("2,901,12345678,-;BUG: unable to handle kernel NULL pointer dereference at 0000");
        assertThat(byType(check.check()).get("KernelOops").problem()).isTrue();
    }

    @Test
    void filesystemThresholdsDecideDiskAndInodePressure() {
        OsCheckSettings tight = new OsCheckSettings(true, Duration.ofSeconds(10), List.of(dir), List.of(dir), 1, 1, null, List.of(), null);
        Map<String, OsFinding> full = byType(new FilesystemCheck(tight, dir.resolve("state"), COMMANDS).check());
        assertThat(full.get("DiskPressure").problem()).isTrue();
        assertThat(full.get("DiskPressure").message()).contains("% used (threshold 1%)");
        assertThat(full.get("ReadonlyFilesystem").problem()).isFalse();
        long[] inodes = new FilesystemCheck(tight, dir.resolve("state"), COMMANDS).inodes(dir);
        assertThat(inodes).as("stat -f reads the inode counts").isNotNull().hasSize(2);
        assertThat(full.get("InodePressure").problem()).isEqualTo(inodes[0] > 0 && 100 - inodes[1] * 100 / inodes[0] >= 1);
        OsCheckSettings loose = new OsCheckSettings(true, Duration.ofSeconds(10), List.of(dir), List.of(dir), 100, 100, null, List.of(), null);
        Map<String, OsFinding> fine = byType(new FilesystemCheck(loose, dir.resolve("state"), COMMANDS).check());
        assertThat(fine.get("InodePressure").problem()).isFalse();
        assertThat(fine.get("ReadonlyFilesystem").reason()).isEqualTo("FilesystemIsWritable");
    }

    @Test
    void theMonitorMergesChecksProblemFirst() {
        ConditionBoard board = new ConditionBoard(ManualClock.at(Instant.parse("2026-01-01T00:00:00Z")));
        OsMonitor m = new OsMonitor(List.of(
                () -> List.of(new OsFinding("ReadonlyFilesystem", false, "FilesystemIsWritable", "fine")),
                () -> List.of(new OsFinding("ReadonlyFilesystem", true, "FilesystemIsReadOnly", "kernel said so")),
                () -> { throw new IllegalStateException("broken check"); }), board);
        m.run();
        assertThat(board.get("ReadonlyFilesystem").orElseThrow().problem()).isTrue();
        assertThat(board.get("ReadonlyFilesystem").orElseThrow().message()).isEqualTo("kernel said so");
    }
}
