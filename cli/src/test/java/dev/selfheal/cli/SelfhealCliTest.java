package dev.selfheal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SelfhealCliTest {

    @TempDir
    Path dir;

    @Test
    void helpListsTheCommandsAndTheExitCodes() {
        Run r = Run.of("--help");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("status", "explain", "history", "pause", "resume", "dry-run", "Exit codes:",
                "3  the cluster cannot be reached", "5  the configuration file is invalid");
    }

    @Test
    void aCommandIsNeeded() {
        Run r = Run.of();
        assertThat(r.code()).as(r.toString()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains("a command is needed: status, explain, history, pause, resume, dry-run");
    }

    @Test
    void anUnknownCommandIsAUsageError() {
        Run r = Run.of("statsu");
        assertThat(r.code()).as(r.toString()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains("statsu");
    }

    @Test
    void aBadOutputFormatNamesTheAllowedValues() {
        Run r = Run.of("status", "-o", "xml");
        assertThat(r.code()).as(r.toString()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains("-o/--output must be one of wide, json, yaml, got 'xml'");
    }

    @Test
    void historyAndExplainNeedANode() {
        assertThat(Run.of("history").code()).isEqualTo(ExitCode.USAGE);
        Run r = Run.of("explain");
        assertThat(r.code()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains("NODE");
    }

    @Test
    void dryRunNeedsAConfigFile() {
        Run r = Run.of("dry-run");
        assertThat(r.code()).as(r.toString()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains("--config");
    }

    @Test
    void aMissingConfigFileIsAnInvalidConfig() {
        Run r = Run.of("dry-run", "-f", dir.resolve("nope.yaml").toString());
        assertThat(r.code()).as(r.toString()).isEqualTo(ExitCode.INVALID_CONFIG);
        assertThat(r.err()).contains("-f: no such file", "nope.yaml");
    }

    @Test
    void anInvalidConfigNamesTheFieldBeforeAnyClusterIsAsked() throws IOException {
        Path cfg = Files.writeString(dir.resolve("bad.yaml"), "gates: {maxConcurrent: 0}\n");
        Run r = Run.of("dry-run", "-f", cfg.toString(), "--kubeconfig", dir.resolve("absent").toString());
        assertThat(r.code()).as(r.toString()).isEqualTo(ExitCode.INVALID_CONFIG);
        assertThat(r.err()).contains("not a valid Selfheal configuration", "gates.maxConcurrent");
    }

    @Test
    void anUnknownConfigKeyIsNamed() throws IOException {
        Path cfg = Files.writeString(dir.resolve("typo.yaml"), "dryrun: true\n");
        Run r = Run.of("dry-run", "-f", cfg.toString());
        assertThat(r.code()).as(r.toString()).isEqualTo(ExitCode.INVALID_CONFIG);
        assertThat(r.err()).contains("dryrun");
    }

    @Test
    void anUnreadableKubeconfigIsUnreachable() {
        Run r = Run.of("status", "--kubeconfig", dir.resolve("absent").toString());
        assertThat(r.code()).as(r.toString()).isEqualTo(ExitCode.UNREACHABLE);
        assertThat(r.err()).contains("--kubeconfig: cannot read the file");
    }

    @Test
    void anUnknownContextIsNamed() throws IOException {
        Run r = Run.of("status", "--kubeconfig", kubeconfig(1).toString(), "--context", "nope");
        assertThat(r.code()).as(r.toString()).isEqualTo(ExitCode.UNREACHABLE);
        assertThat(r.err()).contains("--context: the kubeconfig has no context named 'nope'");
    }

    @Test
    void anUnreachableServerIsReportedWithoutTheCredentials() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Run r = Run.of("status", "--kubeconfig", kubeconfig(port).toString(), "--context", "ctx");
        assertThat(r.code()).as(r.toString()).isEqualTo(ExitCode.UNREACHABLE);
        assertThat(r.err()).contains("cannot reach the API server https://127.0.0.1:" + port, "Connection refused");
        assertThat(r.out() + r.err()).doesNotContain("s3cr3t-t0ken-value");
    }

    private Path kubeconfig(int port) throws IOException {
        return Files.writeString(dir.resolve("kubeconfig"), """
                apiVersion: v1
                kind: Config
                clusters:
                - name: c
                  cluster: {server: "https://127.0.0.1:%d", insecure-skip-tls-verify: false}
                users:
                - name: u
                  user: {token: s3cr3t-t0ken-value}
                contexts:
                - name: ctx
                  context: {cluster: c, user: u}
                current-context: ctx
                """.formatted(port));
    }
}
