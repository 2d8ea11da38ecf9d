package io.github.s3drreplicator.replicate;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.PutObjectTaggingRequest;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.Tag;
import software.amazon.awssdk.services.s3.model.TaggingDirective;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

/**
 * Builds the S3 requests the routes send, as request objects rather than Camel headers: a key is data, and Camel
 * would evaluate a header that happens to contain {@code ${...}} as an expression.
 */
public class S3Requests {

    private final String sourceBucket;
    private final String targetBucket;
    private final String storageClass;
    private final String kmsKeyId;

    /**
     * @param storageClass the DR copies' storage class, or empty for the bucket's default
     * @param kmsKeyId     the SSE-KMS key for DR copies, or empty for the bucket's default encryption
     */
    public S3Requests(String sourceBucket, String targetBucket, String storageClass, String kmsKeyId) {
        this.sourceBucket = sourceBucket;
        this.targetBucket = targetBucket;
        this.storageClass = blankToNull(storageClass);
        this.kmsKeyId = blankToNull(kmsKeyId);
    }

    /**
     * A server-side copy from the source bucket (never a bucket an event names) of exactly the version just seen:
     * by its version id where the bucket is versioned, and conditioned on its ETag, so that should the source change
     * before the copy runs, S3 refuses it (412) instead of copying half a decision.
     *
     * <p>Everything S3 keeps beside the bytes is set explicitly (metadata and tags replaced by the source's): a copy
     * in parts starts with CreateMultipartUpload, which carries over nothing by itself, and the two paths must give
     * the same result. The source's ETag is recorded in the copy's metadata, since a copy in parts gets an ETag of
     * its own.
     */
    public CopyObjectRequest copyObject(ReconcileAction action) {
        ObjectState source = action.source();
        ObjectState.Headers headers = source.headers();
        Map<String, String> metadata = new java.util.HashMap<>(source.metadata());
        metadata.put(ObjectState.SOURCE_ETAG_METADATA, source.eTag());
        CopyObjectRequest.Builder copy = CopyObjectRequest.builder()
                .sourceBucket(sourceBucket)
                .sourceKey(action.key())
                .sourceVersionId(source.versionId())
                .copySourceIfMatch(source.eTag())
                .destinationBucket(targetBucket)
                .destinationKey(action.key())
                .metadataDirective(MetadataDirective.REPLACE)
                .metadata(metadata)
                .contentType(headers.contentType())
                .cacheControl(headers.cacheControl())
                .contentDisposition(headers.contentDisposition())
                .contentEncoding(headers.contentEncoding())
                .contentLanguage(headers.contentLanguage())
                .expires(headers.expires())
                .taggingDirective(TaggingDirective.REPLACE)
                .tagging(tagging(action.sourceTags()))
                .storageClass(storageClass);
        if (kmsKeyId != null) {
            copy.serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId(kmsKeyId);
        }
        return copy.build();
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

    /** Tags as the {@code x-amz-tagging} header wants them: a URL query string. */
    static String tagging(Map<String, String> tags) {
        if (tags.isEmpty()) {
            return null;
        }
        return tags.entrySet().stream()
                .map(tag -> SdkHttpUtils.urlEncode(tag.getKey()) + "=" + SdkHttpUtils.urlEncode(tag.getValue()))
                .collect(Collectors.joining("&"));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
