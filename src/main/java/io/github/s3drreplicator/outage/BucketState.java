package io.github.s3drreplicator.outage;

import io.github.s3drreplicator.failure.FailureClassifier;
import software.amazon.awssdk.core.exception.SdkServiceException;

/**
 * What a bucket said to the last probe (HeadBucket in its region), each state with its own remedy: exported as
 * {@code replicator_bucket_state{pair,side,bucket,state}}, 1 for the state the bucket is in and 0 for the others.
 */
public enum BucketState {

    /** It answered: the bucket is there and the role may list it (throttling is an answer too). */
    AVAILABLE("available", "available"),
    /** Its region's S3 does not answer (5xx other than throttling, timeouts, refused or cut connections): an outage. */
    UNAVAILABLE("unavailable", "unavailable: its region's S3 does not answer"),
    /** 403: the role may not list it, or it belongs to another account than the one it must belong to. */
    ACCESS_DENIED("access-denied", "refusing access (403)"),
    /** 404: there is no such bucket (deleted, or the settings name another). */
    NO_SUCH_BUCKET("no-such-bucket", "missing (404 NoSuchBucket)");

    private final String label;
    private final String said;

    BucketState(String label, String said) {
        this.label = label;
        this.said = said;
    }

    /** As the gauge's {@code state} label has it: {@code available}, {@code access-denied}... */
    public String label() {
        return label;
    }

    /** How logs and health say it. */
    public String said() {
        return said;
    }

    /**
     * The state a probe's failure tells; {@code null} (no failure) is {@link #AVAILABLE}. Other answers than 403 and
     * 404 (a 400, throttling) are S3 answering, so {@link #AVAILABLE}: they are a request's trouble, not the bucket's.
     */
    public static BucketState of(Throwable failure, FailureClassifier classifier) {
        if (failure == null) {
            return AVAILABLE;
        }
        if (classifier.isOutage(failure)) {
            return UNAVAILABLE;
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SdkServiceException answer) {
                return switch (answer.statusCode()) {
                    case 403 -> ACCESS_DENIED;
                    case 404 -> NO_SUCH_BUCKET;
                    default -> AVAILABLE;
                };
            }
        }
        return AVAILABLE;
    }
}
