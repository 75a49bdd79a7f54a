package dev.selfheal.agent.etcd;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Rewrites flags in an etcd command line: {@code --flag=value} and {@code --flag value} forms alike. */
public final class EtcdFlags {

    private EtcdFlags() {
    }

    /**
     * The command with each flag set to its value: an existing flag (either form) is replaced in place, a
     * missing one is appended as {@code --flag=value}.
     */
    public static List<String> with(List<String> command, Map<String, String> flags) {
        Map<String, String> missing = new LinkedHashMap<>(flags);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < command.size(); i++) {
            String arg = command.get(i);
            String flag = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            if (!flags.containsKey(flag)) {
                out.add(arg);
                continue;
            }
            out.add(flag + "=" + flags.get(flag));
            missing.remove(flag);
            if (!arg.contains("=") && i + 1 < command.size() && !command.get(i + 1).startsWith("-")) {
                i++;
            }
        }
        missing.forEach((k, v) -> out.add(k + "=" + v));
        return out;
    }

    /** The value of a flag in the command, or null. */
    public static String value(List<String> command, String flag) {
        for (int i = 0; i < command.size(); i++) {
            String arg = command.get(i);
            if (arg.startsWith(flag + "=")) {
                return arg.substring(flag.length() + 1);
            }
            if (arg.equals(flag) && i + 1 < command.size()) {
                return command.get(i + 1);
            }
        }
        return null;
    }
}
