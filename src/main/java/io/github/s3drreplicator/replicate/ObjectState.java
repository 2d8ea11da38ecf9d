package io.github.s3drreplicator.replicate;

import java.util.Map;
import java.util.Objects;

import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * What a bucket holds under one key, as a HeadObject answer tells it.
 *
 * @param eTag     without quotes
 * @param metadata the user metadata
 */
public record ObjectState(boolean exists, String eTag, Long size, String versionId, Map<String, String> metadata) {

    /** User metadata a DR copy carries when its own ETag cannot tell which source version it holds. */
    public static final String SOURCE_ETAG_METADATA = "replicator-source-etag";

    public static final ObjectState ABSENT = new ObjectState(false, null, null, null, Map.of());

    public static ObjectState of(HeadObjectResponse head) {
        return new ObjectState(true, unquoted(head.eTag()), head.contentLength(), head.versionId(),
                head.metadata() == null ? Map.of() : head.metadata());
    }

    /**
     * Whether this DR copy holds exactly the given source version: the same size and either the same ETag (a
     * single-part copy keeps it) or the source's ETag recorded in its metadata.
     */
    public boolean holdsCopyOf(ObjectState source) {
        if (!exists || !source.exists) {
            return false;
        }
        return Objects.equals(size, source.size)
                && (Objects.equals(eTag, source.eTag) || Objects.equals(metadata.get(SOURCE_ETAG_METADATA), source.eTag));
    }

    /** Whether two looks at the same source saw the same thing. */
    public boolean sameVersionAs(ObjectState other) {
        return exists == other.exists && Objects.equals(eTag, other.eTag) && Objects.equals(size, other.size)
                && Objects.equals(versionId, other.versionId);
    }

    private static String unquoted(String eTag) {
        return eTag == null ? null : eTag.replace("\"", "");
    }
}
