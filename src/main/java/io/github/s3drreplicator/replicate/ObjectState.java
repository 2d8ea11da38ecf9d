package io.github.s3drreplicator.replicate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * What S3 says about one object (HeadObject): everything that decides whether DR holds a copy of it, and what a copy
 * made in parts must set itself.
 *
 * @param eTag      without quotes
 * @param metadata  the user metadata ({@code x-amz-meta-*})
 * @param headers   the object's own headers: Content-Type, Cache-Control, Content-Disposition, Content-Encoding,
 *                  Content-Language, Expires
 * @param checksum  the full-object checksum S3 reports, if any
 * @param tagCount  how many tags S3 says the object has ({@code x-amz-tagging-count}), or {@code null} where it says
 *                  nothing, as it does for an object without tags
 * @param lastModified when this version was written, or {@code null} if not said
 * @param opaqueETag whether the ETag is no digest of the bytes (SSE-KMS, SSE-C): then only a checksum tells copies
 * @param storageClass the storage class S3 reports, {@code null} for STANDARD (S3 names no other)
 */
public record ObjectState(boolean exists, String eTag, Long size, String versionId, Map<String, String> metadata,
                          Headers headers, Checksum checksum, Integer tagCount, Instant lastModified,
                          boolean opaqueETag, String storageClass) {

    public static final ObjectState ABSENT = new ObjectState(false, null, null, null, Map.of(), Headers.NONE, null, 0,
            null, false, null);

    /** An object in S3's default storage class (STANDARD). */
    public ObjectState(boolean exists, String eTag, Long size, String versionId, Map<String, String> metadata,
                       Headers headers, Checksum checksum, Integer tagCount, Instant lastModified, boolean opaqueETag) {
        this(exists, eTag, size, versionId, metadata, headers, checksum, tagCount, lastModified, opaqueETag, null);
    }

    /**
     * The object's own headers, which S3 keeps with it beside the user metadata.
     *
     * @param websiteRedirect {@code x-amz-website-redirect-location}, which S3 never copies by itself
     */
    public record Headers(String contentType, String cacheControl, String contentDisposition, String contentEncoding,
                          String contentLanguage, Instant expires, String websiteRedirect) {
        public static final Headers NONE = new Headers(null, null, null, null, null, null, null);

        public Headers(String contentType, String cacheControl, String contentDisposition, String contentEncoding,
                       String contentLanguage, Instant expires) {
            this(contentType, cacheControl, contentDisposition, contentEncoding, contentLanguage, expires, null);
        }
    }

    /** A checksum of the whole object ({@code FULL_OBJECT}), which a copy of the same bytes has too. */
    public record Checksum(String algorithm, String value) {
    }

    public static ObjectState of(HeadObjectResponse head) {
        boolean opaque = head.serverSideEncryption() == ServerSideEncryption.AWS_KMS
                || head.serverSideEncryption() == ServerSideEncryption.AWS_KMS_DSSE || head.sseCustomerAlgorithm() != null;
        return new ObjectState(true, unquoted(head.eTag()), head.contentLength(), head.versionId(),
                head.metadata() == null ? Map.of() : head.metadata(),
                new Headers(head.contentType(), head.cacheControl(), head.contentDisposition(), head.contentEncoding(),
                        head.contentLanguage(), head.expires(), head.websiteRedirectLocation()),
                fullObjectChecksum(head), head.tagCount(), head.lastModified(), opaque,
                head.storageClass() == null || "STANDARD".equals(head.storageClassAsString()) ? null
                        : head.storageClassAsString());
    }

    /**
     * The object an event announces: its ETag, size and version, nothing else known. A copy conditioned on that ETag
     * copies exactly the announced content, or nothing.
     */
    public static ObjectState announced(String eTag, long size, String versionId) {
        return new ObjectState(true, eTag, size, versionId, Map.of(), Headers.NONE, null, null, null, false);
    }

    /**
     * Whether this object holds exactly the bytes of {@code source}, as far as S3 can tell without reading them: the
     * same size and either the same full-object checksum (same algorithm) or the same ETag. A copy keeps the ETag of
     * its source where the replicator copies in one piece a single-part object, or in the source's own parts a
     * multipart one; an ETag that is no digest (SSE-KMS, SSE-C) leaves the checksum, and where neither side has one,
     * the size and which was written last (see docs/fidelity.md). Nothing the objects carry as metadata or tags
     * counts: a hand copy cannot pass for a replica. It holds both ways, so a copy is never copied back.
     */
    public boolean holdsCopyOf(ObjectState source) {
        if (!exists || !source.exists || !Objects.equals(size, source.size)) {
            return false;
        }
        if (checksum != null && source.checksum != null
                && checksum.algorithm().equals(source.checksum.algorithm())) {
            return checksum.value().equals(source.checksum.value());
        }
        if (!opaqueETag && !source.opaqueETag) {
            return Objects.equals(eTag, source.eTag);
        }
        // no way to compare bytes: the later write is taken as the copy of the earlier (documented as weaker)
        return Objects.equals(eTag, source.eTag) || (lastModified != null && source.lastModified != null
                && !lastModified.isBefore(source.lastModified));
    }

    /**
     * What this object carries besides its bytes that differs from {@code source}'s: the user metadata, the content
     * headers (Content-Type, Cache-Control, Content-Disposition, Content-Encoding, Content-Language, Expires), the
     * website redirect and, where one is expected, the storage class. Names as an operator reads them
     * ({@code metadata}, {@code Content-Type}, ..., {@code website-redirect}, {@code storage-class}); empty where
     * nothing differs. Tags are not here: HeadObject gives only their count.
     *
     * @param expectedStorageClass the class this object must be in ({@code STANDARD} or another), or {@code null} where
     *                             any class will do
     */
    public List<String> propertiesDifferingFrom(ObjectState source, Map<String, String> sourceMetadata,
                                                String expectedStorageClass) {
        List<String> differ = new ArrayList<>();
        if (!Objects.equals(metadata, sourceMetadata)) {
            differ.add("metadata");
        }
        Headers mine = headers == null ? Headers.NONE : headers;
        Headers theirs = source.headers == null ? Headers.NONE : source.headers;
        compare(differ, "Content-Type", mine.contentType(), theirs.contentType());
        compare(differ, "Cache-Control", mine.cacheControl(), theirs.cacheControl());
        compare(differ, "Content-Disposition", mine.contentDisposition(), theirs.contentDisposition());
        compare(differ, "Content-Encoding", mine.contentEncoding(), theirs.contentEncoding());
        compare(differ, "Content-Language", mine.contentLanguage(), theirs.contentLanguage());
        compare(differ, "Expires", mine.expires(), theirs.expires());
        compare(differ, "website-redirect", mine.websiteRedirect(), theirs.websiteRedirect());
        if (expectedStorageClass != null) {
            compare(differ, "storage-class", storageClass == null ? "STANDARD" : storageClass, expectedStorageClass);
        }
        return differ;
    }

    /** As {@link #propertiesDifferingFrom(ObjectState, Map, String)}, with the source's metadata as it is. */
    public List<String> propertiesDifferingFrom(ObjectState source, String expectedStorageClass) {
        return propertiesDifferingFrom(source, source.metadata, expectedStorageClass);
    }

    private static void compare(List<String> differ, String name, Object mine, Object theirs) {
        // an empty header is no header: stores differ in which they keep
        Object a = "".equals(mine) ? null : mine;
        Object b = "".equals(theirs) ? null : theirs;
        if (!Objects.equals(a, b)) {
            differ.add(name);
        }
    }

    /** Whether the object was uploaded in parts: its ETag is {@code md5-of-parts-N}. */
    public boolean multipart() {
        return eTag != null && eTag.contains("-");
    }

    /** How many parts it was uploaded in (1 for a single upload). */
    public int parts() {
        if (!multipart()) {
            return 1;
        }
        return Integer.parseInt(eTag.substring(eTag.lastIndexOf('-') + 1));
    }

    /**
     * Whether the object has tags: worth a GetObjectTagging. S3 says how many ({@code x-amz-tagging-count}) only where
     * there are some (and the caller may read them, as the replicator's roles may): no count is no tags. The service
     * checks at start that the store says it ({@code Guarantee.TAG_COUNTS}).
     */
    public boolean mayHaveTags() {
        return exists && tagCount != null && tagCount > 0;
    }

    private static Checksum fullObjectChecksum(HeadObjectResponse head) {
        // a composite checksum (of parts) ends in -N and is no checksum of the bytes; S3Mock says no type at all
        if (head.checksumType() != null && !"FULL_OBJECT".equals(head.checksumTypeAsString())) {
            return null;
        }
        Checksum found = null;
        if (head.checksumCRC64NVME() != null) {
            found = new Checksum("CRC64NVME", head.checksumCRC64NVME());
        } else if (head.checksumCRC32C() != null) {
            found = new Checksum("CRC32C", head.checksumCRC32C());
        } else if (head.checksumCRC32() != null) {
            found = new Checksum("CRC32", head.checksumCRC32());
        }
        return found == null || found.value().contains("-") ? null : found;
    }

    private static String unquoted(String eTag) {
        return eTag == null ? null : eTag.replace("\"", "");
    }
}
