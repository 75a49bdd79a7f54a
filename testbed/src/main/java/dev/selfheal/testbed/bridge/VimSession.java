package dev.selfheal.testbed.bridge;

import dev.selfheal.testbed.vsphere.Vcsim;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * A minimal vim25 SOAP session to a vcsim: log in once (again after {@code NotAuthenticated}), invoke a
 * method, read elements of the answer. HTTP/1.1 over TLS verified against the simulator's CA; the password
 * is sent in the Login body only and never logged.
 */
final class VimSession {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final Vcsim vc;
    private final HttpClient http;
    private String cookie;

    VimSession(Vcsim vc) {
        this.vc = vc;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(vc.sslContext())
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** Invokes a method ({@code body} is the method element) in the session, logging in when needed. */
    synchronized Element invoke(String body) {
        if (cookie == null) {
            login();
        }
        Answer a = post(body);
        if (a.fault() != null && a.fault().contains("NotAuthenticated")) {
            login();
            a = post(body);
        }
        if (a.fault() != null) {
            throw new IllegalStateException("vcsim answered a fault: " + a.fault());
        }
        return a.body();
    }

    private void login() {
        cookie = null;
        Answer a = post("<urn:Login><urn:_this type=\"SessionManager\">SessionManager</urn:_this><urn:userName>"
                + escape(vc.username()) + "</urn:userName><urn:password>" + escape(vc.password())
                + "</urn:password></urn:Login>");
        if (a.fault() != null || a.cookie() == null) {
            throw new IllegalStateException("vcsim login failed: " + (a.fault() == null ? "no session cookie" : a.fault()));
        }
        cookie = a.cookie();
    }

    private Answer post(String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(vc.url().toString())).timeout(TIMEOUT)
                .header("Content-Type", "text/xml; charset=utf-8").header("SOAPAction", "urn:vim25/6.5")
                .POST(HttpRequest.BodyPublishers.ofString("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                        + "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\""
                        + " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xmlns:urn=\"urn:vim25\">"
                        + "<soapenv:Body>" + body + "</soapenv:Body></soapenv:Envelope>"));
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            Element root = parse(r.body());
            Element soapBody = first(root, "Body");
            Element fault = soapBody == null ? null : first(soapBody, "Fault");
            String newCookie = r.headers().firstValue("Set-Cookie").map(c -> c.split(";", 2)[0]).orElse(null);
            return new Answer(soapBody, fault == null ? null : fault.getTextContent().trim(), newCookie);
        } catch (IOException e) {
            throw new IllegalStateException("vcsim did not answer: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** The first descendant with this local name, or null. */
    static Element first(Element parent, String localName) {
        NodeList l = parent.getElementsByTagNameNS("*", localName);
        return l.getLength() == 0 ? null : (Element) l.item(0);
    }

    /** The direct children with this local name. */
    static List<Element> children(Element parent, String localName) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && localName.equals(e.getLocalName())) {
                out.add(e);
            }
        }
        return out;
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static Element parse(String xml) throws IOException {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setExpandEntityReferences(false);
            return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)))
                    .getDocumentElement();
        } catch (ParserConfigurationException | SAXException e) {
            throw new IOException("not a SOAP answer: " + e.getMessage(), e);
        }
    }

    private record Answer(Element body, String fault, String cookie) {
    }
}
