package dev.selfheal.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.selfheal.core.agent.AgentConfig;
import dev.selfheal.core.agent.AgentConfigException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Many randomly mutated configuration files (seeded, so a failure repeats): each either loads or is refused with
 * the reader's own exception naming a field; never another exception, never a hang. The time limit only guards
 * against a hang.
 */
class MutatedConfigTest {

    private static final int FILES = 1500;
    private static final String[] TOKENS = {"~", "null", "", "*a", "&a x", "&a [x, y]", "[x]", "{a: b}", "[~]", "''",
        "99999999999", "-1", "٣", "１２", "0x10", "\"\\0\"", "\"\\x01\"", "https://h/%", "http://h:99999", "/dev/zero", "/",
        "<<: *a", "? [k]", "!!binary x", "yes", "1e9", "%", "|", ">", "#", "---", "\"", "'", "\\", "\t", "::"};
    private static final char[] CHARS = ":[]{}&*~-#%!|>\"'\\,\n \t0٣aZ\u0000\u0001\u00e9".toCharArray();

    static final String HEALER = """
            namespace: ops
            identity: healer-1
            dryRun: false
            checks: {notReadyAfter: &t 40s, heartbeatLostAfter: *t, problemConditions: [KernelDeadlock], maxListed: 50}
            gates: {maxUnhealthy: 40%, maxConcurrent: 2, excludeLabel: selfheal.dev/exclude}
            recovery:
              releaseMode: AUTO
              stepTimeouts: {reboot: 5m, fence: 5m}
              ladders: {NODE_UNREACHABLE: [reboot, fence, release, replace, remove-node]}
            resilience: {retryAttempts: 3, destructivePerMinute: 10}
            leader: {enabled: true, leaseDuration: 15s}
            providers:
              - type: baremetal
                name: lab
                settings: {callTimeout: 20s, nodes.n1.address: 'https://10.0.0.1', tls.verify: 'true'}
                secretsFromEnv: {credentials.lab.password: PW}
            """;

    static final String AGENT = """
            node: ${NODE_NAME}
            stateDir: /var/lib/agent
            superviseInterval: 500ms
            systemctl: [systemctl]
            components:
              - component: kubelet
                runtime: systemd
                unit: kubelet.service
                restart: {mode: on-request, budget: 5}
              - component: kube-apiserver
                runtime: static-pod
                manifest: kube-apiserver.yaml
                probe: {type: https, url: 'https://127.0.0.1:6443/readyz', caFile: pki/ca.crt, timeout: 2s}
              - component: etcd
                runtime: process
                command: [/usr/bin/etcd, --data-dir=/var/lib/etcd]
                env: {GOMAXPROCS: '2'}
                probe: {type: tcp, address: '127.0.0.1:2379'}
            checkpoint: {keep: 3, etcd: {endpoint: 'http://127.0.0.1:2379', interval: 5m}}
            os: {interval: 30s, diskPressurePercent: 80, diskPaths: [/], clock: {reference: 'https://10.0.0.1:6443/healthz'}}
            report: {kubeconfig: kubelet.conf, requestTimeout: 3s}
            """;

    @Test
    void everyMutatedHealerConfigurationLoadsOrIsRefusedNamingAField() {
        assertThat(YamlConfigReader.read(HEALER, Map.of("PW", "x")).providers()).hasSize(1);
        int refused = run(HEALER, 20251130L, yaml -> YamlConfigReader.read(yaml, Map.of("PW", "x")),
                e -> e instanceof InvalidConfigException i ? i.field() : null);
        assertThat(refused).as("the mutations reach the checks").isGreaterThan(FILES / 10).isLessThan(FILES);
    }

    @Test
    void everyMutatedAgentConfigurationLoadsOrIsRefusedNamingAField() {
        assertThat(AgentConfig.parse(AGENT, Path.of("/etc/selfheal"), Map.of("NODE_NAME", "n1")).components()).hasSize(3);
        int refused = run(AGENT, 20251201L, yaml -> AgentConfig.parse(yaml, Path.of("/etc/selfheal"), Map.of("NODE_NAME", "n1")),
                e -> e instanceof AgentConfigException a ? a.field() : null);
        assertThat(refused).as("the mutations reach the checks").isGreaterThan(FILES / 10).isLessThan(FILES);
    }

    /** Reads FILES mutations of {@code base}; the count refused. */
    private static int run(String base, long seed, Consumer<String> read, Function<RuntimeException, String> fieldOf) {
        int[] refused = {0};
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            Random random = new Random(seed);
            for (int i = 0; i < FILES; i++) {
                String yaml = mutate(base, random);
                try {
                    read.accept(yaml);
                } catch (RuntimeException e) {
                    String field = fieldOf.apply(e);
                    if (field == null || field.isBlank()) {
                        fail("mutation " + i + " failed with " + e + " instead of a field-named error:\n" + yaml, e);
                    }
                    refused[0]++;
                }
            }
        });
        return refused[0];
    }

    static String mutate(String base, Random random) {
        String s = base;
        int steps = 1 + random.nextInt(3);
        for (int k = 0; k < steps; k++) {
            s = switch (random.nextInt(5)) {
                case 0 -> insert(s, random, String.valueOf(CHARS[random.nextInt(CHARS.length)]));
                case 1 -> insert(s, random, TOKENS[random.nextInt(TOKENS.length)]);
                case 2 -> delete(s, random);
                case 3 -> replaceValue(s, random);
                default -> shuffleLines(s, random);
            };
        }
        return s;
    }

    private static String insert(String s, Random random, String what) {
        int at = random.nextInt(s.length() + 1);
        return s.substring(0, at) + what + s.substring(at);
    }

    private static String delete(String s, Random random) {
        int at = random.nextInt(s.length());
        return s.substring(0, at) + s.substring(Math.min(s.length(), at + 1 + random.nextInt(8)));
    }

    /** Replaces the value after a random ": " with a token. */
    private static String replaceValue(String s, Random random) {
        List<Integer> colons = new ArrayList<>();
        for (int i = s.indexOf(": "); i >= 0; i = s.indexOf(": ", i + 1)) {
            colons.add(i);
        }
        int at = colons.get(random.nextInt(colons.size())) + 2;
        int end = at;
        while (end < s.length() && ",}]\n".indexOf(s.charAt(end)) < 0) {
            end++;
        }
        return s.substring(0, at) + TOKENS[random.nextInt(TOKENS.length)] + s.substring(end);
    }

    /** Duplicates or swaps lines. */
    private static String shuffleLines(String s, Random random) {
        List<String> lines = new ArrayList<>(Arrays.asList(s.split("\n", -1)));
        int a = random.nextInt(lines.size());
        int b = random.nextInt(lines.size());
        if (random.nextBoolean()) {
            lines.add(b, lines.get(a));
        } else {
            String t = lines.get(a);
            lines.set(a, lines.get(b));
            lines.set(b, t);
        }
        return String.join("\n", lines);
    }
}
