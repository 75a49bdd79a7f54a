package dev.selfheal.image;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What an image runs and says about itself: its reference, entrypoint, environment, user, working folder,
 * OCI labels and creation time (fixed, so the same input gives the same digest).
 *
 * @param name       a fully qualified reference with a registry host and a tag, such as
 *                   {@code docker.io/library/selfheal-standalone-healer:0.1.0}
 * @param entrypoint the command and its fixed arguments
 * @param env        {@code NAME=value} entries
 * @param user       a numeric user id, such as {@code 65532}, or {@code 0} for root
 * @param workingDir an absolute path
 * @param labels     OCI labels, such as {@code org.opencontainers.image.version}
 * @param created    an RFC 3339 time, such as {@code 1970-01-01T00:00:00Z}
 */
public record ImageConfig(String name, List<String> entrypoint, List<String> env, String user, String workingDir,
                          Map<String, String> labels, String created) {

    /** Validates every field and sorts the labels. */
    public ImageConfig {
        Objects.requireNonNull(name, "name");
        if (!name.matches("[a-z0-9.-]+\\.[a-z]+(:[0-9]+)?(/[a-z0-9._-]+)+:[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("image name '" + name + "' must be fully qualified with a registry host"
                    + " and a tag, such as docker.io/library/selfheal-standalone-healer:0.1.0");
        }
        if (entrypoint == null || entrypoint.isEmpty()) {
            throw new IllegalArgumentException("entrypoint must name a command, such as /opt/java/bin/java");
        }
        for (String e : env) {
            if (!e.contains("=")) {
                throw new IllegalArgumentException("env entry '" + e + "' must be NAME=value");
            }
        }
        if (user == null || !user.matches("[0-9]+(:[0-9]+)?")) {
            throw new IllegalArgumentException("user '" + user + "' must be a numeric uid[:gid], such as 65532");
        }
        if (workingDir == null || !workingDir.startsWith("/")) {
            throw new IllegalArgumentException("workingDir '" + workingDir + "' must be an absolute path");
        }
        if (created == null || !created.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ")) {
            throw new IllegalArgumentException("created '" + created + "' must be an RFC 3339 UTC time such as 1970-01-01T00:00:00Z");
        }
        entrypoint = List.copyOf(entrypoint);
        env = List.copyOf(env);
        labels = Map.copyOf(new TreeMap<>(labels));
    }

    /** The tag, the part after the last colon. */
    public String tag() {
        return name.substring(name.lastIndexOf(':') + 1);
    }
}
