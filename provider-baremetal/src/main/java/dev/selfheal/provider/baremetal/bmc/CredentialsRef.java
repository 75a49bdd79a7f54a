package dev.selfheal.provider.baremetal.bmc;

import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Where a BMC's user name and password come from. Only the reference travels (in machine attributes,
 * messages and logs); the values are read when a call needs them.
 *
 * <ul>
 *   <li>{@code secret:<name>}: the folder {@code <credentialsDir>/<name>/} with files {@code username} and
 *       {@code password}, such as a Kubernetes Secret mounted there;</li>
 *   <li>{@code dir:<absolute path>}: such a folder anywhere (config only);</li>
 *   <li>{@code env:<PREFIX>}: environment variables {@code <PREFIX>_USERNAME} and {@code <PREFIX>_PASSWORD}
 *       (config only);</li>
 *   <li>{@code config:<name>}: the provider settings {@code credentials.<name>.username} and secret
 *       {@code credentials.<name>.password}.</li>
 * </ul>
 *
 * @param kind the source
 * @param value the secret name, folder, variable prefix or config name
 */
public record CredentialsRef(Kind kind, String value) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,252}");
    private static final Pattern ENV_PREFIX = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,100}");

    /** The sources of credentials. */
    public enum Kind {
        /** A folder named after a mounted Secret under the credentials folder. */
        SECRET("secret"),
        /** An explicit folder. */
        DIR("dir"),
        /** Environment variables. */
        ENV("env"),
        /** Provider settings and secrets. */
        CONFIG("config");

        private final String prefix;

        Kind(String prefix) {
            this.prefix = prefix;
        }

        /** The prefix before the colon. */
        public String prefix() {
            return prefix;
        }
    }

    /**
     * Parses a reference.
     *
     * @param value such as {@code secret:rack-7}
     * @param fromNode whether it came from a node label or annotation: then only {@code secret:} and
     *                 {@code config:} are accepted, so editing a node cannot make the healer read any file or
     *                 variable it likes
     * @throws IllegalArgumentException saying what a good value looks like
     */
    public static CredentialsRef parse(String value, boolean fromNode) {
        String v = value == null ? "" : value.trim();
        int colon = v.indexOf(':');
        String kind = colon < 0 ? "" : v.substring(0, colon).toLowerCase(Locale.ROOT);
        String rest = colon < 0 ? "" : v.substring(colon + 1);
        switch (kind) {
            case "secret", "config" -> {
                if (!NAME.matcher(rest).matches() || rest.contains("..")) {
                    throw new IllegalArgumentException("'" + rest + "' is not a valid name (letters, digits, '.', '_', '-')");
                }
                return new CredentialsRef(kind.equals("secret") ? Kind.SECRET : Kind.CONFIG, rest);
            }
            case "dir", "env" -> {
                if (fromNode) {
                    throw new IllegalArgumentException("a node label or annotation may only name secret:<name> or"
                            + " config:<name> credentials");
                }
                if (kind.equals("dir")) {
                    if (rest.isEmpty() || !Path.of(rest).isAbsolute()) {
                        throw new IllegalArgumentException("dir: needs an absolute folder path");
                    }
                    return new CredentialsRef(Kind.DIR, Path.of(rest).normalize().toString());
                }
                if (!ENV_PREFIX.matcher(rest).matches()) {
                    throw new IllegalArgumentException("'" + rest + "' is not an environment variable prefix");
                }
                return new CredentialsRef(Kind.ENV, rest);
            }
            default -> throw new IllegalArgumentException("expected secret:<name>, config:<name>"
                    + (fromNode ? "" : ", dir:<absolute path> or env:<PREFIX>"));
        }
    }

    /** The reference in its text form, such as {@code secret:rack-7}; safe to log. */
    @Override
    public String toString() {
        return kind.prefix() + ":" + value;
    }
}
