package dev.selfheal.examples.healer;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The command line of the standalone healer.
 *
 * @param kubeconfig the kubeconfig file, or empty for the usual discovery (in-cluster ServiceAccount, then
 *                   {@code $KUBECONFIG}, then {@code ~/.kube/config})
 * @param config the healer's YAML configuration
 * @param metricsPort the port of {@code /metrics}, {@code /healthz} and {@code /readyz} (0: any free port)
 */
public record HealerOptions(Optional<Path> kubeconfig, Path config, int metricsPort) {

    /** The usage text. */
    public static final String USAGE = """
            usage: standalone-healer [--kubeconfig FILE] [--config FILE] [--metrics-port PORT]
              --kubeconfig FILE    the cluster to heal (default: in-cluster ServiceAccount, $KUBECONFIG, ~/.kube/config)
              --config FILE        the healer's YAML configuration (default /etc/selfheal/selfheal.yaml)
              --metrics-port PORT  serves /metrics, /healthz and /readyz on all interfaces (default 8080; 0-65535)""";

    /** The configuration file read when none is given. */
    public static final Path DEFAULT_CONFIG = Path.of("/etc/selfheal/selfheal.yaml");

    /** The port of the metrics and probe endpoints when none is given. */
    public static final int DEFAULT_METRICS_PORT = 8080;

    /** Options with the default metrics port. */
    public HealerOptions(Optional<Path> kubeconfig, Path config) {
        this(kubeconfig, config, DEFAULT_METRICS_PORT);
    }

    /**
     * Parses {@code --kubeconfig FILE}, {@code --config FILE} and {@code --metrics-port PORT} ({@code --name=value}
     * works too).
     *
     * @throws IllegalArgumentException naming the bad argument, with the usage
     */
    public static HealerOptions parse(String... args) {
        Path kubeconfig = null;
        Path config = DEFAULT_CONFIG;
        int metricsPort = DEFAULT_METRICS_PORT;
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
                case "--kubeconfig" -> kubeconfig = Path.of(require(name, value, "a file"));
                case "--config" -> config = Path.of(require(name, value, "a file"));
                case "--metrics-port" -> metricsPort = port(name, require(name, value, "a port"));
                default -> throw new IllegalArgumentException("unknown argument '" + arg + "'\n" + USAGE);
            }
        }
        return new HealerOptions(Optional.ofNullable(kubeconfig), config, metricsPort);
    }

    private static int port(String name, String value) {
        try {
            int port = Integer.parseInt(value);
            if (port >= 0 && port <= 65535 && value.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + " must be a whole number from 0 to 65535, not '" + value + "'\n" + USAGE);
    }

    private static String require(String name, String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " needs " + what + "\n" + USAGE);
        }
        return value;
    }
}
