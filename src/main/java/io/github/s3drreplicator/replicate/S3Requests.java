package io.github.s3drreplicator.replicate;

import java.util.List;

import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectTaggingRequest;
import software.amazon.awssdk.services.s3.model.Tag;

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

    /**
     * A server-side copy from the source bucket (never a bucket an event names) of exactly the version just seen:
     * should the source change before the copy runs, S3 refuses it (412) instead of copying half a decision.
     */
    public CopyObjectRequest copyObject(ReconcileAction action) {
        return CopyObjectRequest.builder()
                .sourceBucket(sourceBucket)
                .sourceKey(action.key())
                .copySourceIfMatch(action.source().eTag())
                .destinationBucket(targetBucket)
                .destinationKey(action.key())
                .build();
    }

    public DeleteObjectRequest deleteObject(ReconcileAction action) {
        return DeleteObjectRequest.builder()
                .bucket(targetBucket)
                .key(action.key())
                .build();
    }

    public PutObjectTaggingRequest putObjectTagging(ReconcileAction action) {
        List<Tag> tags = action.sourceTags().entrySet().stream()
                .map(tag -> Tag.builder().key(tag.getKey()).value(tag.getValue()).build())
                .toList();
        return PutObjectTaggingRequest.builder()
                .bucket(targetBucket)
                .key(action.key())
                .tagging(t -> t.tagSet(tags))
                .build();
    }
}
