package dev.selfheal.spi;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Removes known secrets from text a peer sent back (an error body, a SOAP fault, a tool's output) before it
 * goes into a message, an exception or a log line. A peer may echo what it was sent in another form, so
 * each secret is removed as it is and in the forms it travels in: URL-encoded (spaces as {@code +} and as
 * {@code %20}, upper- and lower-case hex), base64 (standard and URL-safe, with and without padding, and
 * wherever it sits inside a longer base64 text), HTTP basic ({@code Basic base64(user:password)}),
 * XML-escaped and JSON-escaped, and the escaped forms URL-encoded or base64-encoded in turn (an echoed XML or
 * JSON body). Every form found is replaced by {@link #MASK}. Inside a longer base64 text a secret is found
 * when its encoding spans at least {@value #MIN_BASE64_CORE} characters that depend on it alone (secrets of
 * about six bytes and more).
 *
 * <p>Immutable and thread-safe; {@link #none()} removes nothing.
 */
public final class Redactor {

    /** What a removed secret is replaced with. */
    public static final String MASK = "****";

    /** Base64 fragments shorter than this are not searched for inside longer base64 texts. */
    static final int MIN_BASE64_CORE = 8;

    /** {@code scheme://} followed by anything but a slash, a line break or another {@code @} up to an {@code @}. */
    private static final Pattern USER_INFO = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*://)[^/?#@\\r\\n]*@");

    private static final Redactor NONE = new Redactor(List.of());

    /** The forms to remove, longest first so that a longer form is not cut by a shorter one. */
    private final List<String> forms;

    private Redactor(List<String> forms) {
        this.forms = forms;
    }

    /** A redactor that removes nothing. */
    public static Redactor none() {
        return NONE;
    }

    /** A redactor for these secrets; {@code null} and empty values are ignored. */
    public static Redactor of(Secret... secrets) {
        return none().with(secrets);
    }

    /** A redactor for a user name and its password, as {@link #withCredentials(String, Secret)}. */
    public static Redactor forCredentials(String username, Secret password) {
        return none().withCredentials(username, password);
    }

    /** This redactor plus the given secrets; {@code null} and empty values are ignored. */
    public Redactor with(Secret... secrets) {
        Set<String> values = new LinkedHashSet<>();
        for (Secret s : secrets) {
            if (s != null && !s.isEmpty()) {
                values.add(s.reveal());
            }
        }
        return plus(values, List.of());
    }

    /**
     * This redactor plus a password and the forms the pair travels in together ({@code user:password} in
     * clear, base64 and as a {@code Basic} authorization). The user name itself is not removed.
     */
    public Redactor withCredentials(String username, Secret password) {
        if (password == null || password.isEmpty()) {
            return this;
        }
        List<String> pairs = new ArrayList<>();
        if (username != null) {
            pairs.add(username + ":" + password.reveal());
        }
        return plus(Set.of(password.reveal()), pairs);
    }

    /** Whether this redactor removes anything at all. */
    public boolean isEmpty() {
        return forms.isEmpty();
    }

    /**
     * The text with every form of every known secret replaced by {@link #MASK}; {@code null} gives an empty
     * text.
     */
    public String redact(String text) {
        if (text == null) {
            return "";
        }
        String out = text;
        for (String form : forms) {
            if (out.contains(form)) {
                out = out.replace(form, MASK);
            }
        }
        return out;
    }

    /**
     * An exception safe to attach as a cause: {@code t} itself when no message in it, its causes or its
     * suppressed exceptions holds a known secret; else a copy of the whole chain with the messages redacted
     * (each copy prints the original class name, message and stack trace), so a stack trace that is logged
     * shows no secret either. {@code null} gives {@code null}.
     */
    public Throwable scrub(Throwable t) {
        if (t == null || forms.isEmpty() || !leaks(t, Collections.newSetFromMap(new IdentityHashMap<>()))) {
            return t;
        }
        return copy(t, Collections.newSetFromMap(new IdentityHashMap<>()));
    }

    private boolean leaks(Throwable t, Set<Throwable> seen) {
        if (t == null || !seen.add(t)) {
            return false;
        }
        String text = t.toString();
        if (!redact(text).equals(text)) {
            return true;
        }
        for (Throwable s : t.getSuppressed()) {
            if (leaks(s, seen)) {
                return true;
            }
        }
        return leaks(t.getCause(), seen);
    }

    private Throwable copy(Throwable t, Set<Throwable> seen) {
        seen.add(t);
        Redacted c = new Redacted(t.getClass().getName(), t.getMessage() == null ? null : redact(t.getMessage()));
        c.setStackTrace(t.getStackTrace());
        if (t.getCause() != null && !seen.contains(t.getCause())) {
            c.initCause(copy(t.getCause(), seen));
        }
        for (Throwable s : t.getSuppressed()) {
            if (!seen.contains(s)) {
                c.addSuppressed(copy(s, seen));
            }
        }
        return c;
    }

    /** A copy of an exception whose message held a secret: prints the original class with the redacted message. */
    private static final class Redacted extends RuntimeException {

        private static final long serialVersionUID = 1L;

        private final String originalClass;

        Redacted(String originalClass, String message) {
            super(message);
            this.originalClass = originalClass;
        }

        @Override
        public String toString() {
            return getMessage() == null ? originalClass : originalClass + ": " + getMessage();
        }
    }

    /**
     * The text with the user information of every URL in it ({@code scheme://user:password@host})
     * replaced by {@link #MASK}: for echoing a setting that may carry credentials where none belong.
     */
    public static String withoutUserInfo(String text) {
        return text == null ? "" : USER_INFO.matcher(text).replaceAll("$1" + MASK + "@");
    }

    /** Whether the text holds a URL with user information ({@code scheme://user[:password]@host}). */
    public static boolean hasUserInfo(String text) {
        return text != null && USER_INFO.matcher(text).find();
    }

    /** Never shows a secret: names how many forms are removed. */
    @Override
    public String toString() {
        return "Redactor[" + forms.size() + " forms]";
    }

    private Redactor plus(Set<String> secrets, List<String> pairs) {
        Set<String> all = new LinkedHashSet<>(forms);
        for (String s : secrets) {
            all.addAll(formsOf(s));
        }
        for (String pair : pairs) {
            all.add(pair);
            for (String b64 : base64Forms(pair.getBytes(StandardCharsets.UTF_8))) {
                all.add("Basic " + b64);
                all.add(b64);
            }
        }
        all.remove("");
        List<String> sorted = new ArrayList<>(all);
        sorted.sort(Comparator.comparingInt(String::length).reversed().thenComparing(Comparator.naturalOrder()));
        return new Redactor(List.copyOf(sorted));
    }

    /**
     * The forms of one secret: clear, XML-escaped and JSON-escaped, and each of these URL-encoded and base64
     * (a server may echo an XML or JSON request body URL-encoded or base64-encoded).
     */
    static Set<String> formsOf(String secret) {
        Set<String> escaped = new LinkedHashSet<>();
        escaped.add(secret);
        escaped.add(xmlEscaped(secret, true));
        escaped.add(xmlEscaped(secret, false));
        escaped.add(secret.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                .replace("\"", "&#34;").replace("'", "&#39;"));
        escaped.add(jsonEscaped(secret, false));
        escaped.add(jsonEscaped(secret, true));
        Set<String> out = new LinkedHashSet<>();
        for (String form : escaped) {
            out.add(form);
            out.addAll(urlForms(form));
            byte[] bytes = form.getBytes(StandardCharsets.UTF_8);
            out.addAll(base64Forms(bytes));
            out.addAll(base64Cores(bytes));
        }
        return out;
    }

    private static Set<String> urlForms(String s) {
        Set<String> out = new LinkedHashSet<>();
        String plus = URLEncoder.encode(s, StandardCharsets.UTF_8);
        String percent = plus.replace("+", "%20");
        for (String encoded : List.of(plus, percent, percent.replace("%7E", "~"))) {
            out.add(encoded);
            out.add(lowerHex(encoded));
        }
        return out;
    }

    private static Set<String> base64Forms(byte[] bytes) {
        Set<String> out = new LinkedHashSet<>();
        String standard = Base64.getEncoder().encodeToString(bytes);
        String urlSafe = Base64.getUrlEncoder().encodeToString(bytes);
        out.add(standard);
        out.add(urlSafe);
        out.add(standard.replace("=", ""));
        out.add(urlSafe.replace("=", ""));
        return out;
    }

    /**
     * The parts of the secret's base64 encoding that are the same wherever the secret sits inside a longer
     * encoded text: for each of the three byte alignments, the characters that depend on the secret's bytes
     * only. Too short parts are left out (they would match unrelated text).
     */
    static Set<String> base64Cores(byte[] secret) {
        Set<String> out = new LinkedHashSet<>();
        for (int shift = 0; shift < 3; shift++) {
            byte[] shifted = new byte[shift + secret.length];
            System.arraycopy(secret, 0, shifted, shift, secret.length);
            String encoded = Base64.getEncoder().withoutPadding().encodeToString(shifted);
            // characters from the first whole group after the shift to the last group made of secret bytes only
            int first = shift == 0 ? 0 : 4;
            int last = (shifted.length / 3) * 4;
            if (last - first >= MIN_BASE64_CORE) {
                String core = encoded.substring(first, last);
                out.add(core);
                out.add(core.replace('+', '-').replace('/', '_'));
            }
        }
        return out;
    }

    private static String lowerHex(String percentEncoded) {
        StringBuilder b = new StringBuilder(percentEncoded.length());
        for (int i = 0; i < percentEncoded.length(); i++) {
            char c = percentEncoded.charAt(i);
            b.append(c);
            if (c == '%' && i + 2 < percentEncoded.length()) {
                b.append(percentEncoded.substring(i + 1, i + 3).toLowerCase(Locale.ROOT));
                i += 2;
            }
        }
        return b.toString();
    }

    private static String xmlEscaped(String s, boolean quotes) {
        String out = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        return quotes ? out.replace("\"", "&quot;").replace("'", "&apos;") : out;
    }

    private static String jsonEscaped(String s, boolean slash) {
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '/' -> b.append(slash ? "\\/" : "/");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }
}
