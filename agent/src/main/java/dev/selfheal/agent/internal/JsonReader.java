package dev.selfheal.agent.internal;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small JSON reader (RFC 8259): objects become {@link LinkedHashMap}s, arrays {@link List}s, numbers
 * {@link Long} or {@link BigDecimal}, and {@code null} Java's null. Reads one document ({@link #parse}) or a
 * stream of concatenated documents ({@link #next}), as etcd's gateway and the Kubernetes watch send them.
 * Nesting is bounded by {@value #MAX_DEPTH}; errors name the offset, never the text around it.
 */
public final class JsonReader {

    /** The deepest nesting accepted. */
    static final int MAX_DEPTH = 64;

    private final Reader in;
    private int peeked = -2;
    private long offset;

    /** Reads from {@code in}; the caller closes it. */
    public JsonReader(Reader in) {
        this.in = in;
    }

    /** One JSON document. */
    public static Object parse(String json) {
        try {
            JsonReader r = new JsonReader(new StringReader(json));
            Object v = r.value(0);
            if (r.skipSpace() != -1) {
                throw r.error("text after the document");
            }
            return v;
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage());
        }
    }

    /**
     * The next document of a stream.
     *
     * @return false at the end of the stream
     * @throws IOException when the stream breaks or holds no valid JSON
     */
    public boolean hasNext() throws IOException {
        return skipSpace() != -1;
    }

    /** The next document of a stream; call {@link #hasNext} first. */
    public Object next() throws IOException {
        return value(0);
    }

    private Object value(int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            throw error("nested deeper than " + MAX_DEPTH);
        }
        int c = skipSpace();
        switch (c) {
            case '{':
                read();
                return object(depth);
            case '[':
                read();
                return array(depth);
            case '"':
                read();
                return string();
            case 't':
                return literal("true", Boolean.TRUE);
            case 'f':
                return literal("false", Boolean.FALSE);
            case 'n':
                return literal("null", null);
            case -1:
                throw error("unexpected end");
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return number();
                }
                throw error("unexpected character");
        }
    }

    private Map<String, Object> object(int depth) throws IOException {
        Map<String, Object> out = new LinkedHashMap<>();
        if (skipSpace() == '}') {
            read();
            return out;
        }
        while (true) {
            if (skipSpace() != '"') {
                throw error("expected a field name");
            }
            read();
            String key = string();
            expect(':');
            out.put(key, value(depth + 1));
            int c = skipSpace();
            read();
            if (c == '}') {
                return out;
            }
            if (c != ',') {
                throw error("expected ',' or '}'");
            }
        }
    }

    private List<Object> array(int depth) throws IOException {
        List<Object> out = new ArrayList<>();
        if (skipSpace() == ']') {
            read();
            return out;
        }
        while (true) {
            out.add(value(depth + 1));
            int c = skipSpace();
            read();
            if (c == ']') {
                return out;
            }
            if (c != ',') {
                throw error("expected ',' or ']'");
            }
        }
    }

    private String string() throws IOException {
        StringBuilder sb = new StringBuilder();
        while (true) {
            int c = read();
            if (c == '"') {
                return sb.toString();
            }
            if (c == -1 || c < 0x20) {
                throw error(c == -1 ? "unterminated string" : "control character in a string");
            }
            if (c == '\\') {
                c = read();
                switch (c) {
                    case '"', '\\', '/' -> sb.append((char) c);
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'n' -> sb.append('\n');
                    case 'r' -> sb.append('\r');
                    case 't' -> sb.append('\t');
                    case 'u' -> sb.append((char) hex4());
                    default -> throw error("bad escape");
                }
            } else {
                sb.append((char) c);
            }
        }
    }

    private int hex4() throws IOException {
        int v = 0;
        for (int i = 0; i < 4; i++) {
            int d = Character.digit(read(), 16);
            if (d < 0) {
                throw error("bad \\u escape");
            }
            v = (v << 4) | d;
        }
        return v;
    }

    private Object number() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int c = peek(); c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E' || (c >= '0' && c <= '9'); c = peek()) {
            sb.append((char) read());
        }
        String s = sb.toString();
        try {
            if (s.indexOf('.') < 0 && s.indexOf('e') < 0 && s.indexOf('E') < 0 && s.length() < 19) {
                return Long.parseLong(s);
            }
            return new BigDecimal(s);
        } catch (NumberFormatException e) {
            throw error("bad number");
        }
    }

    private Object literal(String word, Object value) throws IOException {
        for (int i = 0; i < word.length(); i++) {
            if (read() != word.charAt(i)) {
                throw error("unexpected character");
            }
        }
        return value;
    }

    private void expect(char c) throws IOException {
        if (skipSpace() != c) {
            throw error("expected '" + c + "'");
        }
        read();
    }

    private int skipSpace() throws IOException {
        int c = peek();
        while (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
            read();
            c = peek();
        }
        return c;
    }

    private int peek() throws IOException {
        if (peeked == -2) {
            peeked = in.read();
        }
        return peeked;
    }

    private int read() throws IOException {
        int c = peek();
        peeked = -2;
        if (c != -1) {
            offset++;
        }
        return c;
    }

    private IOException error(String what) {
        return new IOException(what + " at offset " + offset);
    }
}
