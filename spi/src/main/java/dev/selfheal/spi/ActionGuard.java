package dev.selfheal.spi;

/**
 * Asked immediately before every request that changes a machine (power, reboot, replace, detach), including
 * each retry a provider or its SDK makes inside one call. The healer's guard refuses once this healer may no
 * longer act (it lost, or can no longer prove, its leadership), so a healer that was paused in the middle of
 * a call never completes it after another healer took over.
 *
 * <p>Providers call {@link #check(String, String)} at the last moment before sending a mutating request;
 * read-only requests need no check.
 */
@FunctionalInterface
public interface ActionGuard {

    /** A guard that always allows (a provider used outside a healer, tools, tests). */
    ActionGuard ALWAYS = (machine, operation) -> {
    };

    /**
     * Passes when the action may be sent now.
     *
     * @param machine the machine, as in {@link MachineRef#describe()}
     * @param operation the call about to be sent, such as {@code ec2:StopInstances}
     * @throws ActionNotPermittedException when it may not
     */
    void check(String machine, String operation);
}
