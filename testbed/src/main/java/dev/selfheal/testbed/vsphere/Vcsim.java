package dev.selfheal.testbed.vsphere;

import dev.selfheal.testbed.process.Await;
import dev.selfheal.testbed.process.MissingPeerException;
import dev.selfheal.testbed.process.PeerProcess;
import dev.selfheal.testbed.process.Ports;
import dev.selfheal.testbed.process.TestbedCache;
import dev.selfheal.testbed.process.Versions;
import dev.selfheal.testbed.process.Workspace;
import dev.selfheal.testbed.tls.CertificateAuthority;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;

/**
 * A real vCenter simulator: the govmomi simulator ({@code github.com/vmware/govmomi/simulator}, pinned by
 * {@code GOVMOMI_VERSION}) with the vCenter (VPX) default model, built by {@code testbed/provision/provision.sh
 * vcsim} and started on 127.0.0.1.
 *
 * <p>It serves vim25 SOAP at {@link #url()} over TLS with a certificate of a test CA, so clients verify the
 * server against {@link #caPem()} or {@link #sslContext()} instead of turning verification off. Login needs
 * {@link #username()} and {@link #password()} (the password is generated per instance unless set, handed to the
 * simulator in a file and never logged).
 *
 * <p>The default inventory: datacenter DC0, cluster DC0_C0 with hosts, standalone host DC0_H0, powered-on VMs,
 * datastore LocalDS_0 and networks. State lives in memory: {@link #restart()} brings up a fresh inventory on
 * the same URL and invalidates every session (for session-expiry tests); {@link #stop()} simulates an outage.
 *
 * <pre>{@code
 * try (Vcsim vc = Vcsim.builder().methodDelay("PowerOffVM_Task", Duration.ofSeconds(3)).start()) {
 *     HttpClient http = HttpClient.newBuilder().sslContext(vc.sslContext()).build();
 *     ... POST vim25 SOAP to vc.url() ...
 * }
 * }</pre>
 */
