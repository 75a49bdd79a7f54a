package dev.selfheal.agent.probe;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.selfheal.agent.internal.PemKeys;
import dev.selfheal.agent.internal.TlsContexts;
import dev.selfheal.agent.runtime.Commands;
import dev.selfheal.testbed.tls.CertificateAuthority;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HealthProbeTest {

    private static final Commands COMMANDS = new Commands();

    @AfterAll
    static void closeCommands() {
        COMMANDS.close();
    }

    @TempDir
    Path dir;

    private static ProbeSpec probe(ProbeType type, String url, String address, List<String> cmd, Path socket, String body) {
        return new ProbeSpec(type, url, address, cmd, socket, body, null, null, null, false, Duration.ofSeconds(1));
    }

    @Test
    void httpProbeWantsA2xxAndTheExpectedBody() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/health", ex -> answer(ex, 200, "{\"health\":\"true\"}"));
        server.createContext("/sick", ex -> answer(ex, 200, "{\"health\":\"false\"}"));
        server.createContext("/readyz", ex -> answer(ex, 500, "[-]etcd failed"));
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            assertThat(HealthProbe.of(probe(ProbeType.HTTP, base + "/health", null, null, null, "\"health\":\"true\""), COMMANDS).check().healthy()).isTrue();
            ProbeResult sick = HealthProbe.of(probe(ProbeType.HTTP, base + "/sick", null, null, null, "\"health\":\"true\""), COMMANDS).check();
            assertThat(sick.healthy()).isFalse();
            assertThat(sick.detail()).contains("without \"health\":\"true\"");
            ProbeResult notReady = HealthProbe.of(probe(ProbeType.HTTP, base + "/readyz", null, null, null, null), COMMANDS).check();
            assertThat(notReady.healthy()).isFalse();
            assertThat(notReady.detail()).contains("-> 500").contains("etcd failed");
        } finally {
            server.stop(0);
        }
        ProbeResult down = HealthProbe.of(probe(ProbeType.HTTP, "http://127.0.0.1:" + closedPort() + "/healthz", null, null, null, null), COMMANDS).check();
        assertThat(down.healthy()).isFalse();
        assertThat(down.detail()).contains("failed");
    }

    @Test
    void tcpExecAndCriSocketProbes() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThat(HealthProbe.of(probe(ProbeType.TCP, null, "127.0.0.1:" + s.getLocalPort(), null, null, null), COMMANDS).check().healthy()).isTrue();
        }
        assertThat(HealthProbe.of(probe(ProbeType.TCP, null, "127.0.0.1:" + closedPort(), null, null, null), COMMANDS).check().healthy()).isFalse();
        assertThat(HealthProbe.of(probe(ProbeType.EXEC, null, null, List.of("true"), null, null), COMMANDS).check().healthy()).isTrue();
        ProbeResult failed = HealthProbe.of(probe(ProbeType.EXEC, null, null, List.of("sh", "-c", "echo runtime down; exit 1"), null, null), COMMANDS).check();
        assertThat(failed.healthy()).isFalse();
        assertThat(failed.detail()).contains("exit 1").contains("runtime down");
        assertThat(HealthProbe.of(probe(ProbeType.EXEC, null, null, List.of("sleep", "5"), null, null), COMMANDS).check().detail()).contains("timed out");

        Path sock = dir.resolve("cri.sock");
        assertThat(HealthProbe.of(probe(ProbeType.CRI_SOCKET, null, null, null, sock, null), COMMANDS).check().healthy()).isFalse();
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(sock));
            assertThat(HealthProbe.of(probe(ProbeType.CRI_SOCKET, null, null, null, sock, null), COMMANDS).check().healthy()).isTrue();
        }
    }

    @Test
    void pemKeysInEveryKubernetesFormatAreRead() throws Exception {
        CertificateAuthority ca = CertificateAuthority.create(dir.resolve("pki"), "agent-test-ca");
        CertificateAuthority.IssuedCertificate client = ca.issueClient("probe", "selfheal-agent");
        assertThat(client.keyPem()).contains("BEGIN RSA PRIVATE KEY");
        PrivateKey pkcs1 = PemKeys.privateKey(client.key());
        assertThat(pkcs1.getAlgorithm()).isEqualTo("RSA");
        assertThat(TlsContexts.create(ca.caPem(), client.certificate(), client.key(), false)).isNotNull();

        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(256);
        Path pkcs8 = dir.resolve("ec.key");
        Files.writeString(pkcs8, "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(ec.generateKeyPair().getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n", StandardCharsets.US_ASCII);
        assertThat(PemKeys.privateKey(pkcs8).getAlgorithm()).isEqualTo("EC");
        assertThat(PemKeys.certificates(ca.caPem())).hasSize(1);
    }

    private static void answer(com.sun.net.httpserver.HttpExchange ex, int status, String body) throws java.io.IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }

    private static int closedPort() throws java.io.IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
