package dev.selfheal.provider.baremetal.fence;

import dev.selfheal.provider.baremetal.bmc.BmcCall;
import dev.selfheal.provider.baremetal.bmc.BmcDriver;
import dev.selfheal.provider.baremetal.bmc.BmcReading;
import dev.selfheal.provider.baremetal.bmc.BmcTarget;
import dev.selfheal.provider.baremetal.bmc.PowerCommand;
import dev.selfheal.provider.baremetal.bmc.Protocol;
import dev.selfheal.spi.command.CommandResult;
import dev.selfheal.spi.command.CommandRunner;
import dev.selfheal.spi.command.CommandSpec;
import dev.selfheal.spi.command.CommandTimeoutException;
import dev.selfheal.provider.baremetal.internal.PeerText;
import dev.selfheal.spi.Capability;
import dev.selfheal.spi.PermanentProviderException;
import dev.selfheal.spi.PowerState;
import dev.selfheal.spi.ProviderException;
import dev.selfheal.spi.RetryableProviderException;
import dev.selfheal.spi.UnsupportedCapabilityException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs any installed ClusterLabs fence agent ({@code fence_ipmilan}, {@code fence_redfish},
 * {@code fence_aws}, ...) with the standard stdin protocol: {@code status}, {@code on}, {@code off},
 * {@code reboot}. The password goes on the agent's stdin, never its command line (what the agent does with
 * it is its own business: fence_ipmilan 4.12 passes it to ipmitool with {@code -P}, and a warning says so,
 * see {@link #warnIfExposingPassword(String)}). Thread-safe.
 */
public final class FenceAgentDriver implements BmcDriver {

    private static final Logger LOG = LoggerFactory.getLogger(FenceAgentDriver.class);

    private final FenceSettings settings;
    private final CommandRunner runner;
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    /**
     * @param settings where the agents are and how long they may run
     * @param runner runs the agent processes (shared, closed by its owner)
     */
    public FenceAgentDriver(FenceSettings settings, CommandRunner runner) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.runner = Objects.requireNonNull(runner, "runner");
    }

    /**
     * Logs a warning, once per agent, when {@code agent} is known to put the password on a child's command line
     * (see {@link CommandLineExposure}), naming the safer choice. Called for the configured agents when the
     * provider is created and for every agent before it first runs.
     */
    public void warnIfExposingPassword(String agent) {
        if (agent != null && warned.add(agent)) {
            CommandLineExposure.of(agent).ifPresent(e -> LOG.warn("fence agent {} {}: the password is readable by"
                    + " any local user in the process list while it runs; {}", agent, e.how(), e.saferChoice()));
        }
    }

    @Override
    public Protocol protocol() {
        return Protocol.FENCE_AGENT;
    }

    @Override
    public String readOperation(BmcTarget target) {
        return target.agent() + ":status";
    }

    @Override
    public BmcReading read(BmcCall call) {
        CommandResult r = run(call, "status");
        PowerState power = FenceAgentOutcome.status(r.exitCode());
        if (power == null) {
            throw failure(call, "status", r);
        }
        return BmcReading.of(power);
    }

    @Override
    public void power(BmcCall call, PowerCommand command) {
        String action = switch (command) {
            case ON -> "on";
            case FORCE_OFF -> "off";
            case FORCE_RESTART -> "reboot";
            case GRACEFUL_SHUTDOWN -> throw new UnsupportedCapabilityException(call.describe(), Capability.REBOOT,
                    "fence agents have no graceful shutdown; use reboot.method=force");
        };
        CommandResult r = run(call, action);
        if (r.exitCode() != FenceAgentOutcome.OK) {
            throw failure(call, action, r);
        }
    }

    /** The runner is shared; its owner closes it. */
    @Override
    public void close() {
    }

    private CommandResult run(BmcCall call, String action) {
        String agent = call.target().agent();
        String operation = agent + ":" + action;
        warnIfExposingPassword(agent);
        Path program = settings.agentDir().resolve(agent);
        if (!Files.isExecutable(program)) {
            throw new PermanentProviderException(call.describe(), operation, "fence agent " + program
                    + " is not installed or not executable; install the fence-agents package or set fence.agentDir");
        }
        Map<String, String> options = new LinkedHashMap<>(settings.options());
        options.putAll(settings.nodeOptions().getOrDefault(call.machine().nodeName(), Map.of()));
        try {
            String input = FenceAgentInput.of(action, call, options);
            return runner.run(new CommandSpec(List.of(program.toString()), Map.of(), input, settings.callTimeout()));
        } catch (CommandTimeoutException e) {
            throw new RetryableProviderException(call.describe(), operation, agent + " did not finish within "
                    + e.timeout() + " and was killed; the power state is unknown (not off)", e);
        } catch (IOException | IllegalArgumentException e) {
            throw new PermanentProviderException(call.describe(), operation, "cannot run " + program + ": " + e.getMessage(), e);
        }
    }

    private ProviderException failure(BmcCall call, String action, CommandResult r) {
        String agent = call.target().agent();
        String operation = agent + ":" + action;
        String output = PeerText.clean(r.stderr() + "\n" + r.stdout(), call.redactor());
        String head = agent + " exited with " + r.exitCode() + " for action '" + action + "'";
        return switch (FenceAgentOutcome.classify(output)) {
            case NOT_ANSWERING -> new RetryableProviderException(call.describe(), operation, head
                    + ": the fencing device did not answer; the power state is unknown (not off): " + output);
            case BAD_INPUT -> new PermanentProviderException(call.describe(), operation, head
                    + ": the agent rejected its input; check fence.options and the node's BMC settings: " + output);
            case REFUSED -> new PermanentProviderException(call.describe(), operation, head
                    + ": the agent could not log in or read the status (check "
                    + (call.credentials() == null ? "fence.options" : "the " + call.credentials()) + "): " + output);
        };
    }
}
