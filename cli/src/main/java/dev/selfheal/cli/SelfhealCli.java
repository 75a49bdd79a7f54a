package dev.selfheal.cli;

import java.io.PrintWriter;
import java.time.Clock;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code selfheal}, also the kubectl plugin {@code kubectl selfheal}: reads the records the healer writes in the
 * cluster, explains what it would do, pauses and resumes it, and dry-runs a configuration against a live cluster.
 * Exit codes are those of {@link ExitCode}.
 */
@Command(name = "selfheal", mixinStandardHelpOptions = true, versionProvider = Version.class,
        subcommands = {StatusCommand.class, ExplainCommand.class, HistoryCommand.class, PauseCommand.class,
                ResumeCommand.class, DryRunCommand.class},
        description = "Shows and steers the Selfheal healer of a cluster through the records it keeps there.",
        footerHeading = "%nExit codes:%n",
        footer = {"  0  done", "  1  an unexpected failure (the message says what)", "  2  a wrong command line",
                "  3  the cluster cannot be reached, or the kubeconfig or context cannot be used",
                "  4  not found: no remediation records, an unknown node, no Selfheal namespace",
                "  5  the configuration file is invalid", "  6  the API server refused (RBAC)"})
public final class SelfhealCli implements Runnable {

    /** The system property the launchers set to name the command ({@code kubectl selfheal} for the plugin). */
    public static final String NAME_PROPERTY = "selfheal.command";

    @Spec
    CommandSpec spec;

    private final Clock clock;

    /** @param clock the clock of ages and of judging */
    public SelfhealCli(Clock clock) {
        this.clock = clock;
    }

    /** The clock. */
    Clock clock() {
        return clock;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is needed: "
                + String.join(", ", spec.subcommands().keySet()));
    }

    /** Runs the command line and exits with its {@link ExitCode}. */
    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        System.exit(run(Clock.systemUTC(), out, err, args));
    }

    /** Runs a command line, writing to {@code out} and {@code err}; returns the exit code. */
    public static int run(Clock clock, PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = commandLine(clock);
        cl.setOut(out);
        cl.setErr(err);
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /** The command line, with the exit codes and error handling of {@link ExitCode}. */
    static CommandLine commandLine(Clock clock) {
        CommandLine cl = new CommandLine(new SelfhealCli(clock));
        cl.setCommandName(System.getProperty(NAME_PROPERTY, "selfheal"));
        cl.registerConverter(OutputFormat.class, OutputFormat::parse);
        cl.setExecutionExceptionHandler((e, line, parsed) -> {
            if (e instanceof CliException c) {
                line.getErr().println("error: " + c.getMessage());
                return c.exitCode();
            }
            line.getErr().println("error: " + Cluster.firstLine(String.valueOf(e.getMessage())));
            return ExitCode.FAILED;
        });
        return cl;
    }
}
