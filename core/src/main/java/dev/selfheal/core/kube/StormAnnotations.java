package dev.selfheal.core.kube;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selfheal.core.safety.StormState;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The storm state as the annotations of its Lease: the cluster's in three annotations of ISO-8601 instants (the
 * format since the first version), and the failure domains' in a fourth, {@value #DOMAINS}, a JSON object from each
 * domain to its {@code since}, {@code lastSeen} and {@code cooldownUntil}. A Lease written before domains existed
 * reads as no domain storm; a healer of that version reading a newer Lease ignores the fourth annotation.
 */
final class StormAnnotations {

    static final String SINCE = "selfheal.dev/storm-since";
    static final String LAST_SEEN = "selfheal.dev/storm-last-seen";
    static final String COOLDOWN_UNTIL = "selfheal.dev/storm-cooldown-until";
    static final String DOMAINS = "selfheal.dev/storm-domains";

    private static final Logger LOG = LoggerFactory.getLogger(StormAnnotations.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Map<String, String>>> DOMAIN_MAP = new TypeReference<>() {
    };

    private StormAnnotations() {
    }

    /** The annotations that hold {@code state}. */
    static Map<String, String> write(StormState state) {
        Map<String, String> a = new HashMap<>();
        a.put(SINCE, text(state.since()));
        a.put(LAST_SEEN, text(state.lastSeen()));
        a.put(COOLDOWN_UNTIL, text(state.cooldownUntil()));
        Map<String, Map<String, String>> domains = new TreeMap<>();
        state.domains().forEach((d, s) -> {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("since", text(s.since()));
            m.put("lastSeen", text(s.lastSeen()));
            m.put("cooldownUntil", text(s.cooldownUntil()));
            domains.put(d, m);
        });
        try {
            a.put(DOMAINS, JSON.writeValueAsString(domains));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the failure domains' storm state", e);
        }
        return a;
    }

    /** The state these annotations hold; unreadable values read as not set (no freeze is invented). */
    static StormState read(Map<String, String> a) {
        Map<String, StormState> domains = new HashMap<>();
        String json = a.get(DOMAINS);
        if (json != null && !json.isBlank()) {
            try {
                JSON.readValue(json, DOMAIN_MAP).forEach((d, m) -> {
                    if (m != null) {
                        domains.put(d, new StormState(instant(m.get("since")), instant(m.get("lastSeen")), instant(m.get("cooldownUntil"))));
                    }
                });
            } catch (JsonProcessingException e) {
                LOG.warn("the annotation {} of the storm state Lease is not a JSON object of domains; ignoring it", DOMAINS);
            }
        }
        return new StormState(instant(a.get(SINCE)), instant(a.get(LAST_SEEN)), instant(a.get(COOLDOWN_UNTIL)), domains);
    }

    private static String text(Instant value) {
        return value == null ? "" : value.toString();
    }

    private static Instant instant(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }
}
