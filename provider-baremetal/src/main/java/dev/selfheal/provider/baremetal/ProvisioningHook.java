package dev.selfheal.provider.baremetal;

import dev.selfheal.provider.baremetal.bmc.BmcCall;
import dev.selfheal.provider.baremetal.bmc.BmcTarget;
import dev.selfheal.spi.command.CommandResult;
import dev.selfheal.spi.command.CommandRunner;
import dev.selfheal.spi.command.CommandSpec;
import dev.selfheal.spi.command.CommandTimeoutException;
import dev.selfheal.provider.baremetal.internal.PeerText;
import dev.selfheal.spi.PermanentProviderException;
import dev.selfheal.spi.RetryableProviderException;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a site's own provisioning command (a Metal3, MAAS or Tinkerbell client, a script) when a machine is
 * replaced. It gets the node name as its argument and the machine in environment variables
 * ({@code SELFHEAL_NODE}, {@code SELFHEAL_MACHINE_ID}, {@code SELFHEAL_BMC_PROTOCOL}, {@code SELFHEAL_BMC_ADDRESS},
 * {@code SELFHEAL_BMC_SYSTEM}, {@code SELFHEAL_BMC_CREDENTIALS} (the reference, never the values) and
 * {@code SELFHEAL_REPLACE_STEP}: {@code before-pxe-boot} or {@code provision}). Exit 0 means started,
 * 75 (EX_TEMPFAIL) try again later, anything else failed; a line {@code replacement=<id>} on stdout names
 * the new machine.
 */
final class ProvisioningHook {

    static final String OPERATION = "replace.hook";
    static final int EX_TEMPFAIL = 75;

    /**
     * What the hook reported.
     *
     * @param replacementId the {@code replacement=<id>} it printed, or {@code null}
     * @param output its other output, cleaned and shortened
     */
    record Outcome(String replacementId, String output) {
    }

    private final ReplaceSettings settings;
    private final CommandRunner runner;

    ProvisioningHook(ReplaceSettings settings, CommandRunner runner) {
        this.settings = settings;
        this.runner = runner;
    }

    /** Runs the hook for a machine; {@code step} tells it whether a PXE boot follows. */
    Outcome run(BmcCall call, String step) {
        CommandResult r;
        try {
            r = runner.run(new CommandSpec(List.of(settings.hook().toString(), call.machine().nodeName()),
                    environment(call, step), null, settings.hookTimeout()));
        } catch (CommandTimeoutException e) {
            throw new RetryableProviderException(call.describe(), OPERATION, e.getMessage(), e);
        } catch (IOException e) {
            throw new PermanentProviderException(call.describe(), OPERATION, "cannot run " + settings.hook() + ": "
                    + e.getMessage(), e);
        }
        String replacement = null;
        StringBuilder other = new StringBuilder();
        for (String line : r.stdout().split("\\R")) {
            if (line.startsWith("replacement=") && line.length() > "replacement=".length()) {
                replacement = line.substring("replacement=".length()).trim();
            } else {
                other.append(line).append('\n');
            }
        }
        String output = PeerText.clean(other + r.stderr(), call.redactor());
        if (r.exitCode() == EX_TEMPFAIL) {
            throw new RetryableProviderException(call.describe(), OPERATION, settings.hook() + " asked to try again later"
                    + " (exit 75): " + output);
        }
        if (r.exitCode() != 0) {
            throw new PermanentProviderException(call.describe(), OPERATION, settings.hook() + " failed with exit code "
                    + r.exitCode() + ": " + output);
        }
        return new Outcome(replacement, output);
    }

    private static Map<String, String> environment(BmcCall call, String step) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SELFHEAL_NODE", call.machine().nodeName());
        env.put("SELFHEAL_MACHINE_ID", call.machine().id());
        env.put("SELFHEAL_REPLACE_STEP", step);
        Map<String, String> attributes = call.target().attributes();
        env.put("SELFHEAL_BMC_PROTOCOL", attributes.get(BmcTarget.PROTOCOL));
        env.put("SELFHEAL_BMC_ADDRESS", attributes.getOrDefault(BmcTarget.ADDRESS, ""));
        env.put("SELFHEAL_BMC_SYSTEM", attributes.getOrDefault(BmcTarget.SYSTEM, ""));
        env.put("SELFHEAL_BMC_CREDENTIALS", attributes.getOrDefault(BmcTarget.CREDENTIALS, ""));
        return env;
    }
}
