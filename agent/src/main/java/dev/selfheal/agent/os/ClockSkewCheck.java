package dev.selfheal.agent.os;

import dev.selfheal.agent.internal.HttpCall;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * {@code ClockSkew}: compares the node's clock with the {@code Date} header of a reference server. The header
 * has a one-second resolution, so the skew is known only within {@code [date - after, date + 1 s - before]}
 * (local times before and after the call); the condition turns True only when that whole interval lies beyond
 * {@code maxSkew}. When the reference does not answer, nothing is reported (the condition keeps its state). The
 * message names the skew in whole seconds, and no figure while in sync, so that it does not change (and cause
 * a node status patch) on every check.
 */
final class ClockSkewCheck implements OsCheck {

    private final ClockSettings settings;
    private final Clock clock;
    private final HttpCall http;

    ClockSkewCheck(ClockSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.http = new HttpCall(settings.caFile(), null, null, settings.insecureSkipVerify(), Duration.ofSeconds(5));
    }

    @Override
    public List<OsFinding> check() {
        long before = clock.millis();
        HttpCall.Response r;
        try {
            r = http.get(settings.reference());
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
        long after = clock.millis();
        if (r.date() <= 0) {
            return List.of();
        }
        long lo = r.date() - after;
        long hi = r.date() + 1000 - before;
        long max = settings.maxSkew().toMillis();
        long estimate = (lo + hi) / 2;
        boolean skewed = lo > max || hi < -max;
        String msg = skewed ? "node clock is about " + Math.round(-estimate / 1000.0) + " s ahead of " + settings.reference()
                + " (allowed +/- " + max + " ms)" : "node clock within +/- " + max + " ms of " + settings.reference();
        return List.of(new OsFinding(OsFinding.CLOCK_SKEW, skewed, skewed ? "ClockSkewed" : "ClockInSync", msg));
    }
}
