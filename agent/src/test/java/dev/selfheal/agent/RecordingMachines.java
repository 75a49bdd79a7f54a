package dev.selfheal.agent;

import dev.selfheal.spi.ActionResult;
import dev.selfheal.spi.Capability;
import dev.selfheal.spi.FenceResult;
import dev.selfheal.spi.InfrastructureProvider;
import dev.selfheal.spi.MachineRef;
import dev.selfheal.spi.MachineStatus;
import dev.selfheal.spi.NodeDescriptor;
import dev.selfheal.spi.PowerState;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A test-only in-memory provider (providerID {@code test://<id>}): every machine is on, reboots and power-offs
 * are only recorded, so a test can show the healer never needed them.
 */
final class RecordingMachines implements InfrastructureProvider {

    private final List<String> calls = new CopyOnWriteArrayList<>();

    List<String> calls() {
        return List.copyOf(calls);
    }

    long count(String operation) {
        return calls.stream().filter(c -> c.startsWith(operation + " ")).count();
    }

    @Override
    public String type() {
        return "test";
    }

    @Override
    public Set<Capability> capabilities() {
        return EnumSet.of(Capability.POWER_STATUS, Capability.REBOOT, Capability.POWER_OFF, Capability.POWER_ON);
    }

    @Override
    public Optional<MachineRef> resolve(NodeDescriptor node) {
        return node.parsedProviderId().filter(p -> p.scheme().equals("test"))
                .map(p -> MachineRef.of("test", p.path(), node.name()));
    }

    @Override
    public MachineStatus status(MachineRef m) {
        calls.add("status " + m.id());
        return new MachineStatus(m, PowerState.ON, List.of(), Instant.now());
    }

    @Override
    public ActionResult reboot(MachineRef m) {
        calls.add("reboot " + m.id());
        return new ActionResult(m, Capability.REBOOT, Instant.now(), "recorded");
    }

    @Override
    public FenceResult powerOff(MachineRef m) {
        calls.add("power-off " + m.id());
        return new FenceResult(m, PowerState.OFF, Instant.now());
    }

    @Override
    public ActionResult powerOn(MachineRef m) {
        calls.add("power-on " + m.id());
        return new ActionResult(m, Capability.POWER_ON, Instant.now(), "recorded");
    }

    @Override
    public void close() {
    }
}
