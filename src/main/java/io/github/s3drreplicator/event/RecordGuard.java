package io.github.s3drreplicator.event;

import java.nio.charset.StandardCharsets;

/**
 * Refuses records whose key no S3 object can have: too long, or with control characters (a forged record). Which
 * buckets a record may name is the bucket pairs' business ({@code BucketPairs.pairFor}).
 */
public class RecordGuard {

    /** S3's own limit on the length of a key, in bytes of UTF-8. */
    public static final int MAX_KEY_BYTES = 1024;

    /**
     * @return the same event, when it may be applied
     * @throws RejectedRecordException with the reason otherwise
     */
    public ObjectEvent check(ObjectEvent event) {
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
