package dev.selfheal.testbed.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.selfheal.testbed.baremetal.RedfishEmulator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the systems of a Redfish emulator (sushy-tools' fake driver) to {@link RealNode}s' machines, so that what
 * a Redfish client asks the BMC for happens to the node: {@code ForceOff} (or a graceful shutdown) kills the
 * machine's whole process tree, containers included ({@link RealNode#powerOff()}), {@code On} boots it, and a
 * {@code ForceRestart} (or a graceful restart) cuts the power at once and boots the machine when the emulator
 * turns the system On again.
 *
 * <p>The coupling is the fake driver's own: its external notifier PUTs a system's state as JSON to
 * {@link #notificationUrl()} at every change, which this listener applies to the wired node in the order received.
 * The fake driver applies a power request 1 to 11 s after it was made, but only when the system is next read: for
 * each pending request the listener reads the system at its apply time, so the machine follows the BMC on time
 * whoever polls it. Start it first, then the emulator with {@link RedfishEmulator#start(java.util.List, URI)}.
 *
 * <p>Booting runs a {@link Boot} of the caller's choice, told the system's boot device: {@link RealNode#powerOn()}
 * by default; a network boot ({@code Pxe}) may re-provision the machine as a fresh node, which then follows the
 * BMC in its place.
 */
public final class RedfishPower implements AutoCloseable {

    /** What a power-on does to a powered-off machine. */
    @FunctionalInterface
    public interface Boot {
        /**
         * Boots the machine.
         *
         * @param node the node the machine ran until its power-off
         * @param bootDevice the system's boot device ({@code Hdd}, {@code Pxe}, ...)
         * @return the node the machine runs from now on: {@code node}, or a fresh one it was re-provisioned as
         */
        RealNode boot(RealNode node, String bootDevice);
    }

    private static final Logger LOG = LoggerFactory.getLogger(RedfishPower.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ScheduledExecutorService reader;
    private final Map<String, Machine> machines = new ConcurrentHashMap<>();

    private RedfishPower(HttpServer server) {
        this.server = server;
        this.reader = Executors.newSingleThreadScheduledExecutor(daemon("redfish-power-reader"));
    }

    /** Starts the listener for the emulator's notifications on 127.0.0.1. */
    public static RedfishPower listen() {
        try {
            HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
            RedfishPower p = new RedfishPower(s);
            s.createContext("/", p::notified);
            s.setExecutor(Executors.newFixedThreadPool(2, daemon("redfish-power-http")));
            s.start();
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen for Redfish power notifications", e);
        }
    }

    /** The URL to start the emulator with. */
    public URI notificationUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/notify");
    }

    /** Wires system {@code systemId} of {@code bmc} to {@code node}; a power-on runs {@link RealNode#powerOn()}. */
    public void wire(RedfishEmulator bmc, String systemId, RealNode node) {
        wire(bmc, systemId, node, (n, device) -> {
            n.powerOn();
            return n;
        });
    }

    /**
     * Wires system {@code systemId} of {@code bmc} to {@code node}, whose power state must be the system's.
     *
     * @param boot what a power-on (and the second half of a restart) does to the powered-off machine
     * @throws IllegalArgumentException when the system's power state is not the node's
     */
    public void wire(RedfishEmulator bmc, String systemId, RealNode node, Boot boot) {
        Objects.requireNonNull(bmc, "bmc");
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(boot, "boot");
        String power = bmc.powerState(systemId);
        if ("On".equals(power) != node.isPoweredOn()) {
            throw new IllegalArgumentException("system " + systemId + " is " + power + " but node " + node.name()
                    + " is " + (node.isPoweredOn() ? "on" : "off") + ": declare the system as the node is");
        }
        if (machines.putIfAbsent(systemId, new Machine(bmc, systemId, node, boot, power)) != null) {
            throw new IllegalArgumentException("system " + systemId + " is wired already");
        }
    }

    /** The node system {@code systemId}'s machine runs now (another than the wired one after a re-provisioning). */
    public RealNode node(String systemId) {
        Machine m = machines.get(systemId);
        if (m == null) {
            throw new IllegalArgumentException("system " + systemId + " is not wired; wired: " + machines.keySet());
        }
        return m.node;
    }

    private void notified(HttpExchange exchange) throws IOException {
        try (exchange) {
            try (InputStream in = exchange.getRequestBody()) {
                JsonNode system = JSON.readTree(in);
                Machine m = machines.get(system.path("uuid").asText());
                if (m != null) {
                    m.notified(system);
                }
            } catch (IOException | RuntimeException e) {
                LOG.warn("Redfish power notification: {}", e.toString());
            }
            exchange.sendResponseHeaders(204, -1);
        }
    }

    /** Stops listening and following; the nodes keep their current power state. */
    @Override
    public void close() {
        server.stop(0);
        ((ExecutorService) server.getExecutor()).shutdownNow();
        reader.shutdownNow();
        machines.values().forEach(Machine::close);
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /** One system and the node its machine runs. */
    private final class Machine {
        private final RedfishEmulator bmc;
        private final String systemId;
        private final Boot boot;
        private final ExecutorService follower;
        private final ExecutorService booter;
        private volatile RealNode node;
        private volatile String power;
        private volatile boolean closed;

        Machine(RedfishEmulator bmc, String systemId, RealNode node, Boot boot, String power) {
            this.bmc = bmc;
            this.systemId = systemId;
            this.node = node;
            this.boot = boot;
            this.power = power;
            this.follower = Executors.newSingleThreadExecutor(daemon("redfish-power-" + node.name()));
            this.booter = Executors.newSingleThreadExecutor(daemon("redfish-boot-" + node.name()));
        }

        /**
         * Takes a notification in the order received and answers it once applied: the emulator reports a system Off
         * only after its machine's power was cut (a boot goes on after the answer).
         */
        void notified(JsonNode system) {
            if (closed) {
                return;
            }
            String state = system.path("power_state").asText();
            String device = system.path("boot_device").asText("Hdd");
            JsonNode pending = system.path("pending_power");
            try {
                follower.submit(() -> apply(state, device, pending)).get(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                LOG.warn("Redfish: power state {} of node {} not applied: {}", state, node.name(), e.toString());
            }
        }

        private void apply(String state, String device, JsonNode pending) {
            if (pending.isObject() && !closed) {
                // The fake driver applies a pending state when the system is read at or after its apply time.
                long delay = pending.path("apply_time").asLong() * 1000 - System.currentTimeMillis() + 100;
                reader.schedule(this::read, Math.max(0, delay), TimeUnit.MILLISECONDS);
            }
            if (closed || state.equals(power)) {
                return;
            }
            power = state;
            if ("Off".equals(state)) {
                LOG.info("Redfish: power off node {}", node.name());
                node.powerOff();
            } else if ("On".equals(state)) {
                LOG.info("Redfish: power on node {} (boot device {})", node.name(), device);
                boot(device);
            }
        }

        private void read() {
            try {
                bmc.powerState(systemId);
            } catch (RuntimeException e) {
                LOG.info("Redfish: reading system {} to apply its pending power state: {}", systemId, e.toString());
            }
        }

        /** Boots on a thread of its own, so that a power-off meanwhile cuts the boot short. */
        private void boot(String device) {
            booter.execute(() -> {
                RealNode n = node;
                if (closed || !"On".equals(power) || n.isPoweredOn()) {
                    return; // switched off again (or on already) before the boot began
                }
                try {
                    node = Objects.requireNonNull(boot.boot(n, device), "the node booted");
                } catch (RuntimeException e) {
                    LOG.info("Redfish: boot of node {} ended: {}", n.name(), e.toString());
                }
            });
        }

        void close() {
            closed = true;
            follower.shutdownNow();
            booter.shutdown();
            try {
                booter.awaitTermination(70, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
