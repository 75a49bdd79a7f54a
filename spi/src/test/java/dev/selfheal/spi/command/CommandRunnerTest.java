package dev.selfheal.spi.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CommandRunnerTest {

    @Test
    void capturesExitCodeOutputAndReadsStdinAndEnvironment() throws Exception {
        try (CommandRunner runner = new CommandRunner()) {
            CommandResult r = runner.run(new CommandSpec(List.of("/bin/sh", "-c", "read line; echo \"got $line $X\"; echo oops >&2; exit 3"),
                    Map.of("X", "from-env"), "hello\n", Duration.ofSeconds(10)));
            assertThat(r.exitCode()).isEqualTo(3);
            assertThat(r.stdout()).isEqualTo("got hello from-env\n");
            assertThat(r.stderr()).isEqualTo("oops\n");
        }
    }

    @Test
    void childrenInheritOnlyABasicEnvironment() throws Exception {
        try (CommandRunner runner = new CommandRunner()) {
            CommandResult r = runner.run(new CommandSpec(List.of("/usr/bin/env"), Map.of("ADDED", "1"), null,
                    Duration.ofSeconds(10)));
            assertThat(r.stdout().lines().map(l -> l.substring(0, l.indexOf('='))))
                    .contains("ADDED", "PATH").allMatch(n -> n.equals("ADDED") || CommandRunner.INHERITED.contains(n));
        }
    }

    @Test
    void aCommandThatHangsIsKilledWithItsChildren() throws Exception {
        try (CommandRunner runner = new CommandRunner()) {
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> runner.run(new CommandSpec(List.of("/bin/sh", "-c", "sleep 30 & sleep 30; wait"),
                    Map.of(), null, Duration.ofMillis(500))))
                    .isInstanceOf(CommandTimeoutException.class).hasMessageContaining("did not finish within PT0.5S");
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
            assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).count()).isZero();
        }
    }

    @Test
    void aMissingProgramIsAnIoErrorAndAClosedRunnerRefuses() {
        CommandRunner runner = new CommandRunner();
        assertThatThrownBy(() -> runner.run(new CommandSpec(List.of("/nonexistent/ipmitool"), Map.of(), null, Duration.ofSeconds(1))))
                .isInstanceOf(IOException.class);
        runner.close();
        assertThatThrownBy(() -> runner.run(new CommandSpec(List.of("/bin/true"), Map.of(), null, Duration.ofSeconds(1))))
                .isInstanceOf(IOException.class).hasMessageContaining("closed");
    }

    @Test
    void aSpecShowsNeitherArgumentsNorSecrets() {
        assertThat(new CommandSpec(List.of("/usr/bin/ipmitool", "-U", "admin"), Map.of("IPMI_PASSWORD", "hunter2"), "secret-in",
                Duration.ofSeconds(1)).toString()).doesNotContain("hunter2", "secret-in", "admin");
    }
}
