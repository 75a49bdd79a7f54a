package dev.selfheal.core.engine;

import dev.selfheal.spi.ActionGuard;
import dev.selfheal.spi.Capability;
import dev.selfheal.spi.FenceResult;
import dev.selfheal.spi.InfrastructureProvider;
import dev.selfheal.spi.InvalidMachineReferenceException;
import dev.selfheal.spi.MachineRef;
import dev.selfheal.spi.MachineStatus;
import dev.selfheal.spi.NodeDescriptor;
import dev.selfheal.spi.PowerState;
import dev.selfheal.spi.ReplaceResult;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/**
 * A test-only in-memory provider ({@code test://<machine>}): power states by machine, a log of every call, machines
 * whose calls hang until released, and an {@link ActionGuard} asked before each mutation as real providers do.
 */
final class TestProvider implements InfrastructureProvider {

    final Map<String, PowerState> power = new ConcurrentHashMap<>();
    final Set<String> hanging = ConcurrentHashMap.newKeySet();
    final List<String> calls = new CopyOnWriteArrayList<>();
    final CountDownLatch release = new CountDownLatch(1);
    volatile ActionGuard guard = ActionGuard.ALWAYS;
    /** Run at each mutating call before the guard is asked (a test's way to act in the middle of a call). */
    volatile java.util.function.BiConsumer<String, String> onMutation = (machine, call) -> { };
    private final Clock clock;
    private int replacements;

    TestProvider(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String type() {
        return "test";
    }

    @Override
    public Set<Capability> capabilities() {
        return EnumSet.of(Capability.POWER_STATUS, Capability.POWER_OFF, Capability.POWER_ON, Capability.REBOOT, Capability.REPLACE);
    }

    @Override
    public Set<Capability> capabilities(MachineRef machine) {
        hangIfAsked(machine.id(), "capabilities");
        return capabilities();
    }

    @Override
    public Optional<MachineRef> resolve(NodeDescriptor node) {
        String id = node.providerId();
        if (id == null || !id.startsWith("test://")) {
            return Optional.empty();
        }
        String machine = id.substring("test://".length());
        if (machine.isEmpty() || machine.startsWith("/")) {
            throw new InvalidMachineReferenceException(node.name(), id, "test://<machine>");
        }
        return Optional.of(MachineRef.of("test", machine, node.name()));
    }

    @Override
    public MachineStatus status(MachineRef m) {
        hangIfAsked(m.id(), "status");
        return new MachineStatus(m, power.getOrDefault(m.id(), PowerState.ON), List.of(), clock.instant());
    }

    /** A recipe annotation for a machine that exists; none for one that is gone. */
    @Override
    public Map<String, String> provenance(MachineRef m) {
        hangIfAsked(m.id(), "provenance");
        if (power.get(m.id()) == PowerState.GONE) {
            throw new dev.selfheal.spi.MachineNotFoundException(m.describe(), "provenance", "gone");
        }
        return Map.of("test.selfheal.dev/provenance", "recipe-of-" + m.id());
    }

    @Override
    public FenceResult powerOff(MachineRef m) {
        hangIfAsked(m.id(), "power-off");
        if (power.get(m.id()) == PowerState.GONE) {
            return new FenceResult(m, PowerState.GONE, clock.instant());
        }
        onMutation.accept(m.id(), "power-off");
        guard.check(m.describe(), "power-off");
        power.put(m.id(), PowerState.OFF);
        return new FenceResult(m, PowerState.OFF, clock.instant());
    }

    @Override
    public dev.selfheal.spi.ActionResult powerOn(MachineRef m) {
        hangIfAsked(m.id(), "power-on");
        onMutation.accept(m.id(), "power-on");
        guard.check(m.describe(), "power-on");
        power.put(m.id(), PowerState.ON);
        return new dev.selfheal.spi.ActionResult(m, Capability.POWER_ON, clock.instant(), "on");
    }

    @Override
    public dev.selfheal.spi.ActionResult reboot(MachineRef m) {
        hangIfAsked(m.id(), "reboot");
        onMutation.accept(m.id(), "reboot");
        guard.check(m.describe(), "reboot");
        return new dev.selfheal.spi.ActionResult(m, Capability.REBOOT, clock.instant(), "rebooting");
    }

    @Override
    public synchronized ReplaceResult replace(MachineRef m) {
        hangIfAsked(m.id(), "replace");
        onMutation.accept(m.id(), "replace");
        guard.check(m.describe(), "replace");
        power.put(m.id(), PowerState.GONE);
        String id = m.id() + "-r" + (++replacements);
        return new ReplaceResult(m, id, ReplaceResult.Progress.STARTED, clock.instant(), "replacement " + id);
    }

    long count(String machine, String call) {
        return calls.stream().filter((machine + " " + call)::equals).count();
    }

    private void hangIfAsked(String machine, String call) {
        calls.add(machine + " " + call);
        if (hanging.contains(machine)) {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted");
            }
        }
    }

    @Override
    public void close() {
        release.countDown();
    }
}
