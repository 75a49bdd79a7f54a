package dev.selfheal.deploy;

import dev.selfheal.testbed.process.Workspace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A values file for a healer that heals quickly on the testbed: 20 s thresholds (kwok renews node Leases every 10 s), short step limits, pods released by
 * force deletion (the testbed has no CSI driver), and the AWS provider on moto with its keys from the Secret
 * {@code aws-credentials} that the chart mounts.
 */
final class HealingValues {

    private HealingValues() {
    }

    /** Writes the file for moto at {@code endpoint} in {@code region}; returns its path. */
    static Path write(String endpoint, String region) {
        String yaml = String.join("\n",
                "credentials:",
                "  existingSecret: aws-credentials",
                "config:",
                "  checks: {notReadyAfter: 20s, heartbeatLostAfter: 20s}",
                "  gates: {maxUnhealthy: 50%, backoff: 0s, stormCooldown: 0s}",
                "  recovery:",
                "    releaseMode: FORCE_DELETE",
                "    burnIn: 3s",
                "    stepTimeouts: {reboot: 5s, fence: 60s, release: 60s, replace: 90s, remove-node: 60s}",
                "  providers:",
                "    - type: aws",
                "      settings:",
                "        region: " + region,
                "        endpoint: \"" + endpoint + "\"",
                "        credentials: static",
                "        apiCallTimeout: 10s",
                "        operationTimeout: 60s",
                "        replaceTimeout: 60s",
                "        pollInterval: 200ms",
                "      secretsFromFiles:",
                "        accessKeyId: /etc/selfheal/secrets/accessKeyId",
                "        secretAccessKey: /etc/selfheal/secrets/secretAccessKey",
                "");
        try {
            Path file = Workspace.newDir("helm-values").resolve("healing.yaml");
            Files.writeString(file, yaml);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
