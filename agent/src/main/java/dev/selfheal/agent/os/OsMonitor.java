package dev.selfheal.agent.os;

import dev.selfheal.agent.report.ConditionBoard;
import dev.selfheal.agent.runtime.Commands;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the OS checks ({@link FilesystemCheck}, {@link KernelLogCheck}, {@link ClockSkewCheck}) and puts their
 * node conditions on the {@link ConditionBoard}. Several checks may speak of one condition type (the kernel log
 * and the file system check both of {@code ReadonlyFilesystem}): it is True when any of them finds a problem.
 */
public final class OsMonitor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OsMonitor.class);

    private final List<OsCheck> checks;
    private final ConditionBoard board;

    OsMonitor(List<OsCheck> checks, ConditionBoard board) {
        this.checks = List.copyOf(checks);
        this.board = board;
    }

    /** The built-in checks a configuration asks for. */
    public static OsMonitor of(OsCheckSettings s, java.nio.file.Path stateDir, Clock clock, ConditionBoard board,
                               Commands commands) {
        List<OsCheck> checks = new ArrayList<>();
        if (s.enabled()) {
            checks.add(new FilesystemCheck(s, stateDir, commands));
            if (s.kernelLog() != null && !s.kernelPatterns().isEmpty()) {
                checks.add(new KernelLogCheck(s.kernelLog(), s.kernelPatterns()));
            }
            if (s.clock() != null) {
                checks.add(new ClockSkewCheck(s.clock(), clock));
            }
        }
        return new OsMonitor(checks, board);
    }

    /** Runs every check once. Never throws. */
    public void run() {
        Map<String, OsFinding> merged = new LinkedHashMap<>();
        for (OsCheck c : checks) {
            List<OsFinding> found;
            try {
                found = c.check();
            } catch (RuntimeException e) {
                LOG.warn("OS check {} failed: {}", c.getClass().getSimpleName(), e.toString());
                continue;
            }
            for (OsFinding f : found) {
                OsFinding old = merged.get(f.type());
                if (old == null || (f.problem() && !old.problem())) {
                    merged.put(f.type(), f);
                }
            }
        }
        merged.values().forEach(f -> board.set(f.type(), f.problem(), f.reason(), f.message()));
    }

    @Override
    public void close() {
        for (OsCheck c : checks) {
            if (c instanceof AutoCloseable a) {
                try {
                    a.close();
                } catch (Exception e) {
                    LOG.debug("closing {}: {}", c, e.toString());
                }
            }
        }
    }
}
