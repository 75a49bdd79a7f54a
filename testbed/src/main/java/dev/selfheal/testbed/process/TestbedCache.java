package dev.selfheal.testbed.process;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where provisioned peers live: {@code $SELFHEAL_TESTBED_CACHE}, else {@code $XDG_CACHE_HOME/selfheal-testbed},
 * else {@code ~/.cache/selfheal-testbed}; one folder per peer and version, as {@code provision.sh} lays it out.
 */
public final class TestbedCache {

    private TestbedCache() {
    }

    /** The cache root. */
    public static Path root() {
        String explicit = System.getenv("SELFHEAL_TESTBED_CACHE");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("selfheal-testbed");
    }

    /**
     * A provisioned executable.
     *
     * @param folder the peer folder, such as {@code k8s-v1.34.4} or {@code venv-moto-5.1.22}
     * @param executable the file under {@code bin/}
     * @param provisionTarget the {@code provision.sh} argument that builds it
     * @throws MissingPeerException naming the command that provisions it
     */
    public static Path executable(String folder, String executable, String provisionTarget) {
        Path p = root().resolve(folder).resolve("bin").resolve(executable);
        if (!Files.isExecutable(p) || !Files.exists(root().resolve(folder).resolve(".complete"))) {
            throw new MissingPeerException(executable + " is not provisioned (looked for " + p + "). Run: "
                    + "testbed/provision/provision.sh " + provisionTarget
                    + " (it needs Go 1.25+ for Go peers, python3 with venv and pip for Python peers; .ci/run does it)");
        }
        return p;
    }

    /**
     * A system command from a Debian package.
     *
     * @throws MissingPeerException naming the Debian package to install
     */
    public static Path systemCommand(String command, String debianPackage) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path p = Path.of(dir, command);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        for (String dir : new String[] {"/usr/sbin", "/sbin", "/usr/bin"}) {
            Path p = Path.of(dir, command);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        throw new MissingPeerException(command + " not found on PATH. Install the Debian package '" + debianPackage
                + "' (apt-get install " + debianPackage + ", or run testbed/provision/provision.sh apt)");
    }
}
