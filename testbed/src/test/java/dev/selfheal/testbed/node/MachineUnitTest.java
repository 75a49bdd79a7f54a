package dev.selfheal.testbed.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MachineUnitTest {

    @Test
    void aUnitNeedsANameAndACommand() {
        assertThatThrownBy(() -> new MachineUnit("Agent", List.of("java"), Map.of()))
                .hasMessageContaining("unit name 'Agent'").hasMessageContaining("lowercase");
        assertThatThrownBy(() -> new MachineUnit("agent", List.of(), Map.of()))
                .hasMessageContaining("unit agent: command");
        MachineUnit u = new MachineUnit("selfheal-agent", List.of("java", "-jar", "a.jar"), Map.of("A", "1"));
        assertThat(u.command()).containsExactly("java", "-jar", "a.jar");
    }

    @Test
    void onlyTheMachinesDiskMapsToTheHost() {
        NodeConfig config = new NodeConfig(Path.of("/n/a"));
        assertThat(config.onDisk("/var/lib/selfheal-agent")).isEqualTo(Path.of("/n/a/disk/var/lib/selfheal-agent"));
        assertThat(config.onDisk("/var/log")).isEqualTo(Path.of("/n/a/disk/var/log"));
        for (String bad : new String[] {"/etc/x", "/var/libx", "/var/lib/../../etc", "var/lib"}) {
            assertThatThrownBy(() -> config.onDisk(bad)).hasMessageContaining("must be under /var/lib or /var/log");
        }
    }

    @Test
    void aNodeKeepsItsMacAddress() {
        assertThat(NodeFabric.mac(1)).isEqualTo("02:5e:1f:00:00:01");
        assertThat(NodeFabric.mac(300)).isEqualTo("02:5e:1f:00:01:2c");
    }

    @Test
    void theAgentPlanIsAskedForItsUnit() {
        assertThat(BootPlan.components().isAgentFirst()).isFalse();
        assertThat(BootPlan.agentFirst(n -> null).isAgentFirst()).isTrue();
        assertThatThrownBy(() -> BootPlan.agentFirst(null)).isInstanceOf(NullPointerException.class);
    }
}
