package io.github.s3drreplicator.sandbox;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * ListObjectVersions answers, read and put right: S3 lists a key's versions and delete markers together, newest
 * first, each delete marker dated with its delete; the store behind the sandbox lists all delete markers before all
 * versions, dated with the version each hides.
 */
final class VersionListings {

    /** S3's timestamps in listings, which the store writes the same way: milliseconds, UTC. */
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private static final String VERSION = "Version";
    private static final String DELETE_MARKER = "DeleteMarker";

    private VersionListings() {
    }

    /** The version id of the key's latest entry, if it is a delete marker. */
    static Optional<String> latestDeleteMarker(byte[] xml, String key) {
        Document listing = parse(xml);
        boolean urlEncoded = urlEncoded(listing);
        for (Element entry : entries(listing)) {
            if (entry.getLocalName().equals(DELETE_MARKER) && key.equals(keyOf(entry, urlEncoded))
                    && "true".equals(text(entry, "IsLatest"))) {
                return Optional.ofNullable(text(entry, "VersionId"));
            }
        }
        return Optional.empty();
    }

    /**
     * The listing with every delete marker whose time is known dated with it, and each key's entries newest first,
     * versions and delete markers together, as S3 lists them.
     *
     * @param madeAt when a delete marker was made, if known
     */
    static byte[] rewritten(byte[] xml, String bucket, Function<VersionRef, Optional<Instant>> madeAt) {
        Document listing = parse(xml);
        boolean urlEncoded = urlEncoded(listing);
        List<Entry> entries = new ArrayList<>();
        for (Element element : entries(listing)) {
            String key = keyOf(element, urlEncoded);
            if (element.getLocalName().equals(DELETE_MARKER)) {
                madeAt.apply(new VersionRef(bucket, key, text(element, "VersionId")))
                        .ifPresent(at -> setText(element, "LastModified", TIME.format(at)));
            }
            entries.add(new Entry(key, element));
        }
        if (entries.isEmpty()) {
            return xml;
        }
        Element root = listing.getDocumentElement();
        entries.forEach(entry -> root.removeChild(entry.element()));
        entries.sort(Comparator.comparing(Entry::key)
                .thenComparing(Entry::latest, Comparator.reverseOrder())
                .thenComparing(Entry::lastModified, Comparator.reverseOrder()));
        Node before = firstChild(root, "Name");
        entries.forEach(entry -> root.insertBefore(entry.element(), before));
        return Xml.write(listing);
    }

    /** A version or delete marker, with what orders it. */
    private record Entry(String key, Element element) {

        boolean latest() {
            return "true".equals(text(element, "IsLatest"));
        }

        Instant lastModified() {
            String time = text(element, "LastModified");
            try {
                return time == null ? Instant.EPOCH : Instant.parse(time);
            } catch (RuntimeException e) {
                return Instant.EPOCH;
            }
        }
    }

    private static List<Element> entries(Document listing) {
        List<Element> entries = new ArrayList<>();
        NodeList children = listing.getDocumentElement().getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            if (children.item(i) instanceof Element element
                    && (VERSION.equals(element.getLocalName()) || DELETE_MARKER.equals(element.getLocalName()))) {
                entries.add(element);
            }
        }
        return entries;
    }

    private static boolean urlEncoded(Document listing) {
        Element encoding = firstChild(listing.getDocumentElement(), "EncodingType");
        return encoding != null && "url".equalsIgnoreCase(encoding.getTextContent().trim());
    }

    private static String keyOf(Element entry, boolean urlEncoded) {
        String key = text(entry, "Key");
        return key != null && urlEncoded ? S3Path.decode(key) : key;
    }

    private static Element firstChild(Element parent, String name) {
        NodeList children = parent.getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            if (children.item(i) instanceof Element element && name.equals(element.getLocalName())) {
                return element;
            }
        }
        return null;
    }

    private static String text(Element parent, String name) {
        Element child = firstChild(parent, name);
        return child == null ? null : child.getTextContent();
    }

    private static void setText(Element parent, String name, String value) {
        Element child = firstChild(parent, name);
        if (child != null) {
            child.setTextContent(value);
        }
    }

    private static Document parse(byte[] xml) {
        return Xml.parse(xml, "ListObjectVersions answer");
    }
}
