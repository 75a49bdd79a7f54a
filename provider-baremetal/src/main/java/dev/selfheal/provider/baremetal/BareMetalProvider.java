package dev.selfheal.provider.baremetal;

import dev.selfheal.provider.baremetal.bmc.BmcCall;
import dev.selfheal.provider.baremetal.bmc.BmcCredentials;
import dev.selfheal.provider.baremetal.bmc.BmcDriver;
import dev.selfheal.provider.baremetal.bmc.BmcReading;
import dev.selfheal.provider.baremetal.bmc.BmcTarget;
import dev.selfheal.provider.baremetal.bmc.PowerCommand;
import dev.selfheal.provider.baremetal.bmc.Protocol;
import dev.selfheal.provider.baremetal.fence.FenceAgentDriver;
import dev.selfheal.spi.command.CommandRunner;
import dev.selfheal.provider.baremetal.inventory.CredentialsResolver;
import dev.selfheal.provider.baremetal.inventory.Inventory;
import dev.selfheal.provider.baremetal.ipmi.IpmiToolDriver;
import dev.selfheal.provider.baremetal.redfish.RedfishDriver;
import dev.selfheal.spi.ActionResult;
import dev.selfheal.spi.Capability;
import dev.selfheal.spi.FenceResult;
import dev.selfheal.spi.InfrastructureProvider;
import dev.selfheal.spi.InvalidMachineReferenceException;
import dev.selfheal.spi.MachineRef;
import dev.selfheal.spi.MachineStatus;
import dev.selfheal.spi.NodeDescriptor;
import dev.selfheal.spi.PowerState;
import dev.selfheal.spi.ReplaceResult;
import dev.selfheal.spi.UnsupportedCapabilityException;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bare-metal provider: acts on physical machines through their BMCs with Redfish, IPMI or a ClusterLabs
 * fence agent. There is no auto scaling group: replace means re-provision (a one-time PXE boot and a
 * restart, and/or the site's own provisioning hook). Every BMC call is bounded by {@code callTimeout}; every
 * wait for a power state by {@code powerTimeout}; a BMC that does not answer is a retryable error, never
 * "off". Thread-safe.
 */
public final class BareMetalProvider implements InfrastructureProvider {

    /** The provider type. */
    public static final String TYPE = "baremetal";

    private static final Logger LOG = LoggerFactory.getLogger(BareMetalProvider.class);
    private static final Set<PowerState> ON = Set.of(PowerState.ON);
    private static final Set<PowerState> OFF = Set.of(PowerState.OFF);

    private final BareMetalProviderConfig config;
    private final Clock clock;
    private final Inventory inventory;
    private final CredentialsResolver credentials;
    private final CommandRunner runner = new CommandRunner();
    private final ScheduledExecutorService scheduler;
    private final PowerWaiter waiter;
    private final PendingPowerOns pending;
    private final Map<Protocol, BmcDriver> drivers = new EnumMap<>(Protocol.class);
    private final ProvisioningHook hook;
    private final AtomicBoolean closed = new AtomicBoolean();

    /** A provider; {@link BareMetalProviderFactory} is the usual way to get one. */
    public BareMetalProvider(BareMetalProviderConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.inventory = new Inventory(TYPE, config.inventory().defaults(), config.inventory().nodes(),
                config.labelPrefix(), config.nodeLabels());
        this.credentials = new CredentialsResolver(config.credentialsDir(), config.inventory().credentials(), System::getenv);
        this.scheduler = Executors.newScheduledThreadPool(config.concurrency(), daemonThreads());
        this.waiter = new PowerWaiter(clock, scheduler, config.pollInterval(), config.callTimeout());
        this.pending = new PendingPowerOns(clock, config.powerTimeout());
        drivers.put(Protocol.REDFISH, new RedfishDriver(config.redfish()));
        drivers.put(Protocol.IPMI, new IpmiToolDriver(config.ipmi(), runner));
        FenceAgentDriver fence = new FenceAgentDriver(config.fence(), runner);
        fence.warnIfExposingPassword(config.inventory().defaults().agent());
        config.inventory().nodes().values().forEach(t -> fence.warnIfExposingPassword(t.agent()));
        drivers.put(Protocol.FENCE_AGENT, fence);
        this.hook = config.replace().hook() == null ? null : new ProvisioningHook(config.replace(), runner);
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Set<Capability> capabilities() {
        Set<Capability> c = EnumSet.of(Capability.POWER_STATUS, Capability.REBOOT, Capability.POWER_OFF, Capability.POWER_ON);
        if (config.replace().mode() != ReplaceSettings.Mode.NONE) {
            c.add(Capability.REPLACE);
        }
        return c;
    }

    /** Without REPLACE for a machine whose BMC cannot set a PXE boot (fence agents) unless a hook replaces. */
    @Override
    public Set<Capability> capabilities(MachineRef machine) {
        Set<Capability> c = capabilities();
        BmcTarget target = target(machine);
        if (config.replace().mode() == ReplaceSettings.Mode.PXE && !drivers.get(target.protocol()).supportsNetworkBoot(target)) {
            c.remove(Capability.REPLACE);
        }
        return c;
    }

    @Override
    public Optional<MachineRef> resolve(NodeDescriptor node) {
        return inventory.resolve(node);
    }

    @Override
    public MachineStatus status(MachineRef machine) {
        BmcCall call = call(machine);
        BmcReading r = driver(call).read(call);
        return new MachineStatus(machine, r.power(), r.findings(), clock.instant());
    }

    @Override
    public ActionResult reboot(MachineRef machine) {
        BmcCall call = call(machine);
        BmcDriver d = driver(call);
        String detail;
        if (d.read(call).power() == PowerState.OFF) {
            command(call, PowerCommand.ON);
            detail = "was off: powered on";
        } else if (config.rebootMethod() == BareMetalProviderConfig.RebootMethod.GRACEFUL) {
            detail = gracefulRestart(call);
        } else {
            command(call, PowerCommand.FORCE_RESTART);
            detail = "forced restart";
        }
        awaitOn(call);
        return new ActionResult(machine, Capability.REBOOT, clock.instant(), detail + "; BMC reports power on");
    }

    @Override
    public FenceResult powerOff(MachineRef machine) {
        BmcCall call = call(machine);
        awaitPendingOn(call);
        if (driver(call).read(call).power() != PowerState.OFF) {
            command(call, PowerCommand.FORCE_OFF);
            await(call, OFF, config.powerTimeout());
        }
        LOG.info("fenced {}: BMC confirms power off", machine.describe());
        return new FenceResult(machine, PowerState.OFF, clock.instant());
    }

    @Override
    public ActionResult powerOn(MachineRef machine) {
        BmcCall call = call(machine);
        String detail = "was already on";
        if (driver(call).read(call).power() != PowerState.ON) {
            command(call, PowerCommand.ON);
            awaitOn(call);
            detail = "powered on";
        }
        return new ActionResult(machine, Capability.POWER_ON, clock.instant(), detail + "; BMC reports power on");
    }

    @Override
    public ReplaceResult replace(MachineRef machine) {
        BmcCall call = call(machine);
        ReplaceSettings s = config.replace();
        if (s.mode() == ReplaceSettings.Mode.NONE) {
            throw new UnsupportedCapabilityException(machine.describe(), Capability.REPLACE, "replace.mode=none");
        }
        if (s.mode() == ReplaceSettings.Mode.HOOK) {
            ProvisioningHook.Outcome o = hook.run(call, "provision");
            return new ReplaceResult(machine, o.replacementId(), ReplaceResult.Progress.STARTED, clock.instant(),
                    "re-provisioning started by " + s.hook() + suffix(o.output()));
        }
        BmcDriver d = driver(call);
        if (!d.supportsNetworkBoot(call.target())) {
            throw new UnsupportedCapabilityException(machine.describe(), Capability.REPLACE, call.target().agent()
                    + " cannot set a one-time PXE boot; use replace.mode=hook with a provisioning hook");
        }
        ProvisioningHook.Outcome o = hook == null ? null : hook.run(call, "before-pxe-boot");
        d.bootOnceFromNetwork(call);
        boolean wasOff = d.read(call).power() == PowerState.OFF;
        command(call, wasOff ? PowerCommand.ON : PowerCommand.FORCE_RESTART);
        awaitOn(call);
        LOG.info("re-provisioning {}: one-time PXE boot set and machine {}", machine.describe(), wasOff ? "powered on" : "restarted");
        return new ReplaceResult(machine, o == null ? null : o.replacementId(), ReplaceResult.Progress.STARTED,
                clock.instant(), "re-provisioning started: one-time PXE boot set and machine "
                + (wasOff ? "powered on" : "restarted") + (o == null ? "" : "; hook" + suffix(o.output())));
    }

    /** Stops polling, deletes Redfish sessions and kills BMC tools still running. Never throws. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        scheduler.shutdownNow();
        drivers.values().forEach(BmcDriver::close);
        runner.close();
    }

    private String gracefulRestart(BmcCall call) {
        command(call, PowerCommand.GRACEFUL_SHUTDOWN);
        String how = "graceful shutdown";
        try {
            await(call, OFF, config.gracefulTimeout());
        } catch (dev.selfheal.spi.RetryableProviderException e) {
            LOG.warn("{} did not shut down within {}; cutting the power", call.describe(), config.gracefulTimeout());
            command(call, PowerCommand.FORCE_OFF);
            await(call, OFF, config.powerTimeout());
            how = "graceful shutdown timed out, power cut";
        }
        command(call, PowerCommand.ON);
        return how + ", then powered on";
    }

    private void command(BmcCall call, PowerCommand command) {
        LOG.info("{}: sending {} over {}", call.describe(), command, call.target().protocol().configName());
        if (command == PowerCommand.ON || command == PowerCommand.FORCE_RESTART) {
            pending.sent(call.describe());
        }
        driver(call).power(call, command);
    }

    /** Waits until the machine is on after a power-on or restart; then nothing of it is pending any more. */
    private void awaitOn(BmcCall call) {
        await(call, ON, config.powerTimeout());
        pending.settled(call.describe());
    }

    /**
     * Before fencing: a power-on or restart sent earlier (by a step cut short by its time limit) may still take effect
     * and bring the machine back after it read off. Waits until it shows on (or its power timeout passed), so the
     * power cut that follows is the last word.
     */
    private void awaitPendingOn(BmcCall call) {
        Optional<Duration> left = pending.remaining(call.describe());
        if (left.isEmpty()) {
            return;
        }
        LOG.info("{}: a power-on or restart sent earlier has not shown yet; waiting up to {} for it before the power cut",
                call.describe(), left.get());
        try {
            await(call, ON, left.get());
        } catch (dev.selfheal.spi.RetryableProviderException e) {
            LOG.warn("{}: the earlier power-on did not show within its power timeout; cutting the power anyway",
                    call.describe());
        }
        pending.settled(call.describe());
    }

    private BmcReading await(BmcCall call, Set<PowerState> goal, Duration timeout) {
        BmcDriver d = driver(call);
        return waiter.await(call.describe(), d.readOperation(call.target()), () -> d.read(call), goal, timeout);
    }

    private BmcCall call(MachineRef machine) {
        BmcTarget target = target(machine);
        BmcCredentials c = target.credentials() == null ? null : credentials.resolve(target.credentials(), machine.describe());
        return new BmcCall(machine, target, c);
    }

    private static BmcTarget target(MachineRef machine) {
        if (!TYPE.equals(machine.providerType())) {
            throw new InvalidMachineReferenceException(machine.nodeName(), machine.describe(),
                    "not a " + TYPE + " machine (provider type '" + machine.providerType() + "')");
        }
        return BmcTarget.of(machine);
    }

    private BmcDriver driver(BmcCall call) {
        return drivers.get(call.target().protocol());
    }

    private static String suffix(String output) {
        return output.isEmpty() ? "" : ": " + output;
    }

    private static java.util.concurrent.ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "selfheal-baremetal-poll-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
