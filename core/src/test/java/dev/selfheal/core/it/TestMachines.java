package dev.selfheal.core.it;

import dev.selfheal.spi.ActionResult;
import dev.selfheal.spi.Capability;
import dev.selfheal.spi.FenceResult;
import dev.selfheal.spi.InfrastructureProvider;
import dev.selfheal.spi.MachineNotFoundException;
import dev.selfheal.spi.MachineRef;
import dev.selfheal.spi.MachineStatus;
import dev.selfheal.spi.NodeDescriptor;
import dev.selfheal.spi.PowerState;
import dev.selfheal.spi.ReplaceResult;
import dev.selfheal.spi.RetryableProviderException;
import dev.selfheal.testbed.kube.KubeTestbed;
import dev.selfheal.testbed.kube.NodeTemplate;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A test-only in-memory provider for core's tests (providerID {@code test://<id>}): machines are entries in a
 * map, and each one backs a kwok node of the testbed. Powering a machine off stops its node's heartbeat;
 * replacing it registers a new kwok node. Every call is logged with its time, so tests can check the order
 * of fencing and releasing.
 */
final class TestMachines implements InfrastructureProvider {

    record Call(String operation, String machine, Instant at) {
    }

    private final KubeTestbed kube;
    private final Map<String, PowerState> power = new ConcurrentHashMap<>();
    private final Map<String, String> nodeOf = new ConcurrentHashMap<>();
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final Set<Capability> capabilities;
    private volatile boolean confirmFence = true;
    private volatile boolean rebootRevives;
    private final Set<String> brokenOs = ConcurrentHashMap.newKeySet();
    private volatile java.util.concurrent.CountDownLatch fenceGate;
    private int replacements;

    TestMachines(KubeTestbed kube, Set<Capability> capabilities) {
        this.kube = kube;
        this.capabilities = EnumSet.copyOf(capabilities);
    }

    static Set<Capability> all() {
        return EnumSet.allOf(Capability.class);
    }

    /** Registers a machine and its kwok node; returns the node name. */
    String addMachine(String id, String nodeName, Map<String, String> labels) {
        power.put(id, PowerState.ON);
        nodeOf.put(id, nodeName);
        NodeTemplate t = NodeTemplate.named(nodeName).withProviderId("test://" + id);
        for (Map.Entry<String, String> e : labels.entrySet()) {
            t = t.withLabel(e.getKey(), e.getValue());
        }
        kube.nodes().add(t);
        return nodeName;
    }

    /** Makes the next power-off hold, after switching the machine off, until the gate opens. */
    private volatile java.util.concurrent.CountDownLatch replaceGate;

    void holdFence(java.util.concurrent.CountDownLatch gate) {
        this.fenceGate = gate;
    }

    /** Makes replace take effect at once but not return until {@code gate} opens (a healer killed right after asking). */
    void holdReplaceAfterItActs(java.util.concurrent.CountDownLatch gate) {
        this.replaceGate = gate;
    }

    /** Makes fencing fail: the machine never reads back as off. */
    void refuseToConfirmFence() {
        confirmFence = false;
    }

    /** Makes a reboot bring the node back (its heartbeat resumes), as a reboot that cures a passing fault does. */
    void rebootRevives() {
        rebootRevives = true;
    }

    /** Makes the machine's OS broken: it powers on, but its node never heartbeats again. */
    void breakOs(String machine) {
        brokenOs.add(machine);
    }

    List<Call> calls() {
        return List.copyOf(calls);
    }

    Optional<Call> firstCall(String operation, String machine) {
        return calls.stream().filter(c -> c.operation().equals(operation) && c.machine().equals(machine)).findFirst();
    }

    long count(String operation) {
        return calls.stream().filter(c -> c.operation().equals(operation)).count();
    }

    @Override
    public String type() {
        return "test";
    }

    @Override
    public Set<Capability> capabilities() {
        return capabilities;
    }

    @Override
    public Optional<MachineRef> resolve(NodeDescriptor node) {
        return node.parsedProviderId().filter(p -> p.scheme().equals("test"))
                .map(p -> MachineRef.of("test", p.path(), node.name()));
    }

    @Override
    public MachineStatus status(MachineRef m) {
        log("status", m);
        PowerState s = power.get(m.id());
        if (s == null) {
            throw new MachineNotFoundException(m.describe(), "status", "unknown machine");
        }
        return new MachineStatus(m, s, List.of(), Instant.now());
    }

    @Override
    public ActionResult reboot(MachineRef m) {
        log("reboot", m);
        if (rebootRevives) {
            kube.nodes().resumeHeartbeat(nodeOf.get(m.id()));
            return new ActionResult(m, Capability.REBOOT, Instant.now(), "rebooted");
        }
        return new ActionResult(m, Capability.REBOOT, Instant.now(), "rebooted (the node stays dead)");
    }

    @Override
    public FenceResult powerOff(MachineRef m) {
        log("power-off", m);
        if (!confirmFence) {
            throw new RetryableProviderException(m.describe(), "power-off", "machine still reports running");
        }
        power.put(m.id(), PowerState.OFF);
        kube.nodes().stopHeartbeat(nodeOf.get(m.id()));
        java.util.concurrent.CountDownLatch gate = fenceGate;
        if (gate != null) {
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return new FenceResult(m, PowerState.OFF, Instant.now());
    }

    @Override
    public ActionResult powerOn(MachineRef m) {
        log("power-on", m);
        power.put(m.id(), PowerState.ON);
        if (!brokenOs.contains(m.id())) {
            kube.nodes().resumeHeartbeat(nodeOf.get(m.id()));
        }
        return new ActionResult(m, Capability.POWER_ON, Instant.now(), "on");
    }

    @Override
    public synchronized ReplaceResult replace(MachineRef m) {
        log("replace", m);
        power.put(m.id(), PowerState.GONE);
        String newId = m.id() + "-r" + (++replacements);
        addMachine(newId, nodeOf.get(m.id()) + "-r" + replacements, Map.of());
        java.util.concurrent.CountDownLatch gate = replaceGate;
        if (gate != null) {
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted after replacing " + m.id(), e);
            }
        }
        return new ReplaceResult(m, newId, ReplaceResult.Progress.COMPLETED, Instant.now(), "replaced by " + newId);
    }

    @Override
    public dev.selfheal.spi.DetachResult detachVolumes(MachineRef m) {
        log("detach-volumes", m);
        if (!power.getOrDefault(m.id(), PowerState.UNKNOWN).isFenced()) {
            throw new dev.selfheal.spi.PermanentProviderException(m.describe(), "detach-volumes", "machine is not off");
        }
        return new dev.selfheal.spi.DetachResult(m, List.of(), Instant.now());
    }

    @Override
    public void close() {
    }

    private void log(String op, MachineRef m) {
        calls.add(new Call(op, m.id(), Instant.now()));
    }
}
