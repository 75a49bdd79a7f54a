package dev.selfheal.agent.recover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The etcd encodings of a ConfigMap; {@code ControlPlaneAgentIT} reads what a real API server stored. */
class StoredConfigMapTest {

    @Test
    void readsJsonAndProtobufAndRefusesEncryptedValues() {
        assertThat(StoredConfigMap.data("{\"kind\":\"ConfigMap\",\"data\":{\"a.manifest\":\"x\"}}".getBytes(StandardCharsets.UTF_8)))
                .containsEntry("a.manifest", "x");

        byte[] entry = concat(field(1, "etcd.manifest"), field(2, "command: [etcd]"));
        byte[] configMap = concat(field(1, field(1, "selfheal-control-plane-n1")), field(2, entry), new byte[] {0x20, 0x01});
        byte[] unknown = concat(field(1, field(1, "v1")), field(2, configMap), field(4, "application/vnd.kubernetes.protobuf"));
        byte[] stored = concat("k8s".getBytes(StandardCharsets.US_ASCII), new byte[] {0}, unknown);
        assertThat(StoredConfigMap.data(stored)).containsExactly(java.util.Map.entry("etcd.manifest", "command: [etcd]"));

        assertThatThrownBy(() -> StoredConfigMap.data("k8s:enc:aescbc:v1:key1:xyz".getBytes(StandardCharsets.US_ASCII)))
                .hasMessageContaining("encrypted at rest");
        assertThatThrownBy(() -> StoredConfigMap.data(concat("k8s".getBytes(StandardCharsets.US_ASCII), new byte[] {0, 0x12, 0x7f})))
                .hasMessageContaining("truncated");
    }

    private static byte[] field(int number, String s) {
        return field(number, s.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] field(int number, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write((number << 3) | 2);
        int len = b.length;
        while (len >= 0x80) {
            out.write((len & 0x7f) | 0x80);
            len >>>= 7;
        }
        out.write(len);
        out.writeBytes(b);
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
