package io.github.s3drreplicator.replicate;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * What a bucket holds under one key, as a HeadObject answer tells it: enough to decide whether DR holds a copy,
 * and to give a copy everything S3 keeps beside the bytes.
 *
 * @param eTag     without quotes
 * @param metadata the user metadata ({@code x-amz-meta-*})
 * @param headers  the object's own headers: Content-Type, Cache-Control, Content-Disposition, Content-Encoding,
 *                 Content-Language, Expires
 * @param checksum the full-object checksum S3 reports, if any
 * @param tagCount how many tags S3 says the object has ({@code x-amz-tagging-count}), or {@code null} if not said
 * @param lastModified when this version was written, or {@code null} if not said
 */
public record ObjectState(boolean exists, String eTag, Long size, String versionId, Map<String, String> metadata,
                          Headers headers, Checksum checksum, Integer tagCount, Instant lastModified) {

    /** User metadata every DR copy carries: the ETag of the source version it was copied from. */
    public static final String SOURCE_ETAG_METADATA = "replicator-source-etag";

    public static final ObjectState ABSENT = new ObjectState(false, null, null, null, Map.of(), Headers.NONE, null, 0,
            null);

    public record Headers(String contentType, String cacheControl, String contentDisposition, String contentEncoding,
                          String contentLanguage, Instant expires) {
        static final Headers NONE = new Headers(null, null, null, null, null, null);
    }

    /** A checksum of the whole object ({@code FULL_OBJECT}), which a copy made in parts has too. */
    public record Checksum(String algorithm, String value) {
    }

    public static ObjectState of(HeadObjectResponse head) {
        return new ObjectState(true, unquoted(head.eTag()), head.contentLength(), head.versionId(),
                head.metadata() == null ? Map.of() : head.metadata(),
                new Headers(head.contentType(), head.cacheControl(), head.contentDisposition(), head.contentEncoding(),
                        head.contentLanguage(), head.expires()),
                fullObjectChecksum(head), head.tagCount(), head.lastModified());
    }

    /**
     * The object an event announces: its ETag, size and version, nothing else known. A copy conditioned on that ETag
     * copies exactly the announced content, or nothing.
     */
    public static ObjectState announced(String eTag, long size, String versionId) {
        return new ObjectState(true, eTag, size, versionId, Map.of(), Headers.NONE, null, null, null);
    }

    /**
     * Whether this DR copy holds exactly the given source version: the same size and either the same ETag (a
     * single-part copy keeps it) or the source's ETag recorded in its metadata (a copy made in parts has an ETag of
     * its own). It holds both ways, so that when the service also runs from DR back to production, a copy is never
     * copied back over its original: every loop ends.
     */
    public boolean holdsCopyOf(ObjectState source) {
        if (!exists || !source.exists || !Objects.equals(size, source.size)) {
            return false;
        }
        String recorded = metadata.get(SOURCE_ETAG_METADATA);
        String sourceRecorded = source.metadata.get(SOURCE_ETAG_METADATA);
        return Objects.equals(eTag, source.eTag)
                || Objects.equals(recorded, source.eTag)
                || Objects.equals(eTag, sourceRecorded)
                || (recorded != null && recorded.equals(sourceRecorded));
    }

    /**
     * Whether this DR copy has the source's bytes as far as S3 can tell without reading them: the same size, and
     * the same full-object checksum where both report one of the same algorithm.
     */
    public boolean hasSameContentAs(ObjectState source) {
        if (!exists || !source.exists || !Objects.equals(size, source.size)) {
            return false;
        }
        return checksum == null || source.checksum == null || !checksum.algorithm().equals(source.checksum.algorithm())
                || checksum.value().equals(source.checksum.value());
    }

    /** Whether the object may have tags: worth a GetObjectTagging. */
    public boolean mayHaveTags() {
        return tagCount == null || tagCount > 0;
    }

    /** Whether two looks at the same source saw the same thing. */
    public boolean sameVersionAs(ObjectState other) {
        return exists == other.exists && Objects.equals(eTag, other.eTag) && Objects.equals(size, other.size)
                && Objects.equals(versionId, other.versionId);
    }

    private static Checksum fullObjectChecksum(HeadObjectResponse head) {
        if (head.checksumType() == null || !"FULL_OBJECT".equals(head.checksumTypeAsString())) {
            return null;
        }
        if (head.checksumCRC64NVME() != null) {
            return new Checksum("CRC64NVME", head.checksumCRC64NVME());
        }
        if (head.checksumCRC32() != null) {
            return new Checksum("CRC32", head.checksumCRC32());
        }
        if (head.checksumCRC32C() != null) {
            return new Checksum("CRC32C", head.checksumCRC32C());
        }
        return null;
    }

    private static String unquoted(String eTag) {
        return eTag == null ? null : eTag.replace("\"", "");
    }
}
