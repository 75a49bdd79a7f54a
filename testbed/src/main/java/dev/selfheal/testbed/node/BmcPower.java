package dev.selfheal.testbed.node;

import dev.selfheal.testbed.baremetal.IpmiSimulator;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires an {@link IpmiSimulator}'s chassis to a {@link RealNode}'s machine, so that what an IPMI client asks the
 * BMC for happens to the node: {@code chassis power off} (and a soft shutdown) kills the machine's whole process
 * tree, containers included ({@link RealNode#powerOff()}), {@code chassis power on} boots it, and
 * {@code chassis power reset} (or a cycle) restarts it. The requests are replayed in the order ipmi_sim passed
 * them to its chassis control program, so an off quickly followed by an on is never missed.
 *
 * <p>Booting runs a {@code boot} action of the caller's choice: {@link RealNode#powerOn()} (containerd and
 * kubelet started by the testbed) by default, or for instance the machine alone and a node agent that starts
 * the rest. The BMC's power state is set to the node's when wired.
 */
public final class BmcPower implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BmcPower.class);
    private static final Duration POLL = Duration.ofMillis(100);

    private final IpmiSimulator bmc;
    private final RealNode node;
    private final Consumer<RealNode> boot;
    private final Thread follower;
    private final ExecutorService booter;
    private volatile boolean closed;
    private int seen;

    private BmcPower(IpmiSimulator bmc, RealNode node, Consumer<RealNode> boot) {
        this.bmc = bmc;
        this.node = node;
        this.boot = boot;
        this.seen = bmc.chassisRequests().size();
        bmc.setPowerState(node.isPoweredOn() ? IpmiSimulator.Power.ON : IpmiSimulator.Power.OFF);
        this.follower = new Thread(this::follow, "bmc-power-" + node.name());
        this.follower.setDaemon(true);
        this.booter = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "bmc-boot-" + node.name());
            t.setDaemon(true);
            return t;
        });
    }

    /** Wires {@code bmc} to {@code node}; power-on runs {@link RealNode#powerOn()}. */
    public static BmcPower wire(IpmiSimulator bmc, RealNode node) {
        return wire(bmc, node, RealNode::powerOn);
    }

    /**
     * Wires {@code bmc} to {@code node}.
     *
     * @param boot what a power-on (and the second half of a reset) does to the powered-off node
     */
    public static BmcPower wire(IpmiSimulator bmc, RealNode node, Consumer<RealNode> boot) {
        BmcPower p = new BmcPower(Objects.requireNonNull(bmc, "bmc"), Objects.requireNonNull(node, "node"),
                Objects.requireNonNull(boot, "boot"));
        p.follower.start();
        return p;
    }

    /** The node whose power the BMC drives. */
    public RealNode node() {
        return node;
    }

    private void follow() {
        while (!closed) {
            try {
                List<String> requests = bmc.chassisRequests();
                for (; seen < requests.size() && !closed; seen++) {
                    apply(requests.get(seen));
                }
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.warn("BMC power of node {}: {}", node.name(), e.toString());
            }
        }
    }

    /** One chassis control request such as {@code set power 0} or {@code set boot pxe power 1}. */
    private void apply(String request) {
        String[] w = request.trim().split("\\s+");
        if (w.length < 3 || !"set".equals(w[0])) {
            return;
        }
        for (int i = 1; i + 1 < w.length; i += 2) {
            String parm = w[i];
            String value = w[i + 1];
            if ("power".equals(parm) && "0".equals(value) || "shutdown".equals(parm) && "1".equals(value)) {
                LOG.info("BMC: power off node {}", node.name());
                node.powerOff();
            } else if ("power".equals(parm) && "1".equals(value) && !node.isPoweredOn()) {
                LOG.info("BMC: power on node {}", node.name());
                boot();
            } else if ("reset".equals(parm) && node.isPoweredOn()) {
                LOG.info("BMC: reset node {}", node.name());
                node.powerOff();
                boot();
            }
        }
    }

    /** Boots on a thread of its own, so that a power-off asked meanwhile cuts the boot short. */
    private void boot() {
        booter.execute(() -> {
            if (closed || bmc.powerState() != IpmiSimulator.Power.ON || node.isPoweredOn()) {
                return; // switched off again (or on already) before the boot began
            }
            try {
                boot.accept(node);
            } catch (RuntimeException e) {
                LOG.info("BMC: boot of node {} ended: {}", node.name(), e.toString());
            }
        });
    }

    /** Stops following the BMC; the node keeps its current power state. */
    @Override
    public void close() {
        closed = true;
        follower.interrupt();
        booter.shutdown();
        try {
            follower.join(Duration.ofSeconds(10).toMillis());
            booter.awaitTermination(70, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
