package dev.selfheal.provider.baremetal.ipmi;

import dev.selfheal.provider.baremetal.bmc.BmcCall;
import dev.selfheal.provider.baremetal.bmc.BmcDriver;
import dev.selfheal.provider.baremetal.bmc.BmcReading;
import dev.selfheal.provider.baremetal.bmc.BmcTarget;
import dev.selfheal.provider.baremetal.bmc.PowerCommand;
import dev.selfheal.provider.baremetal.bmc.Protocol;
import dev.selfheal.spi.command.CommandResult;
import dev.selfheal.spi.command.CommandRunner;
import dev.selfheal.spi.command.CommandTimeoutException;
import dev.selfheal.provider.baremetal.internal.PeerText;
import dev.selfheal.spi.PermanentProviderException;
import dev.selfheal.spi.ProviderException;
import dev.selfheal.spi.RetryableProviderException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * IPMI 2.0 over LAN through {@code ipmitool -I lanplus}: {@code chassis status} (power and faults),
 * {@code chassis power on|off|soft|cycle|reset} and {@code chassis bootdev pxe}. The password reaches
 * ipmitool through its environment ({@code -E}), never its command line. Thread-safe.
 */
public final class IpmiToolDriver implements BmcDriver {

    private final IpmiSettings settings;
    private final CommandRunner runner;

    /**
     * @param settings how to run ipmitool
     * @param runner runs the ipmitool processes (shared, closed by its owner)
     */
    public IpmiToolDriver(IpmiSettings settings, CommandRunner runner) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.runner = Objects.requireNonNull(runner, "runner");
    }

    @Override
    public Protocol protocol() {
        return Protocol.IPMI;
    }

    @Override
    public String readOperation(BmcTarget target) {
        return "ipmitool:chassis status";
    }

    @Override
    public BmcReading read(BmcCall call) {
        return IpmiOutput.chassisStatus(run(call, List.of("chassis", "status")).stdout());
    }

    @Override
    public void power(BmcCall call, PowerCommand command) {
        String action = switch (command) {
            case ON -> "on";
            case FORCE_OFF -> "off";
            case GRACEFUL_SHUTDOWN -> "soft";
            case FORCE_RESTART -> settings.restartCommand();
        };
        run(call, List.of("chassis", "power", action));
    }

    @Override
    public boolean supportsNetworkBoot(BmcTarget target) {
        return true;
    }

    @Override
    public void bootOnceFromNetwork(BmcCall call) {
        List<String> args = new ArrayList<>(List.of("chassis", "bootdev", "pxe"));
        if (settings.efiBoot()) {
            args.add("options=efiboot");
        }
        run(call, args);
    }

    /** The runner is shared; its owner closes it. */
    @Override
    public void close() {
    }

    private CommandResult run(BmcCall call, List<String> args) {
        String operation = "ipmitool:" + String.join(" ", args);
        CommandResult r;
        try {
            r = runner.run(IpmiToolCommand.of(settings, call, args));
        } catch (CommandTimeoutException e) {
            throw new RetryableProviderException(call.describe(), operation, "the BMC at " + call.target().address()
                    + " did not answer within " + e.timeout() + " (ipmitool was killed); its power state is unknown (not off)", e);
        } catch (IOException e) {
            throw new PermanentProviderException(call.describe(), operation, "cannot run " + settings.tool() + " ("
                    + e.getMessage() + "); install ipmitool or set ipmi.tool", e);
        }
        if (r.exitCode() != 0) {
            throw failure(call, operation, r);
        }
        return r;
    }

    private ProviderException failure(BmcCall call, String operation, CommandResult r) {
        String output = PeerText.clean(IpmiOutput.withoutNoise(r.stderr() + "\n" + r.stdout()), call.redactor());
        String head = "ipmitool exited with " + r.exitCode() + " talking to the BMC at " + call.target().address();
        return switch (IpmiOutput.classify(output)) {
            case CREDENTIALS_REJECTED -> new PermanentProviderException(call.describe(), operation, head
                    + ": the BMC rejected the " + call.credentials() + " (wrong user name or password, or too few"
                    + " privileges for ipmi.privilege=" + settings.privilege() + "): " + output);
            case NOT_ANSWERING -> new RetryableProviderException(call.describe(), operation, head
                    + ": the BMC did not answer (no RMCP+ session within " + settings.retries() + " retries of "
                    + settings.requestTimeout() + "); its power state is unknown (not off): " + output);
            case REFUSED -> new PermanentProviderException(call.describe(), operation, head + ": " + output);
        };
    }
}
