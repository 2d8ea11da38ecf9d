package io.github.s3drreplicator.replicate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.Tag;

/** How the replicator looks at one key in one bucket: its object, its tags, its history. Reads only. */
public final class KeyLooks {

    private static final int HISTORY_ENTRIES = 100;

    private KeyLooks() {
    }

    /** The object as S3 sees it now; absent only on S3's own word that the key does not exist (404). */
    public static ObjectState head(S3Client s3, String bucket, String key) {
        return head(s3, bucket, key, null);
    }

    /**
     * One version of the key ({@code null}: the current one); absent only on S3's own word that it does not exist
     * (404: the key, or that version, expired or was never there).
     */
    public static ObjectState head(S3Client s3, String bucket, String key, String versionId) {
        try {
            return ObjectState.of(s3.headObject(r -> r.bucket(bucket).key(key).versionId(versionId)
                    .checksumMode(ChecksumMode.ENABLED)));
        } catch (NoSuchKeyException gone) {
            return ObjectState.ABSENT;
        } catch (S3Exception e) {
            // HEAD answers carry no body, so a missing key may come back as a bare 404; anything else (403, 5xx,
            // a timeout) is a failure to read, never "the object is gone"
            if (e.statusCode() == 404 && !"NoSuchBucket".equals(errorCode(e))) {
                return ObjectState.ABSENT;
            }
            throw e;
        }
    }

    /** The object's tags, or {@code null} when it is gone. */
    public static Map<String, String> tags(S3Client s3, String bucket, String key, String versionId) {
        try {
            return s3.getObjectTagging(r -> r.bucket(bucket).key(key).versionId(versioned(versionId))).tagSet()
                    .stream().collect(Collectors.toMap(Tag::key, Tag::value));
        } catch (NoSuchKeyException gone) {
            return null;
        }
    }

    /** The key's versions and delete markers, newest first (only this key, not others it is a prefix of). */
    public static KeyHistory history(S3Client s3, String bucket, String key) {
        ListObjectVersionsResponse listed = s3.listObjectVersions(r -> r.bucket(bucket).prefix(key)
                .maxKeys(HISTORY_ENTRIES));
        record Listed(KeyHistory.Entry entry, boolean latest) {
        }
        List<Listed> entries = new ArrayList<>();
        listed.versions().stream().filter(v -> key.equals(v.key())).forEach(v -> entries.add(new Listed(
                new KeyHistory.Entry(v.eTag().replace("\"", ""), v.lastModified()), Boolean.TRUE.equals(v.isLatest()))));
        listed.deleteMarkers().stream().filter(m -> key.equals(m.key())).forEach(m -> entries.add(new Listed(
                new KeyHistory.Entry(null, m.lastModified()), Boolean.TRUE.equals(m.isLatest()))));
        // the latest first, then by time: S3 counts whole seconds, and a marker and a version may share one
        entries.sort(Comparator.comparing(Listed::latest).reversed().thenComparing(listedEntry ->
                listedEntry.entry().lastModified(), Comparator.nullsLast(Comparator.reverseOrder())));
        return new KeyHistory(entries.stream().map(Listed::entry).toList());
    }

    /** A version id S3 gave, or {@code null} for an unversioned bucket (whose objects say "null"). */
    public static String versioned(String versionId) {
        return versionId == null || versionId.equals("null") ? null : versionId;
    }

    private static String errorCode(S3Exception e) {
        return e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    }
}
