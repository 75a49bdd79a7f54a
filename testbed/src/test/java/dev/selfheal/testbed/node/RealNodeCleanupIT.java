package dev.selfheal.testbed.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.testbed.process.Await;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A real node leaves nothing on the host, whether its JVM closes it or dies by SIGKILL: no process
 * (containers included), mount, network namespace, veth, route, cgroup, iptables chain, changed sysctl or file in
 * the host's /run, /var/lib, /var/log, /opt or /etc.
 */
class RealNodeCleanupIT {

    private static final List<String> SYSCTLS = List.of("vm/overcommit_memory", "kernel/panic",
            "kernel/panic_on_oops", "net/ipv4/ip_forward");

    @Test
    void nothingIsLeftAfterClose() throws Exception {
        Map<String, String> before = hostState();
        Map<String, String> made = runChild("close", jvm -> {
            assertThat(jvm.waitFor(120, TimeUnit.SECONDS)).as("child JVM closed its nodes and exited").isTrue();
        });
        assertClean(before, made);
    }

    @Test
    void nothingIsLeftAfterTheJvmIsKilled() throws Exception {
        Map<String, String> before = hostState();
        Map<String, String> made = runChild("wait", jvm -> {
            jvm.destroyForcibly(); // SIGKILL: no shutdown hook, no close()
            assertThat(jvm.waitFor(10, TimeUnit.SECONDS)).isTrue();
        });
        assertClean(before, made);
    }

    private static Map<String, String> runChild(String mode, ChildAction action) throws Exception {
        Process jvm = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), RealNodeHostMain.class.getName(), mode)
                .redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            StringBuilder seen = new StringBuilder();
            do {
                line = out.readLine();
                seen.append(line).append('\n');
            } while (line != null && !line.startsWith("MADE "));
            assertThat(line).as("child JVM made a node; its output:\n" + seen).isNotNull();
            Map<String, String> made = new HashMap<>();
            for (String kv : line.substring(5).split(" ")) {
                made.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
            }
            for (String p : List.of("init", "kubelet", "containerd", "shim", "container")) {
                assertThat(Long.parseLong(made.get(p))).as(p + " was running").isPositive();
            }
            assertThat(made.get("nodeKubeChains")).as("kubelet made its iptables chains in the node").isEqualTo("true");
            assertThat(made.get("nodeOvercommit")).as("kubelet set vm.overcommit_memory in the node's shadow copy")
                    .isEqualTo("1");
            Thread drain = new Thread(() -> out.lines().forEach(l -> { }));
            drain.setDaemon(true);
            drain.start();
            action.run(jvm);
            return made;
        } finally {
            jvm.destroyForcibly();
        }
    }

    private static void assertClean(Map<String, String> before, Map<String, String> made) {
        for (String p : List.of("init", "kubelet", "containerd", "shim", "container")) {
            long pid = Long.parseLong(made.get(p));
            Await.until(p + " (pid " + pid + ") gone", Duration.ofSeconds(20), () -> ProcessHandle.of(pid).isEmpty());
        }
        Await.until("the node cgroups gone", Duration.ofSeconds(30), () -> cgroupsOf(made.get("owner")).isEmpty());
        Await.until("the host veth gone", Duration.ofSeconds(10),
                () -> !HostCommand.run("ip", "-o", "link").contains(made.get("hostIf")));
        assertThat(HostCommand.run("mount")).as("no mount of the node").doesNotContain(made.get("dir"))
                .doesNotContain("/run/containerd");
        assertThat(hostState()).as("links, netns, routes, iptables, sysctls and the host's /run, /var/lib, /var/log, /opt, /etc as before")
                .isEqualTo(before);
    }

    private static Map<String, String> hostState() {
        Map<String, String> s = new HashMap<>();
        s.put("netns", HostCommand.run("ip", "netns", "list"));
        s.put("links", HostCommand.run("ip", "-o", "link").lines().map(l -> l.split(":")[1].trim().replaceAll("@.*", ""))
                .sorted().toList().toString());
        s.put("routes", HostCommand.run("ip", "route"));
        s.put("iptables", HostCommand.run("iptables-save").replaceAll("(?m)^#.*$", "").replaceAll("\\[\\d+:\\d+]", ""));
        s.put("kubeChains", Boolean.toString(HostCommand.run("iptables-save").contains("KUBE-")));
        for (String d : List.of("/run", "/var/lib", "/var/log", "/opt", "/etc")) {
            try (var names = Files.list(Path.of(d))) {
                s.put(d, names.map(Path::toString).sorted().toList().toString());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        for (String k : SYSCTLS) {
            try {
                s.put(k, Files.readString(Path.of("/proc/sys", k)).trim());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return s;
    }

    private static List<Path> cgroupsOf(String owner) {
        return NodeCgroups.hierarchies().stream().map(h -> h.resolve(owner)).filter(Files::exists).toList();
    }

    @FunctionalInterface
    private interface ChildAction {
        void run(Process jvm) throws Exception;
    }
}
