package dev.selfheal.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RedactorTest {

    private static final String USER = "admin";

    /** The forms a peer may echo a password in, by name. */
    static Stream<Arguments> encodings() {
        return Stream.of(
                Arguments.of("clear", (UnaryOperator<String>) s -> s),
                Arguments.of("url +", (UnaryOperator<String>) s -> URLEncoder.encode(s, StandardCharsets.UTF_8)),
                Arguments.of("url %20", (UnaryOperator<String>) s -> URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20")),
                Arguments.of("url lower-case hex", (UnaryOperator<String>) s -> lowerHex(URLEncoder.encode(s, StandardCharsets.UTF_8))),
                Arguments.of("base64", (UnaryOperator<String>) s -> b64(s)),
                Arguments.of("base64 url-safe unpadded", (UnaryOperator<String>) s ->
                        Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8))),
                Arguments.of("Basic", (UnaryOperator<String>) s -> "Basic " + b64(USER + ":" + s)),
                Arguments.of("user:password", (UnaryOperator<String>) s -> "https://" + USER + ":" + s + "@bmc"),
                Arguments.of("xml", (UnaryOperator<String>) s -> s.replace("&", "&amp;").replace("<", "&lt;")
                        .replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&apos;")),
                Arguments.of("xml minimal", (UnaryOperator<String>) s -> s.replace("&", "&amp;").replace("<", "&lt;")
                        .replace(">", "&gt;")),
                Arguments.of("json", (UnaryOperator<String>) s -> s.replace("\\", "\\\\").replace("\"", "\\\"")),
                Arguments.of("xml, then url-encoded", (UnaryOperator<String>) s -> URLEncoder.encode(s.replace("&", "&amp;")
                        .replace("<", "&lt;").replace(">", "&gt;"), StandardCharsets.UTF_8)),
                Arguments.of("json, then base64", (UnaryOperator<String>) s -> b64(s.replace("\\", "\\\\")
                        .replace("\"", "\\\""))));
    }

    /** Passwords with the characters that make encodings differ. */
    static List<String> passwords() {
        return List.of("hunter2-Secret", "p@ss w0rd+/=", "<&\"'>~é!*()", "ÄÖÜ ß 密码 :;,?#[]", "a/b\\c\"d");
    }

    static Stream<Arguments> table() {
        List<Arguments> out = new ArrayList<>();
        encodings().forEach(e -> passwords().forEach(p -> out.add(Arguments.of(e.get()[0], e.get()[1], p))));
        return out.stream();
    }

    @ParameterizedTest(name = "{0}: {2}")
    @MethodSource("table")
    void everyEncodingOfThePasswordIsRemoved(String name, UnaryOperator<String> encoding, String password) {
        Redactor r = Redactor.forCredentials(USER, Secret.of(password));
        String echoed = "error: you sent " + encoding.apply(password) + " (denied)";
        String redacted = r.redact(echoed);
        assertThat(redacted).as(name).startsWith("error: you sent ").endsWith(" (denied)").contains(Redactor.MASK);
        encodings().forEach(e -> assertThat(redacted).as(name + " leaves no " + e.get()[0])
                .doesNotContain(((UnaryOperator<String>) e.get()[1]).apply(password)));
    }

    @Test
    void aPasswordInsideALongerBase64TextIsRemovedAtEveryAlignment() {
        Random random = new Random(42);
        for (int run = 0; run < 300; run++) {
            String password = randomText(random, 9 + random.nextInt(20));
            byte[] before = new byte[random.nextInt(7)];
            byte[] after = new byte[random.nextInt(7)];
            random.nextBytes(before);
            random.nextBytes(after);
            byte[] whole = concat(before, password.getBytes(StandardCharsets.UTF_8), after);
            String text = Base64.getEncoder().encodeToString(whole);
            String redacted = Redactor.of(Secret.of(password)).redact("token " + text + " end");
            assertThat(redacted).contains(Redactor.MASK);
            for (String piece : redacted.split("\\*\\*\\*\\*|\\s")) {
                assertThat(decodedAtAnyAlignment(piece)).as("run %d", run).noneMatch(d -> d.contains(password));
            }
        }
    }

    @Test
    void randomTextWithRandomPasswordsInRandomFormsNeverKeepsThem() {
        Random random = new Random(7);
        List<UnaryOperator<String>> forms = encodings().map(a -> (UnaryOperator<String>) a.get()[1]).toList();
        for (int run = 0; run < 500; run++) {
            String password = randomText(random, 1 + random.nextInt(24));
            String form = forms.get(random.nextInt(forms.size())).apply(password);
            String text = randomText(random, random.nextInt(30)) + form + randomText(random, random.nextInt(30));
            String redacted = Redactor.forCredentials(USER, Secret.of(password)).redact(text);
            assertThat(redacted).as("run %d", run).doesNotContain(form).doesNotContain(password);
        }
    }

    @Test
    void textWithoutSecretsIsLeftAsItIs() {
        Redactor r = Redactor.forCredentials("root", Secret.of("calvin-42")).with(Secret.of("other-secret"), null);
        String text = "HTTP 401: Unauthorized (root) at https://10.0.0.1/redfish/v1/";
        assertThat(r.redact(text)).isEqualTo(text);
        assertThat(r.redact(null)).isEmpty();
        assertThat(Redactor.none().redact("calvin-42")).isEqualTo("calvin-42");
        assertThat(Redactor.none().isEmpty()).isTrue();
        assertThat(Redactor.of(Secret.of(""))).satisfies(e -> assertThat(e.isEmpty()).isTrue());
        assertThat(r.redact("a calvin-42 and other-secret")).isEqualTo("a **** and ****");
        assertThat(r.toString()).doesNotContain("calvin");
    }

    @Test
    void exceptionsHoldingASecretAreCopiedWithRedactedMessagesAndTheOthersKept() {
        Redactor r = Redactor.of(Secret.of("canary-123456"));
        IllegalStateException clean = new IllegalStateException("no secret here", new java.io.IOException("none"));
        assertThat(r.scrub(clean)).isSameAs(clean);
        assertThat(r.scrub(null)).isNull();

        java.io.IOException root = new java.io.IOException("peer said canary-123456");
        RuntimeException top = new RuntimeException("top", root);
        top.addSuppressed(new IllegalArgumentException(b64("canary-123456")));
        Throwable scrubbed = r.scrub(top);
        java.io.StringWriter printed = new java.io.StringWriter();
        scrubbed.printStackTrace(new java.io.PrintWriter(printed));
        assertThat(printed.toString()).doesNotContain("canary-123456").doesNotContain(b64("canary-123456"))
                .contains("java.lang.RuntimeException: top", "Caused by: java.io.IOException: peer said ****",
                        "Suppressed: java.lang.IllegalArgumentException: ****", "RedactorTest");
    }

    @Test
    void userInformationInUrlsIsMaskedAndDetected() {
        assertThat(Redactor.withoutUserInfo("endpoint https://AKIA:s3cr%2Ft@ec2.local:4566/x and http://u@h"))
                .isEqualTo("endpoint https://****@ec2.local:4566/x and http://****@h");
        assertThat(Redactor.hasUserInfo("https://u:p@host")).isTrue();
        assertThat(Redactor.hasUserInfo("https://host/path@x")).isFalse();
        assertThat(Redactor.hasUserInfo("mailto:a@b")).isFalse();
    }

    private static List<String> decodedAtAnyAlignment(String piece) {
        List<String> out = new ArrayList<>();
        String chars = piece.replaceAll("[^A-Za-z0-9+/]", "");
        for (int offset = 0; offset < 4 && offset < chars.length(); offset++) {
            String s = chars.substring(offset);
            s = s.substring(0, s.length() - s.length() % 4);
            out.add(new String(Base64.getDecoder().decode(s), StandardCharsets.ISO_8859_1));
            out.add(new String(Base64.getDecoder().decode(s), StandardCharsets.UTF_8));
        }
        return out;
    }

    private static String randomText(Random random, int length) {
        String alphabet = "abcXYZ019 +/=%&<>\"'\\:@~é密";
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < length; i++) {
            b.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return b.toString();
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String lowerHex(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            b.append(c == '%' ? "%" + s.substring(i + 1, i + 3).toLowerCase(java.util.Locale.ROOT) : String.valueOf(c));
            if (c == '%') {
                i += 2;
            }
        }
        return b.toString();
    }
}
