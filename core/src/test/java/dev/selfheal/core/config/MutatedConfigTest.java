package dev.selfheal.core.config;

import static dev.selfheal.testbed.config.ConfigMutations.FILES;
import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.testbed.config.ConfigMutations;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Many randomly mutated configuration files (seeded, so a failure repeats): each either loads or is refused with
 * the reader's own exception naming a field; never another exception, never a hang. The time limit only guards
 * against a hang.
 */
class MutatedConfigTest {

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

    @Test
    void everyMutatedHealerConfigurationLoadsOrIsRefusedNamingAField() {
        assertThat(YamlConfigReader.read(HEALER, Map.of("PW", "x")).providers()).hasSize(1);
        int refused = ConfigMutations.run(HEALER, 20251130L, yaml -> YamlConfigReader.read(yaml, Map.of("PW", "x")),
                e -> e instanceof InvalidConfigException i ? i.field() : null);
        assertThat(refused).as("the mutations reach the checks").isGreaterThan(FILES / 10).isLessThan(FILES);
    }
}
