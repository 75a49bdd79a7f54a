package dev.selfheal.testbed.leak;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A unique secret to plant in a setting, and the forms it could leak in: clear, URL-encoded (spaces as
 * {@code +} and {@code %20}), base64 (standard and URL-safe), HTTP basic ({@code Basic base64(user:canary)})
 * and XML-escaped (also URL-encoded). It holds characters that make these forms differ from the clear one, and is at most 16
 * characters long (IPMI 2.0 passwords take up to 20).
 *
 * @param value the canary
 * @param username the user it is the password of, for the basic form; may be empty
 */
public record Canary(String value, String username) {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** A new canary, such as {@code C<&>+/ 9f3a01bc}. */
    public static Canary create(String username) {
        byte[] b = new byte[4];
        RANDOM.nextBytes(b);
        return new Canary("C<&>+/ " + HexFormat.of().formatHex(b), username);
    }

    /** The canary with XML-unsafe and line-protocol characters left out, for settings that refuse them. */
    public Canary plain() {
        return new Canary(value.replaceAll("[^A-Za-z0-9]", "x"), username);
    }

    /** Every form the canary is searched in, by name. */
    public Map<String, String> forms() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("clear", value);
        String url = URLEncoder.encode(value, StandardCharsets.UTF_8);
        out.put("url-encoded (+)", url);
        out.put("url-encoded (%20)", url.replace("+", "%20"));
        out.put("base64", b64(value));
        out.put("base64 url-safe", Base64.getUrlEncoder().withoutPadding().encodeToString(bytes(value)));
        out.put("basic", b64(username + ":" + value));
        String xml = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        out.put("xml", xml);
        out.put("xml, url-encoded", URLEncoder.encode(xml, StandardCharsets.UTF_8));
        return out;
    }

    /** The names of the forms found in {@code text}; empty when there is none. */
    public List<String> foundIn(String text) {
        List<String> found = new ArrayList<>();
        forms().forEach((name, form) -> {
            if (text != null && text.contains(form)) {
                found.add(name);
            }
        });
        return found;
    }

    /** An exception as printed: messages and stack traces of it, its causes and its suppressed ones. */
    public static String printed(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString();
    }

    /** Never prints the value. */
    @Override
    public String toString() {
        return "Canary[****]";
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(bytes(s));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
