package io.github.s3drreplicator.event;

/**
 * One record of an S3 event notification, with its key decoded.
 *
 * @param eventName  for example {@code ObjectCreated:Put} or {@code ObjectRemoved:Delete}
 * @param bucket     the bucket the record names
 * @param key        the object key, decoded
 * @param size       the object size in bytes, or {@code null} for removals
 * @param eTag       the object's ETag without quotes, or {@code null}
 * @param versionId  the version, or {@code null} when the bucket is not versioned
 * @param sequencer  S3's ordering hint for events of one key, or {@code null}
 * @param eventTime  the ISO-8601 time S3 gives, or {@code null}
 * @param repairOf   for a repair record an audit queued ({@link RepairRecord}), the bucket pair it found the key
 *                   drifted in; {@code null} for every event S3 sends
 */
public record ObjectEvent(String eventName, String bucket, String key, Long size, String eTag, String versionId,
                          String sequencer, String eventTime, String repairOf) {

    /** An event as S3 sends it. */
    public ObjectEvent(String eventName, String bucket, String key, Long size, String eTag, String versionId,
                       String sequencer, String eventTime) {
        this(eventName, bucket, key, size, eTag, versionId, sequencer, eventTime, null);
    }

    /** A repair an audit sent through the queue ({@code audit --repair --via-queue}), not an event of S3's. */
    public boolean isRepair() {
        return repairOf != null;
    }

    public boolean isCreated() {
        return eventName != null && eventName.startsWith("ObjectCreated:");
    }

    /**
     * A removal: a delete ({@code ObjectRemoved:*}), or an expiration by the bucket's lifecycle rules
     * ({@code LifecycleExpiration:*}, which S3 sends instead of {@code ObjectRemoved}).
     */
    public boolean isRemoved() {
        return eventName != null && (eventName.startsWith("ObjectRemoved:") || isLifecycleExpiration());
    }

    /** An object expired by the source bucket's lifecycle rules: a removal like any other, counted apart. */
    public boolean isLifecycleExpiration() {
        return eventName != null && eventName.startsWith("LifecycleExpiration:");
    }

    /** Whether the event may have changed what DR must hold: creations, removals and tag changes. */
    public boolean isReplicable() {
        return isCreated() || isRemoved() || (eventName != null && eventName.startsWith("ObjectTagging:"));
    }
}
