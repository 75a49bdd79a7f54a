package dev.selfheal.testbed.helm;

import dev.selfheal.testbed.process.MissingPeerException;
import dev.selfheal.testbed.process.TestbedCache;
import dev.selfheal.testbed.process.ToolRun;
import dev.selfheal.testbed.process.Versions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The pinned {@code helm} ({@code HELM_VERSION}, provisioned by {@code testbed/provision/provision.sh helm}). Runs
 * with its own configuration, cache and data folders under {@code home}, so it never reads or writes the user's.
 *
 * @param executable the helm binary
 * @param home the folder for helm's configuration, cache and data
 */
public record Helm(Path executable, Path home) {

    private static final Duration TOOL_TIMEOUT = Duration.ofMinutes(2);

    /**
     * The provisioned helm with its folders under {@code home}.
     *
     * @throws MissingPeerException naming the provisioning command
     */
    public static Helm in(Path home) {
        return new Helm(TestbedCache.executable("helm-" + Versions.get("HELM_VERSION"), "helm", "helm"), home);
    }

    /** Runs {@code helm ARGS...} in {@code home}. */
    public ToolRun run(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add("env");
        for (Map.Entry<String, String> e : Map.of("HELM_CONFIG_HOME", "config", "HELM_CACHE_HOME", "cache",
                "HELM_DATA_HOME", "data").entrySet()) {
            cmd.add(e.getKey() + "=" + home.resolve(e.getValue()));
        }
        cmd.add(executable.toString());
        cmd.addAll(List.of(args));
        return ToolRun.run(cmd, home, TOOL_TIMEOUT);
    }
}
