package dev.selfheal.testbed.baremetal;

import dev.selfheal.testbed.process.Await;
import dev.selfheal.testbed.process.PeerProcess;
import dev.selfheal.testbed.process.Ports;
import dev.selfheal.testbed.process.TestbedCache;
import dev.selfheal.testbed.process.Workspace;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A real IPMI BMC on 127.0.0.1: OpenIPMI's {@code ipmi_sim} (Debian package {@code openipmi}) on a free UDP
 * port, with one admin user whose password is generated per instance, RMCP+ (IPMI 2.0, cipher suite 3)
 * and IPMI 1.5 authentication, and a chassis control program that keeps the machine's power state and
 * next boot device in files. {@code ipmitool -I lanplus -C 3}, {@code fence_ipmilan} and any other IPMI
 * client talk to it as to a server's BMC: {@code chassis power status|on|off|cycle|reset|soft} and
 * {@code chassis bootdev pxe|disk|cdrom|bios} work.
 *
 * <p>{@link #freeze()} stops the process (SIGSTOP), so requests time out as with an unreachable BMC;
 * {@link #resume()} lets it answer again. The password is kept in the generated {@code lan.conf} (mode
 * 600) and returned by {@link #password()}; it never appears in a command line, a log or a message.
 */
public final class IpmiSimulator implements AutoCloseable {

    /** The machine's power state as the chassis control program keeps it. */
    public enum Power {
        /** Powered on ({@code ipmitool}: "Chassis Power is on"). */
        ON,
        /** Powered off. */
        OFF
    }

    private static final String RESOURCES = "/dev/selfheal/testbed/baremetal/";
    private static final String USERNAME = "admin";
    private static final String SAFE_PATH = "[A-Za-z0-9._/+=-]+";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final PeerProcess process;
    private final Path dir;
    private final int port;
    private final String password;

    private IpmiSimulator(PeerProcess process, Path dir, int port, String password) {
        this.process = process;
        this.dir = dir;
        this.port = port;
        this.password = password;
    }

    /** Starts a simulator whose machine is powered on. */
    public static IpmiSimulator start() {
        return start(Power.ON);
    }

    /**
     * Starts a simulator.
     *
     * @param initial the machine's power state at start
     * @throws dev.selfheal.testbed.process.MissingPeerException when {@code ipmi_sim} is not installed
     */
    public static IpmiSimulator start(Power initial) {
        Objects.requireNonNull(initial, "initial");
        Path ipmiSim = TestbedCache.systemCommand("ipmi_sim", "openipmi");
        RuntimeException last = null;
        // The UDP port is free when chosen but may be taken before ipmi_sim binds it: try a few ports.
        for (int attempt = 0; attempt < 3; attempt++) {
            Path dir = Workspace.newDir("ipmi_sim").toAbsolutePath();
            try {
                return startOnce(ipmiSim, dir, initial);
            } catch (Await.PeerExitedException e) {
                last = e;
            }
        }
        throw last;
    }

    private static IpmiSimulator startOnce(Path ipmiSim, Path dir, Power initial) {
        if (!dir.toString().matches(SAFE_PATH)) {
            // ipmi_sim runs the chassis control program through /bin/sh and quotes nothing.
            throw new IllegalStateException("the testbed workspace " + dir + " contains characters ipmi_sim cannot"
                    + " pass to its chassis control program; set -Dselfheal.testbed.dir to a plain path");
        }
        int port = freeUdpPort();
        String password = newPassword();
        try {
            Path script = dir.resolve("chassis_control");
            copyResource("chassis_control.sh", script);
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
            Path emu = dir.resolve("sim.emu");
            copyResource("sim.emu", emu);
            Files.writeString(dir.resolve("power"), (initial == Power.ON ? "1" : "0") + "\n");
            Files.writeString(dir.resolve("boot"), "default\n");
            Files.writeString(dir.resolve("chassis.log"), "");
            Path state = Files.createDirectories(dir.resolve("state"));
            Path lanConf = dir.resolve("lan.conf");
            Files.createFile(lanConf, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(lanConf, lanConf(port, script, password));

            PeerProcess p = PeerProcess.start("ipmi_sim", List.of(ipmiSim.toString(), "-c", lanConf.toString(),
                    "-f", emu.toString(), "-s", state.toString(), "-n"), Map.of(), dir, dir.resolve("ipmi_sim.log"));
            IpmiSimulator sim = new IpmiSimulator(p, dir, port, password);
            try {
                Await.ready(p, Duration.ofSeconds(30), () -> sim.answersPing(Duration.ofMillis(300)));
            } catch (RuntimeException | Error e) {
                p.stop(Duration.ofSeconds(2));
                throw e;
            }
            return sim;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare ipmi_sim in " + dir, e);
        }
    }

    private static String lanConf(int port, Path script, String password) {
        return String.join("\n",
                "# Generated by the Selfheal testbed. See ipmi_lan(5).",
                "name \"selfheal-bmc\"",
                "set_working_mc 0x20",
                "  startlan 1",
                "    addr 127.0.0.1 " + port,
                "    priv_limit admin",
                "    allowed_auths_callback md5",
                "    allowed_auths_user md5",
                "    allowed_auths_operator md5",
                "    allowed_auths_admin md5",
                "    guid " + hex(16),
                "  endlan",
                "  chassis_control \"" + script + "\"",
                "  # user number, enabled, name, password, max privilege, max sessions, IPMI 1.5 auth types",
                "  user 2 true \"" + USERNAME + "\" \"" + password + "\" admin 10 md5",
                "");
    }

    /** The host the BMC listens on: {@code 127.0.0.1}. */
    public String host() {
        return "127.0.0.1";
    }

    /** The UDP port of the BMC's LAN channel. */
    public int port() {
        return port;
    }

    /** The admin user's name. */
    public String username() {
        return USERNAME;
    }

    /** The admin user's password, generated for this instance. Never log it. */
    public String password() {
        return password;
    }

    /** The machine's power state as the chassis control program last set it. */
    public Power powerState() {
        String v = read("power");
        return "1".equals(v) ? Power.ON : Power.OFF;
    }

    /**
     * Sets the machine's power state behind the BMC's back, as if someone pressed the power button or the
     * machine crashed: for setting up a test.
     */
    public void setPowerState(Power power) {
        write("power", power == Power.ON ? "1" : "0");
    }

    /** The next boot device set through IPMI: {@code default}, {@code pxe}, {@code cdrom}, {@code bios} or {@code none}. */
    public String bootDevice() {
        return read("boot");
    }

    /** How many hard resets the BMC was asked for ({@code chassis power reset}). */
    public int resetCount() {
        String v = read("resets");
        return v.isEmpty() ? 0 : Integer.parseInt(v);
    }

    /** Every request ipmi_sim passed to the chassis control program, oldest first, such as {@code set power 0}. */
    public List<String> chassisRequests() {
        try {
            return Files.readAllLines(dir.resolve("chassis.log"), StandardCharsets.UTF_8).stream()
                    .map(l -> l.replace("\"", "").trim()).filter(l -> !l.isEmpty()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Makes the BMC stop answering (SIGSTOP): requests time out until {@link #resume()}. */
    public void freeze() {
        process.freeze(true);
    }

    /** Lets a frozen BMC answer again (SIGCONT). */
    public void resume() {
        process.freeze(false);
    }

    /** Whether {@link #freeze()} was called without a {@link #resume()} since. */
    public boolean isFrozen() {
        return process.isFrozen();
    }

    /**
     * Sends an RMCP/ASF presence ping (no session, no credentials) and reports whether a pong came back
     * within {@code timeout}.
     */
    public boolean answersPing(Duration timeout) {
        byte tag = (byte) RANDOM.nextInt(255);
        // RMCP header: version 6, reserved, sequence 0xff (no ack), class ASF; ASF: IANA 4542, type 0x80
        // (presence ping), tag, reserved, data length 0.
        byte[] ping = {0x06, 0x00, (byte) 0xff, 0x06, 0x00, 0x00, 0x11, (byte) 0xbe, (byte) 0x80, tag, 0x00, 0x00};
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            s.setSoTimeout((int) Math.max(1, timeout.toMillis()));
            s.send(new DatagramPacket(ping, ping.length, InetAddress.getLoopbackAddress(), port));
            byte[] buf = new byte[512];
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                DatagramPacket reply = new DatagramPacket(buf, buf.length);
                s.receive(reply);
                // Presence pong: message type 0x40 with our tag.
                if (reply.getLength() >= 12 && buf[3] == 0x06 && (buf[8] & 0xff) == 0x40 && buf[9] == tag) {
                    return true;
                }
            }
            return false;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            // ICMP port unreachable surfaces as PortUnreachableException on some systems: not answering.
            return false;
        }
    }

    /** The underlying process, for fault injection ({@link PeerProcess#kill()}) and its log. */
    public PeerProcess process() {
        return process;
    }

    /** The folder with lan.conf, the chassis state files and the log. */
    public Path directory() {
        return dir;
    }

    /** Stops ipmi_sim. */
    @Override
    public void close() {
        process.stop(Duration.ofSeconds(5));
    }

    @Override
    public String toString() {
        return "IpmiSimulator[127.0.0.1:" + port + ", user " + USERNAME + ", " + process + "]";
    }

    private String read(String file) {
        try {
            Path p = dir.resolve(file);
            return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8).trim() : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void write(String file, String value) {
        try {
            Path tmp = dir.resolve(file + ".java.tmp");
            Files.writeString(tmp, value + "\n");
            Files.move(tmp, dir.resolve(file), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copyResource(String name, Path target) throws IOException {
        try (InputStream in = IpmiSimulator.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCES + name + " missing from the testbed jar");
            }
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** A port that is free for UDP on 127.0.0.1 (and was for TCP: {@link Ports} never hands it out twice). */
    private static int freeUdpPort() {
        for (int attempt = 0; attempt < 50; attempt++) {
            int p = Ports.free();
            try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), p))) {
                return p;
            } catch (SocketException e) {
                // taken for UDP: try another
            }
        }
        throw new IllegalStateException("no free UDP port found on 127.0.0.1");
    }

    /** 16 letters and digits: the IPMI 1.5 limit, within RMCP+'s 20, and safe inside lan.conf's quotes. */
    private static String newPassword() {
        String alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
        StringBuilder b = new StringBuilder(16);
        for (int i = 0; i < 16; i++) {
            b.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return b.toString();
    }

    private static String hex(int bytes) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < bytes; i++) {
            b.append(String.format("%02x", RANDOM.nextInt(256)));
        }
        return b.toString();
    }
}
