package dev.selfheal.provider.vsphere.internal;

import dev.selfheal.spi.Redactor;
import java.util.Optional;

/**
 * The one place that reads vim25 SOAP answers: returns the response element of a successful call and turns
 * a SOAP fault into a {@link VimFaultException}, and anything that is not vim25 SOAP into a
 * {@link VimTransportException}. Every text taken from the answer into a message passes the endpoint's
 * {@link Redactor} first: a server may echo the request (the login's password) in a fault or an error page.
 */
final class SoapResponseParser {

    private static final int MAX_SNIPPET = 160;

    private SoapResponseParser() {
    }

    /**
     * Parses one answer.
     *
     * @param method the method that was called, named in errors
     * @param status the HTTP status
     * @param body the HTTP body
     * @return the response element, such as {@code <LoginResponse>}
     */
    static XmlNode parse(String method, int status, String body, Redactor redactor) {
        XmlNode envelope;
        try {
            envelope = XmlNode.parse(body);
        } catch (IllegalArgumentException e) {
            throw new VimTransportException(method, status == 200 ? VimTransportException.Kind.PROTOCOL
                    : VimTransportException.Kind.UNREACHABLE, "HTTP " + status + " with a body that is not XML: "
                    + snippet(body, redactor), null);
        }
        XmlNode soapBody = envelope.child("Body").orElseThrow(() -> new VimTransportException(method,
                VimTransportException.Kind.PROTOCOL, "HTTP " + status + " without a SOAP body: " + snippet(body, redactor), null));
        Optional<XmlNode> fault = soapBody.child("Fault");
        if (fault.isPresent()) {
            throw new VimFaultException(method, VimFault.fromSoapFault(fault.get()).redacted(redactor), "");
        }
        if (status != 200) {
            throw new VimTransportException(method, VimTransportException.Kind.UNREACHABLE,
                    "HTTP " + status + " without a SOAP fault", null);
        }
        return soapBody.children().stream().findFirst().orElseThrow(() -> new VimTransportException(method,
                VimTransportException.Kind.PROTOCOL, "empty SOAP body", null));
    }

    /** The start of a body, with the known secrets removed before it is cut (so no part of one is left). */
    private static String snippet(String body, Redactor redactor) {
        String s = redactor.redact(body).strip().replaceAll("\\s+", " ");
        return s.length() <= MAX_SNIPPET ? s : s.substring(0, MAX_SNIPPET) + "...";
    }
}
