package dev.selfheal.core.config;

import dev.selfheal.spi.ConfigText;

/**
 * How many nodes may look unhealthy at once before Selfheal stops starting remediations (storm protection):
 * an absolute count ({@code 5}) or a percentage of all nodes ({@code 40%}).
 *
 * @param value the count or percentage
 * @param percentage whether {@code value} is a percentage
 */
public record MaxUnhealthy(int value, boolean percentage) {

    /** Validates the value. */
    public MaxUnhealthy {
        Validate.range("gates.maxUnhealthy", value, 0, percentage ? 100 : 1_000_000);
    }

    /**
     * Parses {@code "5"} or {@code "40%"}.
     *
     * @throws InvalidConfigException naming {@code gates.maxUnhealthy}
     */
    public static MaxUnhealthy parse(String text) {
        return parse("gates.maxUnhealthy", text);
    }

    /**
     * Parses {@code "5"} or {@code "40%"} given for {@code field}.
     *
     * @throws InvalidConfigException naming {@code field}
     */
    public static MaxUnhealthy parse(String field, String text) {
        String t = text == null ? "" : text.trim();
        boolean percentage = t.endsWith("%");
        String number = percentage ? t.substring(0, t.length() - 1).trim() : t;
        return new MaxUnhealthy(ConfigText.integer(number, 0, percentage ? 100 : 1_000_000, m -> new InvalidConfigException(
                field, ConfigText.quote(text) + " is not a count or a percentage (" + m
                        + "); allowed: 0..1000000 or 0%..100%")), percentage);
    }

    /**
     * The largest number of unhealthy nodes tolerated among {@code total} nodes. A percentage rounds down but,
     * unless it is {@code 0%}, tolerates at least one node: in a cluster of one or two nodes a single failure
     * is not a storm, two at once are.
     */
    public int limit(int total) {
        if (!percentage) {
            return value;
        }
        return value == 0 ? 0 : Math.max(1, (int) Math.floor(total * value / 100.0));
    }

    @Override
    public String toString() {
        return percentage ? value + "%" : Integer.toString(value);
    }
}
