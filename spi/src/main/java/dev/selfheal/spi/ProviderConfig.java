package dev.selfheal.spi;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The configuration of one provider instance: its type, a name, plain settings and secrets, read
 * through typed accessors that reject a bad value with an {@link InvalidProviderConfigException}
 * naming the field and what is allowed. Immutable; build one with {@link #builder(String)}.
 *
 * <p>Durations accept ISO-8601 ({@code PT30S}) or a number with a unit ({@code 500ms}, {@code 30s},
 * {@code 5m}, {@code 1h}). Secrets are held as {@link Secret} and never appear in {@link #toString()}.
 */
public final class ProviderConfig {

    /** The form of a provider type and instance name. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
    private static final String NAME_ALLOWED = "a letter or digit, then up to 62 letters, digits, '.', '_' or '-'";

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

    /**
     * A plain setting, when present and not blank; a value holding a control character is refused (see
     * {@link ConfigText}).
     */
    public Optional<String> string(String key) {
        return Optional.ofNullable(settings.get(key)).map(String::strip).filter(v -> !v.isEmpty())
                .map(v -> ConfigText.line(v, m -> invalid(key, m)));
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
            throw invalid(key, ConfigText.quote(v) + " is not allowed; allowed values: " + new TreeMap<>(toMap(allowed)).keySet());
        }
        return lower;
    }

    /** A boolean setting ({@code true}/{@code false}). */
    public boolean bool(String key, boolean defaultValue) {
        return string(key).map(v -> ConfigText.bool(v, m -> invalid(key, m))).orElse(defaultValue);
    }

    /** An integer setting within [{@code min}, {@code max}]: ASCII digits {@code 0-9} with an optional sign. */
    public int integer(String key, int defaultValue, int min, int max) {
        int value = string(key).map(v -> ConfigText.integer(v, min, max, m -> invalid(key, m))).orElse(defaultValue);
        if (value < min || value > max) {
            throw invalid(key, value + " is out of range; allowed range: " + min + " to " + max);
        }
        return value;
    }

    /** A duration setting within [{@code min}, {@code max}]. */
    public Duration duration(String key, Duration defaultValue, Duration min, Duration max) {
        Optional<String> v = string(key);
        Duration d = v.isEmpty() ? defaultValue : ConfigText.duration(v.get(), null, null, m -> invalid(key, m));
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw invalid(key, d + " is out of range; allowed range: " + min + ".." + max);
        }
        return d;
    }

    /**
     * A URI setting, when present: one the JDK parses, absolute, with a host and, when it names a port, one from
     * 1 to 65535 ({@link ConfigText#url}), and with no user information ({@code user:password@}): credentials have
     * settings of their own, and a URL is printed in messages and logs.
     */
    public Optional<URI> uri(String key) {
        return string(key).map(v -> {
            if (Redactor.hasUserInfo(v)) {
                throw userInfo(key);
            }
            URI u = ConfigText.url(v, Set.of(), m -> v.contains("@")
                    ? invalid(key, "is not a valid absolute URL (the value is not shown: it may carry credentials)")
                    : invalid(key, m));
            if (u.getRawUserInfo() != null || u.isOpaque() && v.contains("@")) {
                throw userInfo(key);
            }
            return u;
        });
    }

    /**
     * A file or folder path setting, when present: no control character, one this platform can represent
     * ({@link ConfigText#path}).
     */
    public Optional<Path> path(String key) {
        return string(key).map(v -> ConfigText.path(v, m -> invalid(key, m)));    }

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
            if (type == null || !NAME.matcher(type.strip()).matches()) {
                throw new InvalidProviderConfigException(type == null ? "(none)" : ConfigText.quote(type), "type",
                        (type == null || type.isBlank() ? "is required" : ConfigText.quote(type) + " is not allowed")
                                + "; allowed: a provider type such as aws, vsphere or baremetal");
            }
            this.type = type.strip().toLowerCase(Locale.ROOT);
        }

        /** The instance name: a letter or digit, then letters, digits, '.', '_' or '-' (at most 63). */
        public Builder name(String name) {
            if (name == null || !NAME.matcher(name).matches()) {
                throw new InvalidProviderConfigException(type, "name", ConfigText.quote(name) + " is not allowed; allowed: "
                        + NAME_ALLOWED);
            }
            this.name = name;
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
