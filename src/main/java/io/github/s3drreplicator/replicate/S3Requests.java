package io.github.s3drreplicator.replicate;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.github.s3drreplicator.pair.BucketPair;
import io.github.s3drreplicator.replicate.ReconcileStep.Copy;
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
 * Builds the S3 requests the routes send, from the step decided for the record: as request objects rather than
 * Camel headers, because a key is data and Camel would evaluate a header that happens to contain {@code ${...}} as an
 * expression. Every write carries its conditions (see {@link Destination}); the source is always the pair's bucket,
 * never one an event names.
 */
public class S3Requests {

    /**
     * A server-side copy of the source's current version (or of the version the step names), provided its ETag is the
     * one decided on, over exactly the target seen. Where the step does not say otherwise, S3 copies metadata, content headers and tags itself.
     */
    public CopyObjectRequest copyObject(@ExchangeProperty(KeyReplication.PROPERTY) KeyReplication r) {
        Copy step = r.getCopy();
        BucketPair pair = r.pair();
        ObjectState source = step.source();
        CopyObjectRequest.Builder copy = CopyObjectRequest.builder()
                .sourceBucket(step.fromBucket())
                .sourceKey(r.key())
                .sourceVersionId(step.sourceVersionId())
                .copySourceIfMatch(PartCopier.quoted(source.eTag()))
                .destinationBucket(pair.targetBucket())
                .destinationKey(r.key())
                .ifMatch(step.destination().ifMatchHeader())
                .ifNoneMatch(step.destination().ifNoneMatch())
                .storageClass(step.purpose() == Copy.Purpose.RESTORE ? null : pair.storageClass());
        if (step.metadata() == null) {
            copy.metadataDirective(MetadataDirective.COPY);
        } else {
            ObjectState.Headers headers = source.headers();
            copy.metadataDirective(MetadataDirective.REPLACE)
                    .metadata(step.metadata())
                    .contentType(headers.contentType())
                    .cacheControl(headers.cacheControl())
                    .contentDisposition(headers.contentDisposition())
                    .contentEncoding(headers.contentEncoding())
                    .contentLanguage(headers.contentLanguage())
                    .expires(headers.expires());
        }
        // S3 never copies a website redirect by itself: it is named where the source was seen with one
        copy.websiteRedirectLocation(source.headers().websiteRedirect());
        if (step.tags() == null) {
            copy.taggingDirective(TaggingDirective.COPY);
        } else {
            copy.taggingDirective(TaggingDirective.REPLACE).tagging(tagging(step.tags()));
        }
        if (pair.kmsKeyId() != null && step.purpose() != Copy.Purpose.RESTORE) {
            copy.serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId(pair.kmsKeyId());
        }
        return copy.build();
    }

    /**
     * Tags other than the source object's, set once more after a copy: some stores ignore the tagging directive. On
     * the version the copy made, where the bucket keeps versions: a later copy's own tags are never overwritten.
     */
    public PutObjectTaggingRequest retagAfterCopy(@ExchangeProperty(KeyReplication.PROPERTY) KeyReplication r) {
        return tagging(r.pair().targetBucket(), r.key(), r.writtenCopy().tags(),
                KeyLooks.versioned(r.writtenVersionId()));
    }

    /** Removes the target's object, provided it is still the one seen. */
    public DeleteObjectRequest deleteObject(@ExchangeProperty(KeyReplication.PROPERTY) KeyReplication r) {
        ReconcileStep.Delete step = (ReconcileStep.Delete) r.step();
        return DeleteObjectRequest.builder()
                .bucket(r.pair().targetBucket())
                .key(r.key())
                .ifMatch(step.destination().ifMatchHeader())
                .build();
    }

    /** The target's tags: the source's, or its own with the deletion marks; of the version seen, where versioned. */
    public PutObjectTaggingRequest putObjectTagging(@ExchangeProperty(KeyReplication.PROPERTY) KeyReplication r) {
        ReconcileStep.Tag step = (ReconcileStep.Tag) r.step();
        return tagging(r.pair().targetBucket(), r.key(), step.tags(), KeyLooks.versioned(step.versionId()));
    }

    private static PutObjectTaggingRequest tagging(String bucket, String key, Map<String, String> tags,
                                                   String versionId) {
        List<Tag> tagSet = tags.entrySet().stream()
                .map(tag -> Tag.builder().key(tag.getKey()).value(tag.getValue()).build())
                .toList();
        return PutObjectTaggingRequest.builder()
                .bucket(bucket)
                .key(key)
                .versionId(versionId)
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
