package dev.selfheal.provider.vsphere.internal;

import dev.selfheal.spi.Redactor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A vim25 fault: its type ({@code InvalidLogin}, {@code NotAuthenticated}, {@code InvalidPowerState} ...), the
 * server's message and the fault's simple fields ({@code privilegeId}, {@code existingState}, {@code obj}).
 *
 * @param type the fault type, without namespace prefix and without the {@code Fault} suffix of detail elements
 * @param message the server's message, possibly empty
 * @param fields the fault's single-valued fields by name
 */
public record VimFault(String type, String message, Map<String, String> fields) {

    /** Validates and copies. */
    public VimFault {
        type = type == null || type.isBlank() ? "UnknownFault" : type;
        message = message == null ? "" : message;
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields)); // keeps the server's order for messages
    }

    /** This fault with every known secret removed from the server's message and the fields' values. */
    public VimFault redacted(Redactor redactor) {
        Map<String, String> clean = new LinkedHashMap<>();
        fields.forEach((k, v) -> clean.put(k, redactor.redact(v)));
        return new VimFault(redactor.redact(type), redactor.redact(message), clean);
    }

    /** Whether this fault is of {@code faultType}. */
    public boolean is(String faultType) {
        return type.equals(faultType);
    }

    /** A field of the fault, when present. */
    public Optional<String> field(String name) {
        return Optional.ofNullable(fields.get(name));
    }

    /**
     * Reads the {@code <soapenv:Fault>} element of a response: the type from the first element of
     * {@code detail} ({@code xsi:type}, else the element name without {@code Fault}), the message from
     * {@code faultstring}.
     */
    static VimFault fromSoapFault(XmlNode fault) {
        String message = fault.text("faultstring").orElse("");
        Optional<XmlNode> detail = fault.child("detail").flatMap(d -> d.children().stream().findFirst());
        if (detail.isEmpty()) {
            return new VimFault(fault.text("faultcode").orElse("UnknownFault"), message, Map.of());
        }
        XmlNode d = detail.get();
        String type = d.xsiType();
        if (type == null) {
            type = d.name().endsWith("Fault") ? d.name().substring(0, d.name().length() - 5) : d.name();
        }
        return new VimFault(type, message, fieldsOf(d));
    }

    /** Reads a {@code LocalizedMethodFault} (a task's {@code info.error}, a {@code missingSet} fault). */
    static VimFault fromLocalizedMethodFault(XmlNode localized) {
        String message = localized.text("localizedMessage").orElse("");
        return localized.child("fault")
                .map(f -> new VimFault(f.xsiType(), message, fieldsOf(f)))
                .orElseGet(() -> new VimFault(localized.xsiType(), message, Map.of()));
    }

    private static Map<String, String> fieldsOf(XmlNode fault) {
        Map<String, String> out = new LinkedHashMap<>();
        for (XmlNode c : fault.children()) {
            if (c.children().isEmpty() && !out.containsKey(c.name())) {
                out.put(c.name(), c.text());
            }
        }
        return out;
    }

    /** {@code Type: message (field=value, ...)}. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(type);
        if (!message.isBlank() && !message.equals("*types." + type)) {
            b.append(": ").append(message);
        }
        if (!fields.isEmpty()) {
            b.append(fields.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining(", ", " (", ")")));
        }
        return b.toString();
    }
}
