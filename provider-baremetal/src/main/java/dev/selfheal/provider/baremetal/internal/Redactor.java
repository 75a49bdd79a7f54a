package dev.selfheal.provider.baremetal.internal;

/** Cleans text from a peer (a tool's output, an error body) before it goes into a message or a log. */
public final class Redactor {

    /** The longest text kept. */
    public static final int MAX_LENGTH = 600;

    private Redactor() {
    }

    /**
     * Replaces every occurrence of {@code secret} (when not empty) with {@code ****}, drops blank lines and
     * Python deprecation warnings, joins lines with {@code "; "} and cuts the result to {@link #MAX_LENGTH}.
     */
    public static String clean(String text, String secret) {
        if (text == null) {
            return "";
        }
        String t = secret == null || secret.isEmpty() ? text : text.replace(secret, "****");
        StringBuilder b = new StringBuilder();
        for (String line : t.split("\\R")) {
            String l = line.strip();
            if (l.isEmpty() || l.contains("DeprecationWarning") || l.startsWith("from pipes import")) {
                continue;
            }
            if (b.length() > 0) {
                b.append("; ");
            }
            b.append(l);
        }
        return b.length() > MAX_LENGTH ? b.substring(0, MAX_LENGTH) + "..." : b.toString();
    }
}
