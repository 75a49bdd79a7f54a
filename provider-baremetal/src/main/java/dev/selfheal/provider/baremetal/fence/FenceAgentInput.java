package dev.selfheal.provider.baremetal.fence;

import dev.selfheal.provider.baremetal.bmc.BmcCall;
import dev.selfheal.provider.baremetal.bmc.BmcTarget;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code key=value} lines a ClusterLabs fence agent reads on stdin when started without arguments
 * (the protocol Pacemaker uses): {@code action}, then {@code ip}, {@code ipport}, {@code username},
 * {@code password} and {@code plug} from the machine's BMC, then the configured options.
 */
final class FenceAgentInput {

    private FenceAgentInput() {
    }

    /**
     * The input for one action.
     *
     * @throws IllegalArgumentException when a value would break the line protocol (a line break)
     */
    static String of(String action, BmcCall call, Map<String, String> options) {
        Map<String, String> lines = new LinkedHashMap<>();
        lines.put("action", action);
        BmcTarget t = call.target();
        if (t.address() != null) {
            lines.put("ip", t.address().host().replace("[", "").replace("]", ""));
            if (t.address().port() != -1) {
                lines.put("ipport", Integer.toString(t.address().port()));
            }
        }
        if (call.credentials() != null) {
            lines.put("username", call.credentials().username());
            lines.put("password", call.credentials().password().reveal());
        }
        if (t.system() != null) {
            lines.put("plug", t.system());
        }
        lines.putAll(options);
        StringBuilder b = new StringBuilder();
        lines.forEach((k, v) -> {
            if (v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
                throw new IllegalArgumentException("the fence agent input '" + k + "' contains a line break");
            }
            b.append(k).append('=').append(v).append('\n');
        });
        return b.toString();
    }
}
