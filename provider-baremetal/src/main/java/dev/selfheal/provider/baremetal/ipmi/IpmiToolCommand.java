package dev.selfheal.provider.baremetal.ipmi;

import dev.selfheal.provider.baremetal.bmc.BmcCall;
import dev.selfheal.spi.command.CommandSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds {@code ipmitool -I lanplus} command lines. The password goes into the child's environment as
 * {@code IPMI_PASSWORD} and ipmitool reads it from there ({@code -E}): it is never an argument, so it never
 * shows in a process list.
 */
final class IpmiToolCommand {

    /** The IPMI LAN port. */
    static final int DEFAULT_PORT = 623;
    /** The environment variable ipmitool's {@code -E} reads. */
    static final String PASSWORD_VARIABLE = "IPMI_PASSWORD";

    private IpmiToolCommand() {
    }

    /** The spec for {@code ipmitool ... <args>} against the call's BMC. */
    static CommandSpec of(IpmiSettings settings, BmcCall call, List<String> args) {
        List<String> cmd = new ArrayList<>(List.of(settings.tool(), "-I", "lanplus",
                "-H", call.target().address().host().replace("[", "").replace("]", ""),
                "-p", Integer.toString(call.target().address().portOr(DEFAULT_PORT)),
                "-U", call.credentials().username(), "-E",
                "-C", Integer.toString(settings.cipherSuite()),
                "-L", settings.privilege(),
                "-N", Long.toString(Math.max(1, settings.requestTimeout().toSeconds())),
                "-R", Integer.toString(settings.retries()),
                "-v"));
        cmd.addAll(args);
        return new CommandSpec(cmd, Map.of(PASSWORD_VARIABLE, call.revealPassword()), null, settings.callTimeout());
    }
}
