package dev.selfheal.spi;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The rules for one configuration value given as text, shared by every reader of Selfheal's configuration (the
 * healer's YAML, the node agent's YAML and providers' settings), so that a value means the same everywhere:
 * <ul>
 *   <li>text holds no control character other than tab, line feed and carriage return; names, paths and URLs
 *       hold none at all;</li>
 *   <li>a whole number is ASCII digits {@code 0-9} with an optional sign, within a stated range;</li>
 *   <li>a boolean is {@code true} or {@code false} (any letter case);</li>
 *   <li>a duration is one of {@link DurationText#ALLOWED}, within a stated range;</li>
 *   <li>a path is one the platform can represent; a URL is one the JDK's URI parser accepts, absolute, with a
 *       host and, when it names one, a port from 1 to 65535.</li>
 * </ul>
 * Each method takes the caller's error factory, which turns a message (never naming the field) into the caller's
 * exception naming the field; values are quoted with {@link #quote(String)}.
 */
public final class ConfigText {

    private static final Pattern WHOLE_NUMBER = Pattern.compile("[+-]?[0-9]{1,10}");
    private static final int QUOTE_LIMIT = 200;

    private ConfigText() {
    }

    /** The value in single quotes for a message: control characters escaped, shortened past 200 characters. */
    public static String quote(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder("'");
        value.codePoints().limit(QUOTE_LIMIT).forEach(c -> {
            if (Character.isISOControl(c)) {
                b.append(String.format(Locale.ROOT, "\\u%04X", c));
            } else {
                b.appendCodePoint(c);
            }
        });
        return b.append(value.codePointCount(0, value.length()) > QUOTE_LIMIT ? "...'" : "'").toString();
    }

    /** Text that may span lines: refuses control characters but tab, line feed and carriage return. */
    public static <X extends RuntimeException> String text(String value, Function<String, X> error) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r') {
                throw error.apply(quote(value) + " contains the control character " + quote(String.valueOf(c))
                        + "; allowed: printable text");
            }
        }
        return value;
    }

    /** A one-line value (a name, a key, an address): refuses every control character. */
    public static <X extends RuntimeException> String line(String value, Function<String, X> error) {
        if (value.chars().anyMatch(Character::isISOControl)) {
            throw error.apply(quote(value) + " contains a control character; allowed: printable text on one line");
        }
        return value;
    }

    /** A whole number from {@code min} to {@code max}: ASCII digits with an optional sign. */
    public static <X extends RuntimeException> int integer(String value, int min, int max, Function<String, X> error) {
        String s = value.strip();
        if (!WHOLE_NUMBER.matcher(s).matches()) {
            throw error.apply(quote(value) + " is not a whole number (ASCII digits 0-9 with an optional sign); allowed range: "
                    + min + " to " + max);
        }
        long n = Long.parseLong(s);
        if (n < min || n > max) {
            throw error.apply(s + " is out of range; allowed range: " + min + " to " + max);
        }
        return (int) n;
    }

    /** {@code true} or {@code false}, in any letter case. */
    public static <X extends RuntimeException> boolean bool(String value, Function<String, X> error) {
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw error.apply(quote(value) + " is not a boolean; allowed values: true, false");
        };
    }

    /** A duration ({@link DurationText}) from {@code min} to {@code max}; either bound may be null for none. */
    public static <X extends RuntimeException> Duration duration(String value, Duration min, Duration max,
                                                                 Function<String, X> error) {
        Duration d = DurationText.parse(value).orElseThrow(() -> error.apply(quote(value) + " is not a duration; use "
                + DurationText.ALLOWED));
        if ((min != null && d.compareTo(min) < 0) || (max != null && d.compareTo(max) > 0)) {
            throw error.apply(d + " is out of range; allowed range: " + (min == null ? "0s" : min) + " to "
                    + (max == null ? "any" : max));
        }
        return d;
    }

    /** A file or folder path: not blank, no control character, representable on this platform. */
    public static <X extends RuntimeException> Path path(String value, Function<String, X> error) {
        if (value.isBlank()) {
            throw error.apply("must be a file or folder path, not blank");
        }
        line(value, m -> error.apply(quote(value) + " contains a control character; allowed: a file or folder path"));
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            throw error.apply(quote(value) + " is not a valid path: " + e.getReason());
        }
    }

    /**
     * An absolute URL with a host and, when it names one, a port from 1 to 65535.
     *
     * @param schemes the allowed schemes in lower case; empty for any
     */
    public static <X extends RuntimeException> URI url(String value, Set<String> schemes, Function<String, X> error) {
        String allowed = schemes.isEmpty() ? "an absolute URL such as https://host:port"
                : "an " + String.join(" or ", new TreeSet<>(schemes).stream().map(s -> s + "://").toList())
                        + " URL such as " + new TreeSet<>(schemes).last() + "://host:port";
        line(value, m -> error.apply(quote(value) + " contains a control character; allowed: " + allowed));
        URI u;
        try {
            u = new URI(value.strip());
        } catch (URISyntaxException e) {
            throw error.apply(quote(value) + " is not a URI: " + e.getReason() + " at index " + e.getIndex() + "; allowed: " + allowed);
        }
        if (!u.isAbsolute() || u.isOpaque()) {
            throw error.apply(quote(value) + " is not an absolute URI; allowed: " + allowed);
        }
        if (!schemes.isEmpty() && !schemes.contains(u.getScheme().toLowerCase(Locale.ROOT))) {
            throw error.apply(quote(value) + " has scheme " + quote(u.getScheme()) + "; allowed: " + allowed);
        }
        if (u.getHost() == null) {
            throw error.apply(quote(value) + " has no host name or address; allowed: " + allowed);
        }
        if (u.getPort() == 0 || u.getPort() > 65535 || u.getPort() < -1) {
            throw error.apply(quote(value) + " has port " + u.getPort() + "; allowed: a port from 1 to 65535");
        }
        return u;
    }
}
