package dev.selfheal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.testbed.kube.KubeTestbed;
import dev.selfheal.testbed.kube.KubeTestbedExtension;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The launcher {@code bin/kubectl-selfheal} as kubectl runs a plugin: a process with {@code KUBECONFIG} in its
 * environment and the arguments passed through, on the jar and class path this module's package phase wrote.
 */
@ExtendWith(KubeTestbedExtension.class)
class LauncherIT {

    private static final Path MODULE = Path.of(System.getProperty("user.dir"));

    @Test
    void thePluginHonoursKubeconfigAndNamesItself(KubeTestbed kube) throws Exception {
        String ns = "cli-" + UUID.randomUUID().toString().substring(0, 8);
        kube.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
                .create();

        Result status = launch(kube.adminKubeconfig(), "status", "-n", ns);
        assertThat(status.code()).as(status.toString()).isZero();
        assertThat(status.out()).contains("No remediations in namespace " + ns);

        Result help = launch(kube.adminKubeconfig(), "--help");
        assertThat(help.out()).as(help.toString()).contains("Usage: kubectl selfheal");

        Result missing = launch(kube.adminKubeconfig(), "history", "cli-nowhere", "-n", ns);
        assertThat(missing.code()).as(missing.toString()).isEqualTo(ExitCode.NOT_FOUND);
        assertThat(missing.err()).contains("no node named cli-nowhere");
    }

    private record Result(int code, String out, String err) {
    }

    private static Result launch(Path kubeconfig, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(MODULE.resolve("bin/kubectl-selfheal").toString()));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile("launcher", ".out");
        Path err = Files.createTempFile("launcher", ".err");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().put("KUBECONFIG", kubeconfig.toString());
        pb.environment().put("SELFHEAL_TARGET", System.getProperty("selfheal.target", "target"));
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process p = pb.start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the launcher did not finish within 120 s: " + cmd);
        }
        try {
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
