package dev.selfheal.cli;

import java.time.Duration;
import java.time.Instant;

/** Ages as kubectl shows them: {@code 45s}, {@code 3m12s}, {@code 5h4m}, {@code 2d3h}, {@code 400d}. */
public final class Ages {

    private Ages() {
    }

    /** The age of {@code since} at {@code now}; {@code <unknown>} when since is null. */
    public static String of(Instant since, Instant now) {
        if (since == null) {
            return "<unknown>";
        }
        long s = Math.max(0, Duration.between(since, now).getSeconds());
        if (s < 120) {
            return s + "s";
        }
        if (s < 600) {
            return s / 60 + "m" + (s % 60 == 0 ? "" : s % 60 + "s");
        }
        if (s < 3 * 3600) {
            return s / 60 + "m";
        }
        if (s < 8 * 3600) {
            long m = s % 3600 / 60;
            return s / 3600 + "h" + (m == 0 ? "" : m + "m");
        }
        if (s < 48 * 3600) {
            return s / 3600 + "h";
        }
        long d = s / 86400;
        long h = s % 86400 / 3600;
        return d < 8 && h != 0 ? d + "d" + h + "h" : d + "d";
    }
}
