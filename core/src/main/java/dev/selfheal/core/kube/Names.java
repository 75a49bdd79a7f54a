package dev.selfheal.core.kube;

import java.time.Duration;
import java.util.regex.Pattern;

/** Validation of the options of this package, with the field and the bad value in every message. */
final class Names {

    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern DNS_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");

    private Names() {
    }

    /** A namespace or ServiceAccount-like name: a DNS-1123 label. */
    static String require(String field, String value) {
        if (value == null || !DNS_LABEL.matcher(value).matches()) {
            throw new IllegalArgumentException(field + " must be a DNS-1123 label (lower-case letters, digits and '-', "
                    + "at most 63 characters), got '" + value + "'");
        }
        return value;
    }

    /** An object name: a DNS-1123 subdomain. */
    static String object(String field, String value) {
        if (value == null || !DNS_SUBDOMAIN.matcher(value).matches()) {
            throw new IllegalArgumentException(field + " must be a DNS-1123 subdomain (lower-case letters, digits, "
                    + "'-' and '.', at most 253 characters), got '" + value + "'");
        }
        return value;
    }

    /** A non-blank free-form value. */
    static String text(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank, got '" + value + "'");
        }
        return value;
    }

    /** A duration within [min, max]. */
    static Duration within(String field, Duration value, Duration min, Duration max) {
        if (value == null || value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new IllegalArgumentException(field + " must be between " + min + " and " + max + ", got " + value);
        }
        return value;
    }
}
