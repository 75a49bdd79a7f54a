package dev.selfheal.testbed.baremetal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selfheal.testbed.process.Await;
import dev.selfheal.testbed.process.PeerProcess;
import dev.selfheal.testbed.process.Ports;
import dev.selfheal.testbed.process.TestbedCache;
import dev.selfheal.testbed.process.Versions;
import dev.selfheal.testbed.process.Workspace;
import dev.selfheal.testbed.tls.CertificateAuthority;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import javax.net.ssl.SSLContext;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * A real Redfish BMC on 127.0.0.1: sushy-tools' {@code sushy-emulator} with its fake systems driver (no
 * libvirt), serving HTTPS with a certificate of a test CA and HTTP basic authentication against an
 * htpasswd file (bcrypt, the only hash sushy-tools accepts) holding one user with a password generated
 * per instance. Clients verify TLS with {@link #sslContext()} or {@link #caPem()}.
 *
 * <p>Systems are declared up front ({@link FakeSystem}); their ids in {@code /redfish/v1/Systems/{id}}
 * are their UUIDs. The fake driver applies a {@code ComputerSystem.Reset} 1 to 11 s later (a restart goes
 * Off at once and On later): poll {@code PowerState}. The service root {@code /redfish/v1/} answers
 * without credentials, as the Redfish specification asks; everything below it needs them.
 *
 * <p>Started with a notification URL ({@link #start(List, URI)}), the fake driver's external notifier PUTs a
 * system's JSON state there at every change (a power request pending, a pending power state applied, a boot
 * override set): the way a machine's "hardware" follows the emulator, see
 * {@link dev.selfheal.testbed.node.RedfishPower}.
 *
 * <p>{@link #freeze()} stops the process (SIGSTOP) so requests hang until {@link #resume()}.
 */
public final class RedfishEmulator implements AutoCloseable {

    /**
     * A machine of the fake driver.
     *
     * @param id the system's UUID, also its id in {@code /redfish/v1/Systems/{id}}
     * @param name the system's name
     * @param poweredOn whether it is powered on at start
     * @param mac the MAC address of its one NIC
     */
    public record FakeSystem(String id, String name, boolean poweredOn, String mac) {
        /** Validates the fields. */
        public FakeSystem {
            UUID.fromString(Objects.requireNonNull(id, "id"));
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(mac, "mac");
        }

        /** A powered-on system with a UUID and MAC derived from {@code n}. */
        public static FakeSystem numbered(int n) {
            return new FakeSystem(String.format("5e1f4ea1-0000-4000-8000-%012x", n), "node-" + n, true,
                    String.format("52:54:00:5e:%02x:%02x", (n >> 8) & 0xff, n & 0xff));
        }
    }

    /** The systems of {@link #start()}: {@code node-1} to {@code node-3}, powered on. */
    public static final List<FakeSystem> DEFAULT_SYSTEMS =
            List.of(FakeSystem.numbered(1), FakeSystem.numbered(2), FakeSystem.numbered(3));

    private static final String USERNAME = "admin";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PeerProcess process;
    private final Path dir;
    private final URI baseUri;
    private final String password;
    private final CertificateAuthority ca;
    private final SSLContext sslContext;
    private final List<FakeSystem> systems;
    private final HttpClient http;

    private RedfishEmulator(PeerProcess process, Path dir, URI baseUri, String password, CertificateAuthority ca,
                            List<FakeSystem> systems) {
        this.process = process;
        this.dir = dir;
        this.baseUri = baseUri;
        this.password = password;
        this.ca = ca;
        this.sslContext = ca.trustingContext();
        this.systems = List.copyOf(systems);
        this.http = HttpClient.newBuilder().sslContext(sslContext).connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** Starts an emulator with {@link #DEFAULT_SYSTEMS}. */
    public static RedfishEmulator start() {
        return start(DEFAULT_SYSTEMS);
    }

    /**
     * Starts an emulator with the given systems.
     *
     * @throws dev.selfheal.testbed.process.MissingPeerException when sushy-tools is not provisioned
     */
    public static RedfishEmulator start(List<FakeSystem> systems) {
        return start(systems, null);
    }

    /**
     * Starts an emulator with the given systems whose every state change is PUT as JSON to {@code notifications}
     * (sushy-tools' {@code external_notifier} and {@code EXTERNAL_NOTIFICATION_URL}).
     *
     * @param notifications an {@code http://} URL, or null for none
     * @throws dev.selfheal.testbed.process.MissingPeerException when sushy-tools is not provisioned
     */
    public static RedfishEmulator start(List<FakeSystem> systems, URI notifications) {
        if (notifications != null && !"http".equals(notifications.getScheme())) {
            throw new IllegalArgumentException("notifications: '" + notifications + "' is not an http:// URL");
        }
        if (systems.isEmpty()) {
            throw new IllegalArgumentException("at least one system");
        }
        String version = Versions.get("SUSHY_TOOLS_VERSION");
        Path exe = TestbedCache.executable("venv-sushy-tools-" + version, "sushy-emulator", "sushy");
        RuntimeException last = null;
        // The port is free when chosen but may be taken before Flask binds it: try a few ports.
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                return startOnce(exe, systems, notifications);
            } catch (Await.PeerExitedException e) {
                last = e;
            }
        }
        throw last;
    }

    private static RedfishEmulator startOnce(Path exe, List<FakeSystem> systems, URI notifications) {
        Path dir = Workspace.newDir("sushy").toAbsolutePath();
        int port = Ports.free();
        String password = newPassword();
        try {
            CertificateAuthority ca = CertificateAuthority.create(dir.resolve("pki"), "selfheal-testbed-redfish-ca");
            CertificateAuthority.IssuedCertificate cert = ca.issueServer("sushy");
            Path htpasswd = dir.resolve("htpasswd");
            Files.writeString(htpasswd, USERNAME + ":" + bcrypt(password) + "\n");
            Path state = Files.createDirectories(dir.resolve("state"));
            Path config = dir.resolve("emulator.conf");
            Files.writeString(config, config(htpasswd, state, systems, notifications));

            PeerProcess p = PeerProcess.start("sushy-emulator", List.of(exe.toString(), "--fake",
                    "-i", "127.0.0.1", "-p", Integer.toString(port), "--config", config.toString(),
                    "--ssl-certificate", cert.certificate().toString(), "--ssl-key", cert.key().toString()),
                    Map.of("PYTHONUNBUFFERED", "1"), dir, dir.resolve("sushy-emulator.log"));
            RedfishEmulator r = new RedfishEmulator(p, dir, URI.create("https://127.0.0.1:" + port), password, ca, systems);
            try {
                // The root answers without credentials; an authenticated Systems read proves the auth file
                // and the fake driver are loaded too.
                Await.ready(p, Duration.ofSeconds(60), () -> r.get("/redfish/v1/Systems").statusCode() == 200);
            } catch (RuntimeException | Error e) {
                p.stop(Duration.ofSeconds(2));
                throw e;
            }
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare sushy-emulator in " + dir, e);
        }
    }

    /** The emulator's configuration: a Python file read by Flask's {@code config.from_pyfile}. */
    private static String config(Path htpasswd, Path state, List<FakeSystem> systems, URI notifications) {
        List<String> lines = new ArrayList<>();
        lines.add("# Generated by the Selfheal testbed for sushy-tools' fake driver.");
        lines.add("SUSHY_EMULATOR_AUTH_FILE = " + py(htpasswd.toString()));
        if (notifications != null) {
            lines.add("EXTERNAL_NOTIFICATION_URL = " + py(notifications.toString()));
        }
        // The fake driver keeps its machines in SQLite here (default: a folder in /tmp shared by all runs).
        lines.add("SUSHY_EMULATOR_STATE_DIR = " + py(state.toString()));
        lines.add("SUSHY_EMULATOR_FAKE_SYSTEMS = [");
        for (FakeSystem s : systems) {
            lines.add("    {'uuid': " + py(s.id()) + ", 'name': " + py(s.name()) + ", 'power_state': "
                    + py(s.poweredOn() ? "On" : "Off") + ", 'external_notifier': " + (notifications != null ? "True" : "False")
                    + ", 'nics': [{'mac': "
                    + py(s.mac()) + "}]},");
        }
        lines.add("]");
        return String.join("\n", lines) + "\n";
    }

    /** The base URI, {@code https://127.0.0.1:PORT}; the service root is {@code /redfish/v1/} below it. */
    public URI baseUri() {
        return baseUri;
    }

    /** The user name for HTTP basic authentication. */
    public String username() {
        return USERNAME;
    }

    /** The password for HTTP basic authentication, generated for this instance. Never log it. */
    public String password() {
        return password;
    }

    /** An SSL context that trusts only the CA that issued the emulator's certificate. */
    public SSLContext sslContext() {
        return sslContext;
    }

    /** The PEM file of the CA that issued the emulator's certificate. */
    public Path caPem() {
        return ca.caPem();
    }

    /** The ids of the systems, as in {@code /redfish/v1/Systems/{id}}, in declaration order. */
    public List<String> systemIds() {
        return systems.stream().map(FakeSystem::id).toList();
    }

    /** The systems as declared at start. */
    public List<FakeSystem> systems() {
        return systems;
    }

    /** The path of a system: {@code /redfish/v1/Systems/{id}}. */
    public String systemPath(String id) {
        return "/redfish/v1/Systems/" + id;
    }

    /** An authenticated GET of {@code path} over verified TLS. */
    public HttpResponse<String> get(String path) {
        HttpRequest req = HttpRequest.newBuilder(baseUri.resolve(path)).timeout(Duration.ofSeconds(10))
                .header("Authorization", basic(USERNAME, password)).header("Accept", "application/json").GET().build();
        try {
            return http.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + path + " on " + this + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** A system's {@code PowerState} as the emulator reports it now ({@code On} or {@code Off}). */
    public String powerState(String id) {
        HttpResponse<String> r = get(systemPath(id));
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET " + systemPath(id) + " answered " + r.statusCode() + ": " + r.body());
        }
        try {
            JsonNode node = JSON.readTree(r.body());
            return node.path("PowerState").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Makes the emulator stop answering (SIGSTOP): requests hang until {@link #resume()}. */
    public void freeze() {
        process.freeze(true);
    }

    /** Lets a frozen emulator answer again (SIGCONT). */
    public void resume() {
        process.freeze(false);
    }

    /** Whether {@link #freeze()} was called without a {@link #resume()} since. */
    public boolean isFrozen() {
        return process.isFrozen();
    }

    /** The underlying process, for fault injection ({@link PeerProcess#kill()}) and its log. */
    public PeerProcess process() {
        return process;
    }

    /** The folder with the configuration, certificates, state and log. */
    public Path directory() {
        return dir;
    }

    /** Stops the emulator. */
    @Override
    public void close() {
        process.stop(Duration.ofSeconds(5));
    }

    @Override
    public String toString() {
        return "RedfishEmulator[" + baseUri + ", user " + USERNAME + ", " + process + "]";
    }

    /** The value of an HTTP basic {@code Authorization} header. */
    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** A bcrypt digest in the {@code $2b$} form sushy-tools' htpasswd reader accepts; cost 6 keeps requests fast. */
    static String bcrypt(String password) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return OpenBSDBCrypt.generate("2b", password.toCharArray(), salt, 6);
    }

    /** A Python string literal. */
    private static String py(String s) {
        if (s.chars().anyMatch(c -> c < 0x20)) {
            throw new IllegalArgumentException("control character in " + s);
        }
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    private static String newPassword() {
        String alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
        StringBuilder b = new StringBuilder(24);
        for (int i = 0; i < 24; i++) {
            b.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return b.toString();
    }
}
