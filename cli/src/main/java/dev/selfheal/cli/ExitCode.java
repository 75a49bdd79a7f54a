package dev.selfheal.cli;

/**
 * The exit codes of {@code selfheal}, as its help and README list them.
 */
public final class ExitCode {

    /** The command did what was asked. */
    public static final int OK = 0;
    /** Something unexpected failed (the message says what). */
    public static final int FAILED = 1;
    /** The command line is wrong: unknown command or option, missing or bad value. */
    public static final int USAGE = 2;
    /** The cluster cannot be reached, or the kubeconfig or context cannot be used. */
    public static final int UNREACHABLE = 3;
    /** What was asked for does not exist: no remediation records, an unknown node. */
    public static final int NOT_FOUND = 4;
    /** The configuration file given to {@code dry-run} or {@code explain} is invalid. */
    public static final int INVALID_CONFIG = 5;
    /** The cluster refused the request (RBAC: the kubeconfig's identity may not read or write it). */
    public static final int FORBIDDEN = 6;

    private ExitCode() {
    }
}
