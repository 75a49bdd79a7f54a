package dev.selfheal.provider.baremetal.internal;

import dev.selfheal.spi.Redactor;

/**
 * Cleans text from a peer (a tool's output, an error body) before it goes into a message or a log: known
 * secrets are removed in every form by the shared {@link Redactor}, noise is dropped and the text is cut.
 */
public final class PeerText {

    /** The longest text kept. */
    public static final int MAX_LENGTH = 600;

    private PeerText() {
    }

    /**
     * Removes every form of the secrets {@code redactor} knows (before anything is cut, so no part of a
     * secret survives at the cut), drops blank lines and Python deprecation warnings, joins lines with
     * {@code "; "} and cuts the result to {@link #MAX_LENGTH}.
     */
    public static String clean(String text, Redactor redactor) {
        if (text == null) {
            return "";
        }
        String t = redactor.redact(text);
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
