package dev.selfheal.testbed.prometheus;

import dev.selfheal.testbed.process.MissingPeerException;
import dev.selfheal.testbed.process.TestbedCache;
import dev.selfheal.testbed.process.ToolRun;
import dev.selfheal.testbed.process.Versions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Debian's {@code prometheus} and {@code promtool}, as {@code testbed/provision/provision.sh prometheus} unpacks
 * them into the testbed cache, and promtool's rule checks.
 */
public final class PrometheusTools {

    private static final Duration TOOL_TIMEOUT = Duration.ofMinutes(2);

    private PrometheusTools() {
    }

    /**
     * The prometheus executable.
     *
     * @throws MissingPeerException naming the provisioning command
     */
    public static Path prometheus() {
        return TestbedCache.executable(folder(), "prometheus", "prometheus");
    }

    /**
     * The promtool executable.
     *
     * @throws MissingPeerException naming the provisioning command
     */
    public static Path promtool() {
        return TestbedCache.executable(folder(), "promtool", "prometheus");
    }

    /** {@code promtool check rules FILE...}: syntax, expressions and templates of rule files. */
    public static ToolRun checkRules(Path dir, Path... ruleFiles) {
        List<String> cmd = new ArrayList<>(List.of(promtool().toString(), "check", "rules"));
        for (Path f : ruleFiles) {
            cmd.add(f.toString());
        }
        return ToolRun.run(cmd, dir, TOOL_TIMEOUT);
    }

    /** {@code promtool test rules FILE...}: the rules' unit tests (input series, expected alerts). */
    public static ToolRun testRules(Path dir, Path... testFiles) {
        List<String> cmd = new ArrayList<>(List.of(promtool().toString(), "test", "rules"));
        for (Path f : testFiles) {
            cmd.add(f.toString());
        }
        return ToolRun.run(cmd, dir, TOOL_TIMEOUT);
    }

    private static String folder() {
        return "prometheus-" + Versions.get("PROMETHEUS_DEB_VERSION");
    }
}
