package dev.selfheal.core.health.checks;

import dev.selfheal.core.health.Symptom;
import dev.selfheal.core.health.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Shared judging arithmetic, parameter validation and formatting of the built-in checks. */
final class Judging {

    /** The shortest threshold a built-in check accepts. */
    static final Duration MIN_THRESHOLD = Duration.ofSeconds(1);
    /** The longest threshold a built-in check accepts. */
    static final Duration MAX_THRESHOLD = Duration.ofHours(24);
    /** The most names a built-in check lists in one attribute. */
    static final int MAX_LISTED_LIMIT = 1000;

    private Judging() {
    }

    /**
     * Judges a problem that started at {@code since} against a threshold: SUSPECT with {@code recheckAt =
     * since + threshold} while it lasted less, UNHEALTHY once it lasted the threshold or longer.
     *
     * @param what the problem, phrased to read before "since &lt;time&gt;"
     */
    static Verdict overDuration(String check, String node, Symptom symptom, String what, Instant since,
                                Duration threshold, Instant now) {
        Instant due = since.plus(threshold);
        String evidence = what + " since " + since + " (" + human(lasted(since, now)) + ", threshold "
                + human(threshold) + ")";
        return now.isBefore(due)
                ? Verdict.suspect(check, node, symptom, evidence, since, due)
                : Verdict.unhealthy(check, node, symptom, evidence, since);
    }

    /** A healthy verdict that asks to be judged again at {@code recheckAt} (a timer, not an event, may change it). */
    static Verdict healthyUntil(String check, String node, Instant recheckAt) {
        return new Verdict(check, node, Verdict.Status.HEALTHY, null, "", null, recheckAt, java.util.Map.of());
    }

    /** How long from {@code since} to {@code now}, never negative. */
    static Duration lasted(Instant since, Instant now) {
        Duration d = Duration.between(since, now);
        return d.isNegative() ? Duration.ZERO : d;
    }

    /** The later of two instants. */
    static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    /** The earlier of two instants, either possibly null. */
    static Instant minOrNull(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isBefore(b) ? a : b;
    }

    /** A duration for people: {@code 42 s}, {@code 10 min}, {@code 2 h 5 min}. */
    static String human(Duration d) {
        if (d.isNegative()) {
            return "-" + human(d.negated());
        }
        long s = d.getSeconds();
        if (s < 120) {
            return d.getNano() == 0 || s >= 10 ? s + " s" : d.toMillis() + " ms";
        }
        if (s < 7200) {
            return s % 60 == 0 ? s / 60 + " min" : s / 60 + " min " + s % 60 + " s";
        }
        long min = (s % 3600) / 60;
        return min == 0 ? s / 3600 + " h" : s / 3600 + " h " + min + " min";
    }

    /** Fails with a message naming the parameter and the allowed range unless {@code min <= value <= max}. */
    static Duration requireBetween(String param, Duration value, Duration min, Duration max) {
        String problem = durationProblem(param, value, min, max);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        return value;
    }

    /** Fails with a message naming the parameter and the allowed range unless {@code min <= value <= max}. */
    static int requireBetween(String param, int value, int min, int max) {
        String problem = intProblem(param, value, min, max);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        return value;
    }

    /** The problem with a duration parameter, or null when it is within range. */
    static String durationProblem(String param, Duration value, Duration min, Duration max) {
        String range = "between " + human(min) + " and " + human(max);
        if (value == null) {
            return param + " must be set, " + range;
        }
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            return param + " must be " + range + ", was " + human(value);
        }
        return null;
    }

    /** The problem with an integer parameter, or null when it is within range. */
    static String intProblem(String param, int value, int min, int max) {
        if (value < min || value > max) {
            return param + " must be between " + min + " and " + max + ", was " + value;
        }
        return null;
    }

    /** The first {@code max} of the names, sorted, joined with commas. */
    static String list(List<String> names, int max) {
        List<String> sorted = new ArrayList<>(names);
        Collections.sort(sorted);
        return String.join(",", sorted.subList(0, Math.min(max, sorted.size())));
    }

    /** A provider or agent text cut to a length fit for evidence. */
    static String clip(String text) {
        if (text == null || text.isBlank()) {
            return "";
        }
        String t = text.strip();
        return t.length() <= 200 ? t : t.substring(0, 197) + "...";
    }
}
