package io.github.s3drreplicator.sandbox;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/** Reads the object keys out of the two S3 requests that carry them in the body instead of the path. */
final class RequestBodies {

    private RequestBodies() {
    }

    /** The keys of a DeleteObjects request ({@code <Delete><Object><Key>...}). */
    static List<String> deleteObjectsKeys(byte[] xml) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setNamespaceAware(true);
            Document document = factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
            NodeList keys = document.getElementsByTagNameNS("*", "Key");
            List<String> answer = new ArrayList<>(keys.getLength());
            for (int i = 0; i < keys.getLength(); i++) {
                answer.add(keys.item(i).getTextContent());
            }
            return answer;
        } catch (Exception e) {
            throw new IllegalArgumentException("not a DeleteObjects request: " + e.getMessage(), e);
        }
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
