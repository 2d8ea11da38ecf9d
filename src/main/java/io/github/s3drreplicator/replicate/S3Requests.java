package io.github.s3drreplicator.replicate;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.github.s3drreplicator.pair.BucketPair;
import org.apache.camel.ExchangeProperty;
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
 * would evaluate a header that happens to contain {@code ${...}} as an expression. Each is built from the decision
 * in the exchange ({@code replicatorAction}), whatever the body holds by then.
 */
public class S3Requests {

    /**
     * A server-side copy from the pair's source bucket (never a bucket an event names) of exactly the version just
     * seen: by its version id where the bucket is versioned, and conditioned on its ETag, so that should the source
     * change before the copy runs, S3 refuses it (412) instead of copying half a decision.
     *
     * <p>Everything S3 keeps beside the bytes is set explicitly (metadata and tags replaced by the source's): a copy
     * in parts starts with CreateMultipartUpload, which carries over nothing by itself, and the two paths must give
     * the same result. The source's ETag is recorded in the copy's metadata, since a copy in parts gets an ETag of
     * its own.
     */
    public CopyObjectRequest copyObject(@ExchangeProperty("replicatorAction") ReconcileAction action) {
        BucketPair pair = action.pair();
        if (action.fast()) {
            return fastCopy(action);
        }
        ObjectState source = action.source();
        Map<String, String> metadata = new HashMap<>(source.metadata());
        // a copy of a copy (a restore, or the service running from DR back to production) names the original
        metadata.putIfAbsent(ObjectState.SOURCE_ETAG_METADATA, source.eTag());
        return copy(pair, pair.sourceBucket(), action.key(), source, metadata, action.sourceTags());
    }

    /**
     * The fast path's copy (see {@link KeyReconciler}): of whatever version is current, provided its ETag is the one
     * the event announced, with the metadata, headers and tags S3 copies from it itself. A copy in one piece keeps the
     * source's ETag, which is then what says DR holds it.
     */
    private static CopyObjectRequest fastCopy(ReconcileAction action) {
        BucketPair pair = action.pair();
        return CopyObjectRequest.builder()
                .sourceBucket(pair.sourceBucket())
                .sourceKey(action.key())
                .copySourceIfMatch(action.source().eTag())
                .destinationBucket(pair.targetBucket())
                .destinationKey(action.key())
                .metadataDirective(MetadataDirective.COPY)
                .taggingDirective(TaggingDirective.COPY)
                .storageClass(pair.storageClass())
                .build();
    }

    /**
     * Delete mode {@code delayed}: DR's copy copied onto itself with the deletion marks. Writing it anew is what
     * makes the lifecycle rule count the delay from now: S3 counts a rule's days from an object's last write,
     * and tagging alone is no write.
     */
    public CopyObjectRequest markInPlace(@ExchangeProperty("replicatorAction") ReconcileAction action) {
        BucketPair pair = action.pair();
        ObjectState dr = action.dr();
        // the time in the metadata too: S3 refuses to copy an object onto itself unchanged
        Map<String, String> metadata = new HashMap<>(dr.metadata());
        metadata.put(DeletionMarks.DELETED_AT, action.drTags().get(DeletionMarks.DELETED_AT));
        return copy(pair, pair.targetBucket(), action.key(), dr, metadata, action.drTags());
    }

    /** Delete mode {@code retain}: DR's copy keeps its bytes and gets the deletion marks among its tags. */
    public PutObjectTaggingRequest markByTagging(@ExchangeProperty("replicatorAction") ReconcileAction action) {
        return tagging(action.pair().targetBucket(), action.key(), action.drTags());
    }

    public DeleteObjectRequest deleteObject(@ExchangeProperty("replicatorAction") ReconcileAction action) {
        return DeleteObjectRequest.builder()
                .bucket(action.pair().targetBucket())
                .key(action.key())
                .build();
    }

    public PutObjectTaggingRequest putObjectTagging(@ExchangeProperty("replicatorAction") ReconcileAction action) {
        return tagging(action.pair().targetBucket(), action.key(), action.sourceTags());
    }

    private static CopyObjectRequest copy(BucketPair pair, String fromBucket, String key, ObjectState from,
                                          Map<String, String> metadata, Map<String, String> tags) {
        ObjectState.Headers headers = from.headers();
        CopyObjectRequest.Builder copy = CopyObjectRequest.builder()
                .sourceBucket(fromBucket)
                .sourceKey(key)
                .sourceVersionId(from.versionId())
                .copySourceIfMatch(from.eTag())
                .destinationBucket(pair.targetBucket())
                .destinationKey(key)
                .metadataDirective(MetadataDirective.REPLACE)
                .metadata(metadata)
                .contentType(headers.contentType())
                .cacheControl(headers.cacheControl())
                .contentDisposition(headers.contentDisposition())
                .contentEncoding(headers.contentEncoding())
                .contentLanguage(headers.contentLanguage())
                .expires(headers.expires())
                .taggingDirective(TaggingDirective.REPLACE)
                .tagging(tagging(tags))
                .storageClass(pair.storageClass());
        if (pair.kmsKeyId() != null) {
            copy.serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId(pair.kmsKeyId());
        }
        return copy.build();
    }

    private static PutObjectTaggingRequest tagging(String bucket, String key, Map<String, String> tags) {
        List<Tag> tagSet = tags.entrySet().stream()
                .map(tag -> Tag.builder().key(tag.getKey()).value(tag.getValue()).build())
                .toList();
        return PutObjectTaggingRequest.builder()
                .bucket(bucket)
                .key(key)
                .tagging(t -> t.tagSet(tagSet))
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
}
