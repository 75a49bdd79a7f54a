package dev.selfheal.testbed.process;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The pinned peer versions, from {@code versions.properties} (shared with {@code provision.sh}). */
public final class Versions {

    private static final Properties VERSIONS = load();

    private Versions() {
    }

    /** The version for a key such as {@code K8S_VERSION}. */
    public static String get(String key) {
        String v = VERSIONS.getProperty(key);
        if (v == null) {
            throw new IllegalStateException("versions.properties has no " + key);
        }
        return v;
    }

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = Versions.class.getResourceAsStream("/dev/selfheal/testbed/versions.properties")) {
            if (in == null) {
                throw new IllegalStateException("versions.properties missing from the testbed jar");
            }
            p.load(in);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
