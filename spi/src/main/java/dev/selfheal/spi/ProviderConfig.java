package dev.selfheal.spi;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The configuration of one provider instance: its type, a name, plain settings and secrets, read
 * through typed accessors that reject a bad value with an {@link InvalidProviderConfigException}
 * naming the field and what is allowed. Immutable; build one with {@link #builder(String)}.
 *
 * <p>Durations accept ISO-8601 ({@code PT30S}) or a number with a unit ({@code 500ms}, {@code 30s},
 * {@code 5m}, {@code 1h}). Secrets are held as {@link Secret} and never appear in {@link #toString()}.
 */
public final class ProviderConfig {

    private final String type;
    private final String name;
    private final Map<String, String> settings;
    private final Map<String, Secret> secrets;

    private ProviderConfig(Builder b) {
        this.type = b.type;
        this.name = b.name == null ? b.type : b.name;
        this.settings = Map.copyOf(b.settings);
        this.secrets = Map.copyOf(b.secrets);
    }

    /** A builder for a provider of the given type. */
    public static Builder builder(String type) {
        return new Builder(type);
    }

    /** The provider type, such as {@code "aws"}. */
    public String type() {
        return type;
    }

    /** The instance name (defaults to the type); several instances of one type may coexist. */
    public String name() {
        return name;
    }

    /** The plain setting keys present. */
    public Set<String> keys() {
        return settings.keySet();
    }

    /** A plain setting, when present and not blank. */
    public Optional<String> string(String key) {
        return Optional.ofNullable(settings.get(key)).map(String::trim).filter(v -> !v.isEmpty());
    }

    /** A plain setting with a default. */
    public String string(String key, String defaultValue) {
        return string(key).orElse(defaultValue);
    }

    /** A required plain setting. */
    public String require(String key) {
        return string(key).orElseThrow(() -> invalid(key, "is required but missing"));
    }

    /** A setting that must be one of the allowed values (case-insensitive); the lower-case value. */
    public String oneOf(String key, String defaultValue, Set<String> allowed) {
        String v = string(key, defaultValue);
        String lower = v == null ? null : v.toLowerCase(Locale.ROOT);
        if (lower == null || !allowed.contains(lower)) {
            throw invalid(key, "'" + v + "' is not allowed; allowed values: " + new TreeMap<>(toMap(allowed)).keySet());
        }
        return lower;
    }

    /** A boolean setting ({@code true}/{@code false}). */
    public boolean bool(String key, boolean defaultValue) {
        Optional<String> v = string(key);
        if (v.isEmpty()) {
            return defaultValue;
        }
        return switch (v.get().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw invalid(key, "'" + v.get() + "' is not a boolean; allowed values: true, false");
        };
    }

    /** An integer setting within [{@code min}, {@code max}]. */
    public int integer(String key, int defaultValue, int min, int max) {
        Optional<String> v = string(key);
        int value;
        try {
            value = v.map(Integer::parseInt).orElse(defaultValue);
        } catch (NumberFormatException e) {
            throw invalid(key, "'" + v.get() + "' is not an integer; allowed range: " + min + ".." + max);
        }
        if (value < min || value > max) {
            throw invalid(key, value + " is out of range; allowed range: " + min + ".." + max);
        }
        return value;
    }

    /** A duration setting within [{@code min}, {@code max}]. */
    public Duration duration(String key, Duration defaultValue, Duration min, Duration max) {
        Optional<String> v = string(key);
        Duration d = v.isEmpty() ? defaultValue : parseDuration(key, v.get());
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw invalid(key, d + " is out of range; allowed range: " + min + ".." + max);
        }
        return d;
    }

    /**
     * A URI setting, when present; must be absolute and carry no user information ({@code user:password@}):
     * credentials have settings of their own, and a URL is printed in messages and logs.
     */
    public Optional<URI> uri(String key) {
        return string(key).map(v -> {
            if (Redactor.hasUserInfo(v)) {
                throw userInfo(key);
            }
            URI u;
            try {
                u = URI.create(v);
            } catch (IllegalArgumentException e) {
                throw invalid(key, v.contains("@") ? "is not a URI (the value is not shown: it may carry credentials)"
                        : "'" + v + "' is not a URI: " + e.getMessage());
            }
            if (u.getRawUserInfo() != null || u.isOpaque() && v.contains("@")) {
                throw userInfo(key);
            }
            if (!u.isAbsolute()) {
                throw invalid(key, "'" + v + "' is not an absolute URI such as https://host:port");
            }
            return u;
        });
    }

    private InvalidProviderConfigException userInfo(String key) {
        return invalid(key, "carries user information (user:password@) and is not shown; credentials in URLs are"
                + " not allowed: give them in the provider's credentials settings");
    }

    /** A secret, when present. */
    public Optional<Secret> secret(String key) {
        return Optional.ofNullable(secrets.get(key));
    }

    /** A required secret. */
    public Secret requireSecret(String key) {
        return secret(key).orElseThrow(() -> invalid(key, "is required but missing (a secret)"));
    }

    /** An {@link InvalidProviderConfigException} for this provider and field. */
    public InvalidProviderConfigException invalid(String key, String message) {
        return new InvalidProviderConfigException(type, key, message);
    }

    private Duration parseDuration(String key, String v) {
        return DurationText.parse(v).orElseThrow(() -> invalid(key, "'" + v + "' is not a duration; use " + DurationText.ALLOWED));
    }

    private static Map<String, Boolean> toMap(Set<String> s) {
        Map<String, Boolean> m = new LinkedHashMap<>();
        s.forEach(k -> m.put(k, true));
        return m;
    }

    /** Lists the settings; secrets are shown by key only. */
    @Override
    public String toString() {
        return "ProviderConfig{type=" + type + ", name=" + name + ", settings="
                + Redactor.withoutUserInfo(new TreeMap<>(settings).toString())
                + ", secrets=" + new TreeMap<>(secrets).keySet() + "}";
    }

    /** Builds a {@link ProviderConfig}. Not thread-safe; the built config is. */
    public static final class Builder {
        private final String type;
        private String name;
        private final Map<String, String> settings = new LinkedHashMap<>();
        private final Map<String, Secret> secrets = new LinkedHashMap<>();

        private Builder(String type) {
            if (type == null || type.isBlank()) {
                throw new IllegalArgumentException("provider type must not be blank");
            }
            this.type = type.trim().toLowerCase(Locale.ROOT);
        }

        /** The instance name. */
        public Builder name(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        /** A plain setting. */
        public Builder set(String key, String value) {
            settings.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value for " + key));
            return this;
        }

        /** Several plain settings. */
        public Builder setAll(Map<String, String> values) {
            values.forEach(this::set);
            return this;
        }

        /** A secret setting. */
        public Builder secret(String key, Secret value) {
            secrets.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "secret " + key));
            return this;
        }

        /** A secret setting from a plain string. */
        public Builder secret(String key, String value) {
            return secret(key, Secret.of(Objects.requireNonNull(value, "secret " + key)));
        }

        /** The immutable config. */
        public ProviderConfig build() {
            return new ProviderConfig(this);
        }
    }
}
