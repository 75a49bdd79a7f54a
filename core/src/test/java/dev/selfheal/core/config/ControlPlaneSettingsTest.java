package dev.selfheal.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code gates.controlPlane}: defaults, reading, validation naming the field. */
class ControlPlaneSettingsTest {

    @Test
    void theDefaultsAreKubeadmsLabelAndTwoMinutes() {
        ControlPlaneSettings d = YamlConfigReader.read("namespace: x", Map.of()).gates().controlPlane();
        assertThat(d).isEqualTo(ControlPlaneSettings.defaults());
        assertThat(d.nodeSelector().text()).isEqualTo("node-role.kubernetes.io/control-plane");
        assertThat(d.agentGrace()).isEqualTo(Duration.ofMinutes(2));
        assertThat(GateSettings.defaults().controlPlane()).isEqualTo(d);
    }

    @Test
    void aSelectorAndAGraceAreRead() {
        ControlPlaneSettings c = YamlConfigReader.read("gates: {controlPlane: {nodeSelector: 'node-role.kubernetes.io/master,"
                + " tier=cp', agentGrace: 45s}}", Map.of()).gates().controlPlane();
        assertThat(c.agentGrace()).isEqualTo(Duration.ofSeconds(45));
        assertThat(c.nodeSelector().terms()).containsExactly(new NodeSelector.Term("node-role.kubernetes.io/master", null),
                new NodeSelector.Term("tier", "cp"));
        assertThat(c.nodeSelector().matches(Map.of("node-role.kubernetes.io/master", "", "tier", "cp"))).isTrue();
        assertThat(c.nodeSelector().matches(Map.of("node-role.kubernetes.io/master", "", "tier", "db"))).isFalse();
        assertThat(c.nodeSelector().matches(Map.of("tier", "cp"))).isFalse();
        assertThat(NodeSelector.parse("f", "role=").matches(Map.of("role", ""))).as("an empty value").isTrue();
        assertThat(NodeSelector.parse("f", "role=").matches(Map.of("role", "x"))).isFalse();
    }

    @Test
    void badValuesNameTheFieldAndWhatIsAllowed() {
        assertThatThrownBy(() -> YamlConfigReader.read("gates: {controlPlane: {nodeSelector: 'a b'}}", Map.of()))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("gates.controlPlane.nodeSelector")
                .hasMessageContaining("'a b' is not allowed").hasMessageContaining("'key' or 'key=value'");
        assertThatThrownBy(() -> YamlConfigReader.read("gates: {controlPlane: {nodeSelector: 'x,'}}", Map.of()))
                .hasMessageContaining("gates.controlPlane.nodeSelector").hasMessageContaining("'' is not allowed");
        assertThatThrownBy(() -> YamlConfigReader.read("gates: {controlPlane: {nodeSelector: 'a!=b'}}", Map.of()))
                .hasMessageContaining("gates.controlPlane.nodeSelector");
        assertThatThrownBy(() -> ControlPlaneSettings.of(" ", Duration.ZERO)).isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("gates.controlPlane.nodeSelector").hasMessageContaining("is required");
        assertThatThrownBy(() -> YamlConfigReader.read("gates: {controlPlane: {agentGrace: 2h}}", Map.of()))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("gates.controlPlane.agentGrace")
                .hasMessageContaining("PT0S to PT1H");
        assertThatThrownBy(() -> YamlConfigReader.read("gates: {controlPlane: {selector: x}}", Map.of()))
                .hasMessageContaining("selector").hasMessageContaining("unknown key");
        assertThatThrownBy(() -> new ControlPlaneSettings(null, Duration.ZERO)).isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("gates.controlPlane.nodeSelector");
    }
}
