package dev.selfheal.agent.runtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A systemd unit, driven with {@code systemctl}: {@code is-active} for its state, {@code start}/{@code restart}
 * with {@code --no-block} (the health probe, not systemctl, says when it is back), and {@code daemon-reload}
 * before a restart when its unit file changed. Restarting the kubelet's unit leaves running containers alone.
 */
public final class SystemdRuntime implements ComponentRuntime {

    private static final Logger LOG = LoggerFactory.getLogger(SystemdRuntime.class);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    private final String unit;
    private final List<String> systemctl;
    private final Commands commands;

    /**
     * @param unit the unit, such as {@code kubelet.service}
     * @param systemctl the systemctl command: {@code [systemctl]}, or with a prefix such as
     *                  {@code [nsenter, -t, 1, -m, --, systemctl]} when the agent runs in a container
     * @param commands runs systemctl (its owner closes it)
     */
    public SystemdRuntime(String unit, List<String> systemctl, Commands commands) {
        this.unit = unit;
        this.systemctl = List.copyOf(systemctl);
        this.commands = commands;
    }

    @Override
    public void start() {
        call("start", "--no-block", unit);
    }

    @Override
    public void restart() {
        call("restart", "--no-block", unit);
    }

    @Override
    public RuntimeStatus status() {
        List<String> cmd = new ArrayList<>(systemctl);
        cmd.addAll(List.of("is-active", unit));
        Commands.Result r = commands.run(cmd, CALL_TIMEOUT);
        String state = r.output().strip();
        return r.exitCode() == 0 && state.equals("active") ? RuntimeStatus.running(unit + " active")
                : RuntimeStatus.stopped(unit + " " + (state.isEmpty() ? r.describe() : state));
    }

    @Override
    public void apply(String content, boolean changed) {
        if (changed) {
            LOG.info("unit file of {} changed; daemon-reload and restart", unit);
            call("daemon-reload");
            restart();
        }
    }

    @Override
    public void close() {
    }

    private void call(String... args) {
        List<String> cmd = new ArrayList<>(systemctl);
        cmd.addAll(List.of(args));
        Commands.Result r = commands.run(cmd, CALL_TIMEOUT);
        if (r.exitCode() != 0) {
            throw new IllegalStateException("systemctl " + String.join(" ", args) + " failed (" + r.describe() + "): "
                    + r.output().strip());
        }
    }
}
