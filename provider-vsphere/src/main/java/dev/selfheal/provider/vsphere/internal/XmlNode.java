package dev.selfheal.provider.vsphere.internal;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Attr;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/**
 * A read-only view of one element of a vim25 response, matched by local name so that the prefixes a
 * server chooses (vcsim writes {@code _XMLSchema-instance:type}) do not matter. Parsing refuses DTDs and
 * external entities.
 */
public final class XmlNode {

    private static final ThreadLocal<DocumentBuilder> BUILDER = ThreadLocal.withInitial(XmlNode::newBuilder);

    private final Element element;

    private XmlNode(Element element) {
        this.element = element;
    }

    /**
     * Parses a document and returns its root element.
     *
     * @throws IllegalArgumentException when {@code xml} is not well-formed
     */
    public static XmlNode parse(String xml) {
        DocumentBuilder b = BUILDER.get();
        try {
            return new XmlNode(b.parse(new InputSource(new StringReader(xml))).getDocumentElement());
        } catch (SAXException | IOException e) {
            throw new IllegalArgumentException("not well-formed XML: " + e.getMessage(), e);
        } finally {
            b.reset();
        }
    }

    /** The element's local name. */
    public String name() {
        return element.getLocalName() != null ? element.getLocalName() : element.getNodeName();
    }

    /** The first child element named {@code localName}. */
    public Optional<XmlNode> child(String localName) {
        for (Node n = element.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && localName.equals(localName(e))) {
                return Optional.of(new XmlNode(e));
            }
        }
        return Optional.empty();
    }

    /** The child elements named {@code localName}, in document order. */
    public List<XmlNode> children(String localName) {
        List<XmlNode> out = new ArrayList<>();
        for (Node n = element.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && localName.equals(localName(e))) {
                out.add(new XmlNode(e));
            }
        }
        return out;
    }

    /** All child elements, in document order. */
    public List<XmlNode> children() {
        List<XmlNode> out = new ArrayList<>();
        for (Node n = element.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                out.add(new XmlNode(e));
            }
        }
        return out;
    }

    /** Follows a path of child names, such as {@code "backing", "fileName"}. */
    public Optional<XmlNode> path(String... names) {
        Optional<XmlNode> at = Optional.of(this);
        for (String n : names) {
            at = at.flatMap(x -> x.child(n));
        }
        return at;
    }

    /** The text of the child at a path, when present. */
    public Optional<String> text(String... names) {
        return path(names).map(XmlNode::text);
    }

    /** The element's text content, trimmed. */
    public String text() {
        return element.getTextContent().trim();
    }

    /** An attribute without namespace, or {@code null}. */
    public String attribute(String name) {
        return element.hasAttribute(name) ? element.getAttribute(name) : null;
    }

    /** The local part of {@code xsi:type}, or {@code null} when the element has none. */
    public String xsiType() {
        String v = element.getAttributeNS(SoapRequest.XSI, "type");
        if (v == null || v.isEmpty()) {
            return null;
        }
        int colon = v.indexOf(':');
        return colon < 0 ? v : v.substring(colon + 1);
    }

    /** This element read as a managed object reference ({@code type} attribute and text). */
    public MoRef asMoRef() {
        return MoRef.of(attribute("type"), text());
    }

    /**
     * Serializes this element as request XML named {@code asName} (for echoing a device back to the server):
     * unprefixed vim25 element names, {@code xsi:type} kept, {@code type} attributes of references kept.
     */
    public String toXml(String asName) {
        StringBuilder b = new StringBuilder();
        write(element, asName, b);
        return b.toString();
    }

    @Override
    public String toString() {
        return "XmlNode[" + name() + "]";
    }

    private static void write(Element e, String name, StringBuilder b) {
        b.append('<').append(name);
        NamedNodeMap attrs = e.getAttributes();
        for (int i = 0; i < attrs.getLength(); i++) {
            Attr a = (Attr) attrs.item(i);
            if (SoapRequest.XSI.equals(a.getNamespaceURI()) && "type".equals(a.getLocalName())) {
                b.append(" xsi:type=\"").append(XmlWriter.escape(qualifiedType(e, a.getValue()))).append('"');
            } else if (a.getNamespaceURI() == null && "type".equals(localName(a))) {
                b.append(" type=\"").append(XmlWriter.escape(a.getValue())).append('"');
            }
        }
        b.append('>');
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element c) {
                write(c, localName(c), b);
            } else if (n.getNodeType() == Node.TEXT_NODE || n.getNodeType() == Node.CDATA_SECTION_NODE) {
                b.append(XmlWriter.escape(n.getNodeValue()));
            }
        }
        b.append("</").append(name).append('>');
    }

    /** Rewrites an {@code xsi:type} value for our envelope, where {@code xsd} is declared and vim25 is the default. */
    private static String qualifiedType(Element e, String value) {
        int colon = value.indexOf(':');
        if (colon < 0) {
            return value;
        }
        String ns = e.lookupNamespaceURI(value.substring(0, colon));
        String local = value.substring(colon + 1);
        return SoapRequest.XSD.equals(ns) ? "xsd:" + local : local;
    }

    private static String localName(Node n) {
        return n.getLocalName() != null ? n.getLocalName() : n.getNodeName();
    }

    /** Reports errors by throwing them (to the caller, who decides what of them to show), never by printing. */
    private static final org.xml.sax.ErrorHandler QUIET = new org.xml.sax.ErrorHandler() {
        @Override
        public void warning(org.xml.sax.SAXParseException e) {
        }

        @Override
        public void error(org.xml.sax.SAXParseException e) throws org.xml.sax.SAXParseException {
            throw e;
        }

        @Override
        public void fatalError(org.xml.sax.SAXParseException e) throws org.xml.sax.SAXParseException {
            throw e;
        }
    };

    private static DocumentBuilder newBuilder() {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(QUIET); // the default handler prints errors, with text of the document, to System.err
            return b;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK XML parser cannot be configured securely", e);
        }
    }
}
