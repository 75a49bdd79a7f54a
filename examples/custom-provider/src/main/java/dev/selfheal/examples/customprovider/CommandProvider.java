package dev.selfheal.examples.customprovider;

import dev.selfheal.spi.ActionResult;
import dev.selfheal.spi.Capability;
import dev.selfheal.spi.FenceResult;
import dev.selfheal.spi.InfrastructureProvider;
import dev.selfheal.spi.MachineRef;
import dev.selfheal.spi.MachineStatus;
import dev.selfheal.spi.NodeDescriptor;
import dev.selfheal.spi.PermanentProviderException;
import dev.selfheal.spi.PowerState;
import dev.selfheal.spi.ProviderId;
import dev.selfheal.spi.RetryableProviderException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A provider for sites whose machines are driven by their own scripts: one shell command per action,
 * with {@code {id}} replaced by the machine id from a node's {@code command://<id>} providerID. The
 * status command prints {@code on} or {@code off}. Capabilities follow the commands configured.
 */
public final class CommandProvider implements InfrastructureProvider {

    private final CommandProviderConfig config;
    private final Clock clock;

    CommandProvider(CommandProviderConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    @Override
    public String type() {
        return CommandProviderFactory.TYPE;
    }

    @Override
    public Set<Capability> capabilities() {
        Set<Capability> caps = EnumSet.of(Capability.POWER_STATUS);
        config.reboot().ifPresent(c -> caps.add(Capability.REBOOT));
        config.powerOff().ifPresent(c -> caps.add(Capability.POWER_OFF));
        config.powerOn().ifPresent(c -> caps.add(Capability.POWER_ON));
        return caps;
    }

    @Override
    public Optional<MachineRef> resolve(NodeDescriptor node) {
        Optional<ProviderId> id = node.parsedProviderId();
        if (id.isEmpty() || !id.get().scheme().equals(type())) {
            return Optional.empty();
        }
        if (!id.get().path().matches("[A-Za-z0-9._-]+")) {
            throw new dev.selfheal.spi.InvalidMachineReferenceException(node.name(), id.get().raw(),
                    "expected command://<id> with letters, digits, '.', '_' or '-'");
        }
        return Optional.of(MachineRef.of(type(), id.get().path(), node.name()));
    }

    @Override
    public MachineStatus status(MachineRef machine) {
        String out = run(machine, "status", config.status()).trim().toLowerCase(Locale.ROOT);
        PowerState state = switch (out) {
            case "on" -> PowerState.ON;
            case "off" -> PowerState.OFF;
            default -> PowerState.UNKNOWN;
        };
        return new MachineStatus(machine, state, List.of(), clock.instant());
    }

    @Override
    public ActionResult reboot(MachineRef machine) {
        run(machine, "reboot", require(machine, Capability.REBOOT, config.reboot()));
        return new ActionResult(machine, Capability.REBOOT, clock.instant(), "reboot command succeeded");
    }

    @Override
    public FenceResult powerOff(MachineRef machine) {
        run(machine, "poweroff", require(machine, Capability.POWER_OFF, config.powerOff()));
        PowerState after = status(machine).power();
        if (!after.isFenced()) {
            throw new RetryableProviderException(machine.describe(), "poweroff",
                    "the power-off command succeeded but status reports " + after);
        }
        return new FenceResult(machine, after, clock.instant());
    }

    @Override
    public ActionResult powerOn(MachineRef machine) {
        run(machine, "poweron", require(machine, Capability.POWER_ON, config.powerOn()));
        return new ActionResult(machine, Capability.POWER_ON, clock.instant(), "power-on command succeeded");
    }

    @Override
    public void close() {
        // nothing to release: every command is a short-lived process
    }

    private String require(MachineRef machine, Capability capability, Optional<String> command) {
        return command.orElseThrow(() -> new dev.selfheal.spi.UnsupportedCapabilityException(machine.describe(),
                capability, "no command configured for it"));
    }

    private String run(MachineRef machine, String action, String template) {
        List<String> cmd = new ArrayList<>(List.of("sh", "-c", template.replace("{id}", machine.id())));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            if (!p.waitFor(config.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new RetryableProviderException(machine.describe(), action,
                        "command did not finish within " + config.timeout());
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new PermanentProviderException(machine.describe(), action,
                        "command exited with " + p.exitValue() + ": " + out.strip());
            }
            return out;
        } catch (IOException e) {
            throw new PermanentProviderException(machine.describe(), action, "cannot run command: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RetryableProviderException(machine.describe(), action, "interrupted", e);
        }
    }
}
