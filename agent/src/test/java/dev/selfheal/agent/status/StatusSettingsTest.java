package dev.selfheal.agent.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.selfheal.agent.AgentConfig;
import dev.selfheal.agent.config.AgentConfigException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code status.port} and {@code status.address}: off by default, validated naming the key and what is allowed. */
class StatusSettingsTest {

    private static AgentConfig read(String status) {
        return AgentConfig.parse("node: n1\ncomponents:\n  - {component: kubelet, runtime: systemd, unit: kubelet.service}\n"
                + status, Path.of("/etc/selfheal"), Map.of("PORT", "9464"));
    }

    @Test
    void offByDefault() {
        assertThat(read("").status()).isEqualTo(new StatusSettings(0, "0.0.0.0"));
        assertThat(read("").status().enabled()).isFalse();
        assertThat(read("status: {}").status().enabled()).isFalse();
    }

    @Test
    void readsPortAndAddress() {
        StatusSettings s = read("status: {port: '${PORT}', address: 127.0.0.1}").status();
        assertThat(s.port()).isEqualTo(9464);
        assertThat(s.address()).isEqualTo("127.0.0.1");
        assertThat(s.enabled()).isTrue();
        assertThat(read("status: {port: 65535, address: '::'}").status().address()).isEqualTo("::");
        assertThat(read("status: {port: 1, address: 'fd00::1'}").status().port()).isEqualTo(1);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "status: {port: 65536}            | status.port    | allowed range 1 to 65535, or 0 for no status endpoint",
            "status: {port: -1}               | status.port    | allowed range 1 to 65535, or 0 for no status endpoint",
            "status: {port: http}             | status.port    | http",
            "status: {port: 1, address: node-1.example} | status.address | allowed: an IPv4 or IPv6 address",
            "status: {port: 1, address: 256.1.1.1}      | status.address | allowed: an IPv4 or IPv6 address",
            "status: {port: 1, address: ''}             | status.address | allowed: an IPv4 or IPv6 address",
            "status: {port: 1, bind: 0.0.0.0}           | status.bind    | ''",
    })
    void refusesBadValuesNamingTheKey(String yaml, String field, String message) {
        assertThatThrownBy(() -> read(yaml)).isInstanceOf(AgentConfigException.class)
                .satisfies(e -> assertThat(((AgentConfigException) e).field()).isEqualTo(field))
                .hasMessageContaining(message);
    }
}
