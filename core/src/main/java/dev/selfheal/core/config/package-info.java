/**
 * Selfheal's configuration: immutable records validated when built, with defaults for production, and
 * YAML loading. A bad value fails at once with an {@link dev.selfheal.core.config.InvalidConfigException}
 * naming the field and what is allowed.
 */
package dev.selfheal.core.config;
