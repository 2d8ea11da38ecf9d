package io.github.s3drreplicator.sandbox;

import java.util.Map;
import java.util.Set;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * DeleteObjects answers, completed with the delete markers S3 names in them: a key deleted without a version id in
 * a versioned bucket gets {@code <DeleteMarker>true</DeleteMarker><DeleteMarkerVersionId>} (the marker it made); a
 * delete marker deleted by its version id gets the same, naming itself.
 */
final class DeleteResults {

    private DeleteResults() {
    }

    /**
     * @param madeByKey      the delete marker each key deleted without a version id got, by key
     * @param markersDeleted the delete markers deleted by their version id
     */
    static byte[] withDeleteMarkers(byte[] xml, String bucket, Map<String, String> madeByKey,
                                    Set<VersionRef> markersDeleted) {
        if (madeByKey.isEmpty() && markersDeleted.isEmpty()) {
            return xml;
        }
        Document answer = Xml.parse(xml, "DeleteObjects answer");
        NodeList deleted = answer.getElementsByTagNameNS("*", "Deleted");
        for (int i = 0; i < deleted.getLength(); i++) {
            Element entry = (Element) deleted.item(i);
            String key = text(entry, "Key");
            String versionId = text(entry, "VersionId");
            String marker = versionId == null ? madeByKey.get(key)
                    : markersDeleted.contains(new VersionRef(bucket, key, versionId)) ? versionId : null;
            if (key != null && marker != null) {
                remove(entry, "DeleteMarker");
                remove(entry, "DeleteMarkerVersionId");
                append(entry, "DeleteMarker", "true");
                append(entry, "DeleteMarkerVersionId", marker);
            }
        }
        return Xml.write(answer);
    }

    private static String text(Element parent, String name) {
        NodeList children = parent.getElementsByTagNameNS("*", name);
        return children.getLength() == 0 ? null : children.item(0).getTextContent();
    }

    private static void remove(Element parent, String name) {
        NodeList children = parent.getElementsByTagNameNS("*", name);
        for (int i = children.getLength() - 1; i >= 0; i--) {
            parent.removeChild(children.item(i));
        }
    }

    private static void append(Element parent, String name, String value) {
        Element child = parent.getOwnerDocument().createElementNS(parent.getNamespaceURI(), name);
        child.setTextContent(value);
        parent.appendChild(child);
    }
}
