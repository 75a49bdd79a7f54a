package dev.selfheal.examples.demo;

import dev.selfheal.examples.healer.HealerOptions;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The demo's command line: nothing (the embedded testbed), or {@code --kubeconfig FILE --config FILE} to run
 * the healer against an existing cluster.
 *
 * @param kubeconfig the existing cluster's kubeconfig, or empty for the embedded testbed
 * @param config the healer configuration for an existing cluster
 */
record DemoOptions(Optional<Path> kubeconfig, Optional<Path> config) {

    static final String USAGE = """
            usage: ./demo                                    the embedded testbed: kill a machine, watch it heal
                   ./demo --kubeconfig FILE --config FILE    run the healer against an existing cluster (Ctrl-C stops)""";

    /**
     * Parses the arguments.
     *
     * @throws IllegalArgumentException with the usage when they are wrong or incomplete
     */
    static DemoOptions parse(String... args) {
        if (args.length == 0) {
            return new DemoOptions(Optional.empty(), Optional.empty());
        }
        HealerOptions o;
        try {
            o = HealerOptions.parse(args);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage().lines().findFirst().orElse("") + "\n" + USAGE, e);
        }
        boolean hasConfig = String.join(" ", args).contains("--config");
        if (o.kubeconfig().isEmpty() || !hasConfig) {
            throw new IllegalArgumentException("an existing cluster needs both --kubeconfig and --config\n" + USAGE);
        }
        return new DemoOptions(o.kubeconfig(), Optional.of(o.config()));
    }

    boolean embedded() {
        return kubeconfig.isEmpty();
    }
}
