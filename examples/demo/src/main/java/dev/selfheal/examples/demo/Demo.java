package dev.selfheal.examples.demo;

/**
 * The demo's entry point: {@code ./demo} at the repository root. With no argument it runs the embedded
 * testbed and kills a machine ({@link EmbeddedDemo}); with {@code --kubeconfig FILE --config FILE} it runs the
 * healer against that cluster ({@link ExistingClusterDemo}).
 */
public final class Demo {

    private Demo() {
    }

    /** Runs the demo; exits 0 when the killed machine was healed, 1 when not, 2 on bad arguments. */
    public static void main(String[] args) throws InterruptedException {
        DemoOptions options;
        try {
            options = DemoOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        // Decisions are printed by the timeline in the embedded demo, logged one per line otherwise.
        System.setProperty("org.slf4j.simpleLogger.log.selfheal.decisions", options.embedded() ? "warn" : "info");
        Console console = new Console(System.out);
        if (!options.embedded()) {
            try {
                new ExistingClusterDemo(console).run(options);
            } catch (IllegalArgumentException | IllegalStateException e) {
                System.err.println(e.getMessage());
                System.exit(2);
            }
            return;
        }
        boolean healed = new EmbeddedDemo(console).run();
        console.step(healed ? "Done: the machine was replaced and every workload runs again; every peer is stopped."
                : "The demo did not reach every milestone; peer logs are under target/testbed/.");
        System.exit(healed ? 0 : 1);
    }
}