public final class Vcsim implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final Builder options;
    private final Path exe;
    private final Path dir;
    private final CertificateAuthority ca;
    private final CertificateAuthority.IssuedCertificate serving;
    private final Path passwordFile;
    private final int port;
    private int generation;
    private PeerProcess process;

    private Vcsim(Builder options, Path exe) {
        this.options = options;
        this.exe = exe;
        this.dir = Workspace.newDir("vcsim");
        this.ca = CertificateAuthority.create(dir.resolve("pki"), "selfheal-testbed-vcsim-ca");
        this.serving = ca.issueServer("vcsim");
        this.passwordFile = writeSecret(dir.resolve("password"), options.password);
        this.port = Ports.free();
    }

    /**
     * Starts a simulator with default options.
     *
     * @throws MissingPeerException when vcsim is not provisioned
     */
    public static Vcsim start() {
        return builder().start();
    }

    /** Options for a simulator: credentials, method delays, SOAP tracing, extra vcsim flags. */
    public static Builder builder() {
        return new Builder();
    }

    /** The vim25 SOAP endpoint, {@code https://127.0.0.1:PORT/sdk}. */
    public URI url() {
        return URI.create("https://127.0.0.1:" + port + "/sdk");
    }

    /** The port; stays the same across {@link #restart()}. */
    public int port() {
        return port;
    }

    /** {@code 127.0.0.1:PORT}, as an upstream for a proxy. */
    public String hostPort() {
        return "127.0.0.1:" + port;
    }

    /** The login user name. */
    public String username() {
        return options.username;
    }

    /** The login password (a test credential; keep it out of logs and messages). */
    public String password() {
        return options.password;
    }

    /** The PEM file of the CA that issued the simulator's serving certificate. */
    public Path caPem() {
        return ca.caPem();
    }

    /** The CA certificate that issued the simulator's serving certificate. */
    public X509Certificate caCertificate() {
        return ca.certificate();
    }

    /** An SSL context that trusts only the simulator's CA. */
    public SSLContext sslContext() {
        return ca.trustingContext();
    }

    /** Whether the simulator runs. */
    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** The current process, for fault injection ({@link PeerProcess#freeze(boolean)}); changes on restart. */
    public synchronized PeerProcess process() {
        if (process == null) {
            throw new IllegalStateException("vcsim is stopped");
        }
        return process;
    }

    /**
     * Stops the simulator if it runs, then starts it again on the same port with the same certificate and
     * credentials. The inventory is fresh (the default model) and every earlier session is gone: the next
     * call with an old {@code vmware_soap_session} cookie fails with {@code NotAuthenticated}.
     */
    public synchronized void restart() {
        stop();
        launch();
    }

    /** Stops the simulator (SIGTERM, SIGKILL after 5 s): vCenter unreachable until {@link #restart()}. */
    public synchronized void stop() {
        if (process != null) {
            process.stop(Duration.ofSeconds(5));
            process = null;
        }
    }

    /** Stops the simulator. */
    @Override
    public void close() {
        stop();
    }

    @Override
    public String toString() {
        return "Vcsim[" + url() + ", user " + options.username + "]";
    }

    private synchronized Vcsim launch() {
        generation++;
        Path envFile = dir.resolve("vcsim-" + generation + ".env");
        try {
            Files.deleteIfExists(envFile);
            Files.createFile(envFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + envFile, e);
        }
        List<String> cmd = new ArrayList<>(List.of(exe.toString(),
                "-l", "127.0.0.1:" + port,
                "-username", options.username,
                "-password", passwordFile.toString(), // vcsim reads the secret from a file path
                "-tlscert", serving.certificate().toString(),
                "-tlskey", serving.key().toString(),
                "-E", envFile.toString())); // GOVC_URL (with credentials) goes to the 0600 file, not the log
        if (!options.delay.isZero()) {
            cmd.addAll(List.of("-delay", Long.toString(options.delay.toMillis())));
        }
        if (!options.methodDelays.isEmpty()) {
            StringBuilder sb = new StringBuilder();
            options.methodDelays.forEach((m, d) -> sb.append(sb.length() == 0 ? "" : ",").append(m).append(':').append(d.toMillis()));
            cmd.addAll(List.of("-method-delay", sb.toString()));
        }
        if (options.trace) {
            cmd.addAll(List.of("-trace", "-trace-file", dir.resolve("soap-trace-" + generation + ".log").toString()));
        }
        cmd.addAll(options.extraArgs);
        PeerProcess p = PeerProcess.start("vcsim", cmd, Map.of(), dir, dir.resolve("vcsim.log"));
        try {
            Await.ready(p, START_TIMEOUT, () -> read(envFile).contains("GOVC_URL="));
        } catch (RuntimeException | Error e) {
            p.kill();
            throw e;
        }
        process = p;
        return this;
    }

    private static String read(Path f) {
        try {
            return Files.readString(f, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static Path writeSecret(Path file, String secret) {
        try {
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, secret, StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Options of a {@link Vcsim}; {@link #start()} builds and starts it. */
    public static final class Builder {
        private String username = "selfheal";
        private String password = randomPassword();
        private Duration delay = Duration.ZERO;
        private final Map<String, Duration> methodDelays = new LinkedHashMap<>();
        private boolean trace;
        private final List<String> extraArgs = new ArrayList<>();

        private Builder() {
        }

        /** The login user name (default {@code selfheal}). */
        public Builder username(String username) {
            this.username = requireText(username, "username");
            return this;
        }

        /** The login password (default: random per instance). */
        public Builder password(String password) {
            this.password = requireText(password, "password");
            return this;
        }

        /** Delays every SOAP response ({@code -delay}). */
        public Builder delay(Duration delay) {
            this.delay = requireNonNegative(delay);
            return this;
        }

        /**
         * Delays one method ({@code -method-delay name:millis}), as upstream vcsim does. A vim25 method name such
         * as {@code PowerOffVM_Task} or {@code RetrievePropertiesEx} delays the SOAP response of that call; a task
         * name such as {@code PowerOff}, {@code PowerOn} or {@code Reset} (the task's {@code info.name}) delays the
         * execution of that task after the call returned, so the task stays queued/running meanwhile. While a
         * task delay runs, the simulator holds the lock of the task's entity unless {@code LockHandoff} is set to
         * zero ({@code methodDelay("LockHandoff", Duration.ZERO)}).
         */
        public Builder methodDelay(String method, Duration delay) {
            if (requireText(method, "method").contains(",") || method.contains(":")) {
                throw new IllegalArgumentException("method must not contain ',' or ':'");
            }
            methodDelays.put(method, requireNonNegative(delay));
            return this;
        }

        /**
         * Traces SOAP traffic into {@code soap-trace-N.log} in the simulator's workspace folder. The trace holds
         * request bodies, including the Login password.
         */
        public Builder trace(boolean trace) {
            this.trace = trace;
            return this;
        }

        /** Extra vcsim flags, such as {@code "-vm", "4"} or {@code "-api-version", "8.0.3.0"}. */
        public Builder args(String... args) {
            extraArgs.addAll(List.of(args));
            return this;
        }

        /**
         * Starts the simulator and waits until it serves.
         *
         * @throws MissingPeerException when vcsim is not provisioned
         */
        public Vcsim start() {
            Path exe = TestbedCache.executable("vcsim-" + Versions.get("GOVMOMI_VERSION"), "vcsim", "vcsim");
            return new Vcsim(copy(), exe).launch();
        }

        private Builder copy() {
            Builder b = new Builder();
            b.username = username;
            b.password = password;
            b.delay = delay;
            b.methodDelays.putAll(methodDelays);
            b.trace = trace;
            b.extraArgs.addAll(extraArgs);
            return b;
        }

        private static String requireText(String s, String what) {
            if (s == null || s.isBlank()) {
                throw new IllegalArgumentException(what + " must not be blank");
            }
            return s;
        }

        private static Duration requireNonNegative(Duration d) {
            if (d == null || d.isNegative()) {
                throw new IllegalArgumentException("delay must be zero or positive");
            }
            return d;
        }

        private static String randomPassword() {
            byte[] b = new byte[12];
            new SecureRandom().nextBytes(b);
            return "Vc-" + HexFormat.of().formatHex(b);
        }
    }
}
