package io.github.s3drreplicator.sandbox;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;

import org.w3c.dom.Document;

/** The small S3 XML documents the sandbox reads and writes again: namespace-aware, no DTDs. */
final class Xml {

    private static final String DECLARATION = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>";

    private Xml() {
    }

    /**
     * @param what names the document in the message of a failure
     * @throws IllegalArgumentException if it is not well-formed XML
     */
    static Document parse(byte[] xml, String what) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setNamespaceAware(true);
            return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
        } catch (Exception e) {
            throw new IllegalArgumentException("not a " + what + ": " + e.getMessage(), e);
        }
    }

    /** The document in UTF-8, with the declaration S3 writes. */
    static byte[] write(Document document) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(DECLARATION.getBytes(StandardCharsets.UTF_8));
            var transformer = TransformerFactory.newInstance().newTransformer();
            transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            transformer.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            transformer.transform(new DOMSource(document), new StreamResult(out));
            return out.toByteArray();
        } catch (Exception e) {
            throw new IllegalStateException("cannot write XML: " + e.getMessage(), e);
        }
    }
}
