package io.github.s3drreplicator.sandbox;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** Reads the part lists of multipart uploads: a CompleteMultipartUpload request's and a ListParts answer's. */
final class MultipartBodies {

    private MultipartBodies() {
    }

    /**
     * The part numbers a CompleteMultipartUpload request lists, in its order
     * ({@code <CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>...}).
     *
     * @throws IllegalArgumentException if the body is no such request
     */
    static List<Integer> completedParts(byte[] xml) {
        NodeList parts = parse(xml, "CompleteMultipartUpload").getElementsByTagNameNS("*", "Part");
        List<Integer> numbers = new ArrayList<>(parts.getLength());
        for (int i = 0; i < parts.getLength(); i++) {
            numbers.add(Integer.parseInt(child((Element) parts.item(i), "PartNumber")));
        }
        return numbers;
    }

    /**
     * Each part's size by number, as a ListParts answer gives them
     * ({@code <ListPartsResult><Part><PartNumber>1</PartNumber>...<Size>5242880</Size>}).
     */
    static Map<Integer, Long> listedPartSizes(byte[] xml) {
        NodeList parts = parse(xml, "ListPartsResult").getElementsByTagNameNS("*", "Part");
        Map<Integer, Long> sizes = new LinkedHashMap<>();
        for (int i = 0; i < parts.getLength(); i++) {
            Element part = (Element) parts.item(i);
            sizes.put(Integer.parseInt(child(part, "PartNumber")), Long.parseLong(child(part, "Size")));
        }
        return sizes;
    }

    private static Document parse(byte[] xml, String root) {
        Document document = Xml.parse(xml, root);
        if (!root.equals(document.getDocumentElement().getLocalName())) {
            throw new IllegalArgumentException("not a " + root + " but a "
                    + document.getDocumentElement().getLocalName());
        }
        return document;
    }

    private static String child(Element parent, String name) {
        NodeList children = parent.getElementsByTagNameNS("*", name);
        if (children.getLength() == 0) {
            throw new IllegalArgumentException("a <Part> without <" + name + ">");
        }
        return children.item(0).getTextContent().trim();
    }
}
