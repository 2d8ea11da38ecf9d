package io.github.s3drreplicator.sandbox;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** Reads what the sandbox needs out of the small request bodies that carry keys or regions. */
final class RequestBodies {

    private RequestBodies() {
    }

    /** One object of a DeleteObjects request. */
    record DeleteEntry(String key, String versionId, String eTag) {
    }

    /** A DeleteObjects request ({@code <Delete><Quiet/><Object><Key/><VersionId/><ETag/></Object>...}). */
    record DeleteRequest(boolean quiet, List<DeleteEntry> objects) {

        List<String> keys() {
            return objects.stream().map(DeleteEntry::key).toList();
        }

        /** The request with only these objects, as XML to send on. */
        byte[] xml(List<DeleteEntry> kept) {
            StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                    + "<Delete xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">");
            if (quiet) {
                xml.append("<Quiet>true</Quiet>");
            }
            for (DeleteEntry entry : kept) {
                xml.append("<Object><Key>").append(S3Errors.escape(entry.key())).append("</Key>");
                if (entry.versionId() != null) {
                    xml.append("<VersionId>").append(S3Errors.escape(entry.versionId())).append("</VersionId>");
                }
                xml.append("</Object>");
            }
            return xml.append("</Delete>").toString().getBytes(StandardCharsets.UTF_8);
        }
    }

    static DeleteRequest deleteObjects(byte[] xml) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setNamespaceAware(true);
            Document document = factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
            NodeList objects = document.getElementsByTagNameNS("*", "Object");
            List<DeleteEntry> entries = new ArrayList<>(objects.getLength());
            for (int i = 0; i < objects.getLength(); i++) {
                Element object = (Element) objects.item(i);
                entries.add(new DeleteEntry(child(object, "Key"), child(object, "VersionId"), child(object, "ETag")));
            }
            NodeList quiet = document.getElementsByTagNameNS("*", "Quiet");
            return new DeleteRequest(quiet.getLength() > 0 && "true".equalsIgnoreCase(
                    quiet.item(0).getTextContent().trim()), entries);
        } catch (Exception e) {
            throw new IllegalArgumentException("not a DeleteObjects request: " + e.getMessage(), e);
        }
    }

    /**
     * The region a CreateBucket request asks for ({@code <CreateBucketConfiguration><LocationConstraint>}); empty
     * without a body or a constraint, which S3 reads as us-east-1.
     */
    static Optional<String> locationConstraint(byte[] xml) {
        if (xml.length == 0 || new String(xml, StandardCharsets.UTF_8).isBlank()) {
            return Optional.empty();
        }
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setNamespaceAware(true);
            Document document = factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
            NodeList constraint = document.getElementsByTagNameNS("*", "LocationConstraint");
            return constraint.getLength() == 0 ? Optional.empty()
                    : Optional.of(constraint.item(0).getTextContent().trim()).filter(region -> !region.isEmpty());
        } catch (Exception e) {
            throw new IllegalArgumentException("not a CreateBucketConfiguration: " + e.getMessage(), e);
        }
    }

    /**
     * Whether a PutObjectTagging body gives no tags at all ({@code <Tagging><TagSet/></Tagging>}), which S3 takes as
     * removing the object's tags; {@code false} for anything else, a body that cannot be read included.
     */
    static boolean emptyTagging(byte[] xml) {
        try {
            Document document = Xml.parse(xml, "Tagging");
            return "Tagging".equals(document.getDocumentElement().getLocalName())
                    && document.getElementsByTagNameNS("*", "Tag").getLength() == 0;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The keys of a DeleteObjects request. */
    static List<String> deleteObjectsKeys(byte[] xml) {
        return deleteObjects(xml).keys();
    }

    /**
     * A DeleteObjects answer with these {@code <Error>} elements added: to the server's own answer, or alone when
     * the server was not asked at all.
     */
    static String deleteResult(String serverAnswer, List<String> errors) {
        String joined = String.join("", errors);
        if (serverAnswer == null) {
            return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                    + "<DeleteResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">" + joined + "</DeleteResult>";
        }
        int end = serverAnswer.lastIndexOf("</DeleteResult>");
        if (end >= 0) {
            return serverAnswer.substring(0, end) + joined + serverAnswer.substring(end);
        }
        // an empty result written as <DeleteResult .../>
        int selfClosed = serverAnswer.lastIndexOf("/>");
        if (selfClosed >= 0 && serverAnswer.indexOf("DeleteResult") >= 0) {
            return serverAnswer.substring(0, selfClosed) + ">" + joined + "</DeleteResult>"
                    + serverAnswer.substring(selfClosed + 2);
        }
        return serverAnswer;
    }

    private static String child(Element parent, String name) {
        NodeList children = parent.getElementsByTagNameNS("*", name);
        return children.getLength() == 0 ? null : children.item(0).getTextContent();
    }

    /**
     * The key of a browser-form POST upload: its {@code key} field. S3 would replace {@code ${filename}} in it by
     * the uploaded file's name; the sandbox's S3 server stores the key as given, so the event names it as given.
     */
    static Optional<String> postObjectKey(byte[] body, String contentType) {
        int b = contentType.indexOf("boundary=");
        if (b < 0) {
            return Optional.empty();
        }
        String boundary = "--" + contentType.substring(b + "boundary=".length()).replace("\"", "").split(";")[0];
        // ISO-8859-1 keeps every byte as one char, so UTF-8 field values can be recovered exactly
        String form = new String(body, StandardCharsets.ISO_8859_1);
        for (String part : form.split(java.util.regex.Pattern.quote(boundary))) {
            int end = part.indexOf("\r\n\r\n");
            if (end >= 0 && part.substring(0, end).toLowerCase().contains("name=\"key\"")) {
                String value = part.substring(end + 4);
                if (value.endsWith("\r\n")) {
                    value = value.substring(0, value.length() - 2);
                }
                return Optional.of(new String(value.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
            }
        }
        return Optional.empty();
    }
}
