package dev.selfheal.core.health;

/**
 * A node taint.
 *
 * @param key the key
 * @param value the value, possibly null
 * @param effect NoSchedule, PreferNoSchedule or NoExecute
 */
public record TaintView(String key, String value, String effect) {
}
