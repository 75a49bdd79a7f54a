package dev.selfheal.spi;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one duration syntax of Selfheal's configuration: the healer's YAML, the node agent's file and provider
 * settings all read durations through it. Accepted: a whole number with a unit, {@code 500ms}, {@code 30s},
 * {@code 5m}, {@code 1h} (a space before the unit is allowed); a bare whole number, read as seconds; or
 * ISO-8601 such as {@code PT30S} (any letter case).
 */
public final class DurationText {

    /** The accepted forms, for error messages. */
    public static final String ALLOWED = "500ms, 30s, 5m, 1h, a number of seconds, or ISO-8601 such as PT30S";

    private static final Pattern WITH_UNIT = Pattern.compile("(\\d{1,18})\\s*(ms|s|m|h)?");

    private DurationText() {
    }

    /** The duration the text names, or empty when it names none (null, blank, negative, unknown unit). */
    public static Optional<Duration> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String s = text.strip().toLowerCase(Locale.ROOT);
        Matcher m = WITH_UNIT.matcher(s);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            String unit = m.group(2) == null ? "s" : m.group(2);
            try {
                return Optional.of(switch (unit) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    default -> Duration.ofHours(n);
                });
            } catch (ArithmeticException e) {
                return Optional.empty();
            }
        }
        if (s.startsWith("p")) {
            try {
                Duration d = Duration.parse(s.toUpperCase(Locale.ROOT));
                return d.isNegative() ? Optional.empty() : Optional.of(d);
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }
}
