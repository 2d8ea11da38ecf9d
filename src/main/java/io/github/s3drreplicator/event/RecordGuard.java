package io.github.s3drreplicator.event;

import java.nio.charset.StandardCharsets;

/**
 * Refuses records the replicator must not act on. The copy source is always the configured source bucket, so a
 * record naming any other bucket is rejected rather than used: no confused-deputy copies out of foreign buckets.
 */
public class RecordGuard {

    /** S3's own limit on the length of a key, in bytes of UTF-8. */
    public static final int MAX_KEY_BYTES = 1024;

    private final String sourceBucket;

    public RecordGuard(String sourceBucket) {
        this.sourceBucket = sourceBucket;
    }

    /**
     * @return the same event, when it may be applied
     * @throws RejectedRecordException with the reason otherwise
     */
    public ObjectEvent check(ObjectEvent event) {
        if (!sourceBucket.equals(event.bucket())) {
            throw new RejectedRecordException("the record names bucket '" + event.bucket()
                    + "', which is not the configured source bucket '" + sourceBucket + "'");
        }
        int keyBytes = event.key().getBytes(StandardCharsets.UTF_8).length;
        if (keyBytes > MAX_KEY_BYTES) {
            throw new RejectedRecordException("the object key is " + keyBytes + " bytes long, over S3's limit of "
                    + MAX_KEY_BYTES);
        }
        for (int i = 0; i < event.key().length(); i++) {
            if (Character.isISOControl(event.key().charAt(i))) {
                throw new RejectedRecordException("the object key contains the control character U+"
                        + String.format("%04X", (int) event.key().charAt(i)));
            }
        }
        return event;
    }
}
