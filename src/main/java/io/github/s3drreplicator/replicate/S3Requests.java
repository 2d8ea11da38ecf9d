package io.github.s3drreplicator.replicate;

import io.github.s3drreplicator.event.ObjectEvent;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;

/**
 * Builds the S3 requests the routes send, as request objects rather than Camel headers: a key is data, and Camel
 * would evaluate a header that happens to contain {@code ${...}} as an expression.
 */
public class S3Requests {

    private final String sourceBucket;
    private final String targetBucket;

    public S3Requests(String sourceBucket, String targetBucket) {
        this.sourceBucket = sourceBucket;
        this.targetBucket = targetBucket;
    }

    /** A server-side copy of the event's object from the source bucket (never the bucket the event names). */
    public CopyObjectRequest copyObject(ObjectEvent event) {
        return CopyObjectRequest.builder()
                .sourceBucket(sourceBucket)
                .sourceKey(event.key())
                .sourceVersionId(event.versionId())
                .destinationBucket(targetBucket)
                .destinationKey(event.key())
                .build();
    }

    public DeleteObjectRequest deleteObject(ObjectEvent event) {
        return DeleteObjectRequest.builder()
                .bucket(targetBucket)
                .key(event.key())
                .build();
    }
}
