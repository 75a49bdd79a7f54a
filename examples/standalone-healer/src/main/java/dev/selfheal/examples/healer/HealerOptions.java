package dev.selfheal.examples.healer;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The command line of the standalone healer.
 *
 * @param kubeconfig the kubeconfig file, or empty for the usual discovery (in-cluster ServiceAccount, then
 *                   {@code $KUBECONFIG}, then {@code ~/.kube/config})
 * @param config the healer's YAML configuration
 */
public record HealerOptions(Optional<Path> kubeconfig, Path config) {

    /** The usage text. */
    public static final String USAGE = """
            usage: standalone-healer [--kubeconfig FILE] [--config FILE]
              --kubeconfig FILE  the cluster to heal (default: in-cluster ServiceAccount, $KUBECONFIG, ~/.kube/config)
              --config FILE      the healer's YAML configuration (default /etc/selfheal/selfheal.yaml)""";

    /** The configuration file read when none is given. */
    public static final Path DEFAULT_CONFIG = Path.of("/etc/selfheal/selfheal.yaml");

    /**
     * Parses {@code --kubeconfig FILE} and {@code --config FILE} ({@code --name=value} works too).
     *
     * @throws IllegalArgumentException naming the bad argument, with the usage
     */
    public static HealerOptions parse(String... args) {
        Path kubeconfig = null;
        Path config = DEFAULT_CONFIG;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            String value;
            if (arg.contains("=")) {
                value = arg.substring(arg.indexOf('=') + 1);
            } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                value = args[++i];
            } else {
                value = null;
            }
            switch (name) {
                case "--kubeconfig" -> kubeconfig = Path.of(require(name, value));
                case "--config" -> config = Path.of(require(name, value));
                default -> throw new IllegalArgumentException("unknown argument '" + arg + "'\n" + USAGE);
            }
        }
        return new HealerOptions(Optional.ofNullable(kubeconfig), config);
    }

    private static String require(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " needs a file\n" + USAGE);
        }
        return value;
    }
}
