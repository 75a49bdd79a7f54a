package dev.selfheal.provider.vsphere.internal;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * One vim25 SOAP request: the method, the object it is invoked on ({@code _this}) and its parameters.
 * This is the one place that builds envelopes. {@link #toString()} shows the method only, never the body
 * (a {@code Login} body carries the password).
 */
public final class SoapRequest {

    static final String SOAP_ENV = "http://schemas.xmlsoap.org/soap/envelope/";
    static final String XSI = "http://www.w3.org/2001/XMLSchema-instance";
    static final String XSD = "http://www.w3.org/2001/XMLSchema";
    static final String VIM25 = "urn:vim25";

    private final String method;
    private final String envelope;

    private SoapRequest(String method, String envelope) {
        this.method = method;
        this.envelope = envelope;
    }

    /**
     * A request of {@code method} on {@code self} with parameters written by {@code params}.
     *
     * @param method the vim25 method, such as {@code PowerOffVM_Task}
     * @param self the object the method is invoked on
     * @param params writes the parameters after {@code _this}, in the order the WSDL defines them
     */
    public static SoapRequest of(String method, MoRef self, Consumer<XmlWriter> params) {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(self, "self");
        XmlWriter w = new XmlWriter();
        w.moRef("_this", self);
        params.accept(w);
        String envelope = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<soapenv:Envelope xmlns:soapenv=\"" + SOAP_ENV + "\" xmlns:xsd=\"" + XSD + "\" xmlns:xsi=\"" + XSI + "\">"
                + "<soapenv:Body><" + method + " xmlns=\"" + VIM25 + "\">" + w.finish() + "</" + method + ">"
                + "</soapenv:Body></soapenv:Envelope>";
        return new SoapRequest(method, envelope);
    }

    /** A request without parameters besides {@code _this}. */
    public static SoapRequest of(String method, MoRef self) {
        return of(method, self, w -> { });
    }

    /** The vim25 method name. */
    public String method() {
        return method;
    }

    /** The SOAP envelope to send. Never log it. */
    String envelope() {
        return envelope;
    }

    @Override
    public String toString() {
        return "SoapRequest[" + method + "]";
    }
}
