package dev.selfheal.examples.nodeagent;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** {@code <command> --option value ...}: the command and its options, unknown options refused by name. */
final class CommandLine {

    private final String command;
    private final Map<String, String> options;

    private CommandLine(String command, Map<String, String> options) {
        this.command = command;
        this.options = options;
    }

    /**
     * Parses arguments.
     *
     * @param known options each command accepts, without dashes
     * @throws IllegalArgumentException naming the bad argument and what is allowed
     */
    static CommandLine parse(String[] args, Map<String, Set<String>> known) {
        String command = args.length == 0 || args[0].startsWith("--") ? "run" : args[0];
        Set<String> allowed = known.get(command);
        if (allowed == null) {
            throw new IllegalArgumentException("unknown command '" + command + "'; commands: " + known.keySet());
        }
        Map<String, String> options = new LinkedHashMap<>();
        List<String> rest = List.of(args).subList(args.length == 0 || args[0].startsWith("--") ? 0 : 1, args.length);
        for (int i = 0; i < rest.size(); i++) {
            String a = rest.get(i);
            String name = a.startsWith("--") ? a.substring(2) : null;
            if (name == null || !allowed.contains(name)) {
                throw new IllegalArgumentException("unknown option '" + a + "' for " + command + "; options: "
                        + allowed.stream().map(o -> "--" + o).toList());
            }
            if (i + 1 >= rest.size()) {
                throw new IllegalArgumentException("option --" + name + " needs a value");
            }
            options.put(name, rest.get(++i));
        }
        return new CommandLine(command, options);
    }

    String command() {
        return command;
    }

    Optional<String> option(String name) {
        return Optional.ofNullable(options.get(name));
    }

    Path requiredPath(String name) {
        return Path.of(option(name).orElseThrow(() -> new IllegalArgumentException(command + " needs --" + name)));
    }
}
