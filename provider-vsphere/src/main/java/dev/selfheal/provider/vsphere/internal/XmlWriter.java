package dev.selfheal.provider.vsphere.internal;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Writes the body of a vim25 request: unprefixed elements in the {@code urn:vim25} default namespace,
 * {@code xsi:type} for polymorphic values, text escaped. Null values are skipped, so optional parameters
 * can be passed as they are. Not thread-safe; one per request.
 */
public final class XmlWriter {

    private final StringBuilder out = new StringBuilder(256);
    private final Deque<String> open = new ArrayDeque<>();

    XmlWriter() {
    }

    /** Opens {@code <name>}. */
    public XmlWriter start(String name) {
        out.append('<').append(name).append('>');
        open.push(name);
        return this;
    }

    /** Opens {@code <name xsi:type="type">}. */
    public XmlWriter start(String name, String xsiType) {
        out.append('<').append(name).append(" xsi:type=\"").append(escape(xsiType)).append("\">");
        open.push(name);
        return this;
    }

    /** Closes the innermost open element. */
    public XmlWriter end() {
        if (open.isEmpty()) {
            throw new IllegalStateException("no element to close");
        }
        out.append("</").append(open.pop()).append('>');
        return this;
    }

    /** {@code <name>value</name>}, skipped when {@code value} is null. */
    public XmlWriter text(String name, String value) {
        if (value != null) {
            out.append('<').append(name).append('>').append(escape(value)).append("</").append(name).append('>');
        }
        return this;
    }

    /** {@code <name>true|false</name>}. */
    public XmlWriter bool(String name, boolean value) {
        return text(name, Boolean.toString(value));
    }

    /** {@code <name>n</name>}. */
    public XmlWriter number(String name, long value) {
        return text(name, Long.toString(value));
    }

    /** {@code <name type="T">value</name>}, skipped when {@code ref} is null. */
    public XmlWriter moRef(String name, MoRef ref) {
        if (ref != null) {
            out.append('<').append(name).append(" type=\"").append(escape(ref.type())).append("\">")
                    .append(escape(ref.value())).append("</").append(name).append('>');
        }
        return this;
    }

    /** Appends a fragment that is already well-formed vim25 XML (a device echoed from a response). */
    public XmlWriter raw(String fragment) {
        out.append(fragment);
        return this;
    }

    String finish() {
        if (!open.isEmpty()) {
            throw new IllegalStateException("unclosed elements: " + open);
        }
        return out.toString();
    }

    /** Escapes text and attribute values. */
    public static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&apos;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
