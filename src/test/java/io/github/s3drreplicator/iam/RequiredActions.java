package io.github.s3drreplicator.iam;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CreateBucketRequest;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.DeleteBucketPolicyRequest;
import software.amazon.awssdk.services.s3.model.DeleteBucketRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectTaggingRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectsRequest;
import software.amazon.awssdk.services.s3.model.GetBucketEncryptionRequest;
import software.amazon.awssdk.services.s3.model.GetBucketLifecycleConfigurationRequest;
import software.amazon.awssdk.services.s3.model.GetBucketLocationRequest;
import software.amazon.awssdk.services.s3.model.GetBucketNotificationConfigurationRequest;
import software.amazon.awssdk.services.s3.model.GetBucketPolicyRequest;
import software.amazon.awssdk.services.s3.model.GetBucketTaggingRequest;
import software.amazon.awssdk.services.s3.model.GetBucketVersioningRequest;
import software.amazon.awssdk.services.s3.model.GetObjectAttributesRequest;
import software.amazon.awssdk.services.s3.model.GetObjectLegalHoldRequest;
import software.amazon.awssdk.services.s3.model.GetObjectLockConfigurationRequest;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectRetentionRequest;
import software.amazon.awssdk.services.s3.model.GetObjectTaggingRequest;
import software.amazon.awssdk.services.s3.model.HeadBucketRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.ListBucketsRequest;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsRequest;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListPartsRequest;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.PutBucketLifecycleConfigurationRequest;
import software.amazon.awssdk.services.s3.model.PutBucketPolicyRequest;
import software.amazon.awssdk.services.s3.model.PutBucketVersioningRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectTaggingRequest;
import software.amazon.awssdk.services.s3.model.TaggingDirective;
import software.amazon.awssdk.services.s3.model.UploadPartCopyRequest;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequest;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityRequest;
import software.amazon.awssdk.services.sqs.model.CreateQueueRequest;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.DeleteMessageRequest;
import software.amazon.awssdk.services.sqs.model.GetQueueAttributesRequest;
import software.amazon.awssdk.services.sqs.model.GetQueueUrlRequest;
import software.amazon.awssdk.services.sqs.model.ListQueuesRequest;
import software.amazon.awssdk.services.sqs.model.PurgeQueueRequest;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;
import software.amazon.awssdk.services.sqs.model.SetQueueAttributesRequest;

/**
 * The IAM actions an S3 or SQS API call needs, on which resource, as AWS's Service Authorization Reference ("Actions,
 * resources, and condition keys for Amazon S3", and Amazon SQS's "API permissions: Actions and resource reference")
 * and the API reference of each operation say. Where AWS names an action only for some cases of a request (a version
 * id, a tagging directive, tags set), the case is read from the request itself. Batch calls need the action of their
 * single form (AWS has no separate batch permissions). The table is {@code RequiredActionsTest}.
 *
 * <p>One reading is deliberately strict: a CopyObject whose tagging directive is COPY (S3's default) needs
 * {@code s3:GetObjectTagging} on its source, whether or not that object has tags, since the request cannot tell.
 */
public final class RequiredActions {

    private RequiredActions() {
    }

    /**
     * What the request needs, or empty when the request is not in this table.
     *
     * @param region        the region the request is signed for (the queue's region, for SQS)
     * @param callerAccount the caller's account: a queue named without its owner is looked up in it
     */
    public static Optional<List<Permission>> of(SdkRequest request, String region, String callerAccount) {
        List<Permission> needs = new ArrayList<>();
        boolean known = s3(request, needs) || sqs(request, region, callerAccount, needs);
        return known ? Optional.of(List.copyOf(needs)) : Optional.empty();
    }

    /**
     * What a read of an object that S3 answered with 404 needed besides its own action: S3 tells a missing key (404)
     * from a forbidden one (403) only to a caller allowed {@code s3:ListBucket} on the bucket, and the replicator
     * relies on the 404 (a missing key is an absent object, a 403 a failure). Empty for other calls.
     */
    public static Optional<List<Permission>> ofMissing(SdkRequest request) {
        String bucket = null;
        if (request instanceof HeadObjectRequest r) {
            bucket = r.bucket();
        } else if (request instanceof GetObjectRequest r) {
            bucket = r.bucket();
        } else if (request instanceof GetObjectTaggingRequest r) {
            bucket = r.bucket();
        } else if (request instanceof GetObjectAttributesRequest r) {
            bucket = r.bucket();
        }
        return Optional.ofNullable(bucket).map(b -> List.of(Permission.bucket("s3:ListBucket", b)));
    }

    // ---- S3

    private static boolean s3(SdkRequest request, List<Permission> needs) {
        if (request instanceof HeadObjectRequest r) {
            needs.add(Permission.object(r.versionId() == null ? "s3:GetObject" : "s3:GetObjectVersion", r.bucket(),
                    r.key()));
        } else if (request instanceof GetObjectRequest r) {
            needs.add(Permission.object(r.versionId() == null ? "s3:GetObject" : "s3:GetObjectVersion", r.bucket(),
                    r.key()));
        } else if (request instanceof GetObjectAttributesRequest r) {
            needs.add(Permission.object(r.versionId() == null ? "s3:GetObjectAttributes"
                    : "s3:GetObjectVersionAttributes", r.bucket(), r.key()));
        } else if (request instanceof PutObjectRequest r) {
            needs.add(Permission.object("s3:PutObject", r.bucket(), r.key()));
            writeExtras(needs, r.bucket(), r.key(), r.tagging(),
                    r.acl() != null || r.grantRead() != null || r.grantFullControl() != null,
                    r.objectLockMode() != null || r.objectLockRetainUntilDate() != null,
                    r.objectLockLegalHoldStatus() != null);
        } else if (request instanceof CopyObjectRequest r) {
            Source source = Source.of(r.sourceBucket(), r.sourceKey(), r.sourceVersionId(), r.copySource());
            source.read(needs);
            boolean copiesTags = r.taggingDirective() == null || r.taggingDirective() == TaggingDirective.COPY;
            if (copiesTags) {
                needs.add(Permission.object(source.versionId() == null ? "s3:GetObjectTagging"
                        : "s3:GetObjectVersionTagging", source.bucket(), source.key()));
            }
            needs.add(Permission.object("s3:PutObject", r.destinationBucket(), r.destinationKey()));
            writeExtras(needs, r.destinationBucket(), r.destinationKey(), copiesTags ? null : r.tagging(),
                    r.acl() != null || r.grantRead() != null || r.grantFullControl() != null,
                    r.objectLockMode() != null || r.objectLockRetainUntilDate() != null,
                    r.objectLockLegalHoldStatus() != null);
        } else if (request instanceof CreateMultipartUploadRequest r) {
            needs.add(Permission.object("s3:PutObject", r.bucket(), r.key()));
            writeExtras(needs, r.bucket(), r.key(), r.tagging(),
                    r.acl() != null || r.grantRead() != null || r.grantFullControl() != null,
                    r.objectLockMode() != null || r.objectLockRetainUntilDate() != null,
                    r.objectLockLegalHoldStatus() != null);
        } else if (request instanceof UploadPartRequest r) {
            needs.add(Permission.object("s3:PutObject", r.bucket(), r.key()));
        } else if (request instanceof UploadPartCopyRequest r) {
            Source.of(r.sourceBucket(), r.sourceKey(), r.sourceVersionId(), r.copySource()).read(needs);
            needs.add(Permission.object("s3:PutObject", r.destinationBucket(), r.destinationKey()));
        } else if (request instanceof CompleteMultipartUploadRequest r) {
            needs.add(Permission.object("s3:PutObject", r.bucket(), r.key()));
        } else if (request instanceof AbortMultipartUploadRequest r) {
            needs.add(Permission.object("s3:AbortMultipartUpload", r.bucket(), r.key()));
        } else if (request instanceof ListPartsRequest r) {
            needs.add(Permission.object("s3:ListMultipartUploadParts", r.bucket(), r.key()));
        } else if (request instanceof ListMultipartUploadsRequest r) {
            needs.add(Permission.bucket("s3:ListBucketMultipartUploads", r.bucket()));
        } else if (request instanceof GetObjectTaggingRequest r) {
            needs.add(Permission.object(r.versionId() == null ? "s3:GetObjectTagging" : "s3:GetObjectVersionTagging",
                    r.bucket(), r.key()));
        } else if (request instanceof PutObjectTaggingRequest r) {
            needs.add(Permission.object(r.versionId() == null ? "s3:PutObjectTagging" : "s3:PutObjectVersionTagging",
                    r.bucket(), r.key()));
        } else if (request instanceof DeleteObjectTaggingRequest r) {
            needs.add(Permission.object(r.versionId() == null ? "s3:DeleteObjectTagging"
                    : "s3:DeleteObjectVersionTagging", r.bucket(), r.key()));
        } else if (request instanceof DeleteObjectRequest r) {
            needs.add(Permission.object(r.versionId() == null ? "s3:DeleteObject" : "s3:DeleteObjectVersion",
                    r.bucket(), r.key()));
            if (Boolean.TRUE.equals(r.bypassGovernanceRetention())) {
                needs.add(Permission.object("s3:BypassGovernanceRetention", r.bucket(), r.key()));
            }
        } else if (request instanceof DeleteObjectsRequest r) {
            for (ObjectIdentifier object : r.delete().objects()) {
                needs.add(Permission.object(object.versionId() == null ? "s3:DeleteObject" : "s3:DeleteObjectVersion",
                        r.bucket(), object.key()));
                if (Boolean.TRUE.equals(r.bypassGovernanceRetention())) {
                    needs.add(Permission.object("s3:BypassGovernanceRetention", r.bucket(), object.key()));
                }
            }
        } else if (request instanceof ListObjectsV2Request r) {
            needs.add(Permission.bucket("s3:ListBucket", r.bucket()));
        } else if (request instanceof ListObjectsRequest r) {
            needs.add(Permission.bucket("s3:ListBucket", r.bucket()));
        } else if (request instanceof ListObjectVersionsRequest r) {
            needs.add(Permission.bucket("s3:ListBucketVersions", r.bucket()));
        } else if (request instanceof HeadBucketRequest r) {
            needs.add(Permission.bucket("s3:ListBucket", r.bucket()));
        } else if (request instanceof GetBucketVersioningRequest r) {
            needs.add(Permission.bucket("s3:GetBucketVersioning", r.bucket()));
        } else if (request instanceof GetBucketLocationRequest r) {
            needs.add(Permission.bucket("s3:GetBucketLocation", r.bucket()));
        } else if (request instanceof GetBucketLifecycleConfigurationRequest r) {
            needs.add(Permission.bucket("s3:GetLifecycleConfiguration", r.bucket()));
        } else if (request instanceof GetObjectLockConfigurationRequest r) {
            needs.add(Permission.bucket("s3:GetBucketObjectLockConfiguration", r.bucket()));
        } else if (request instanceof GetObjectRetentionRequest r) {
            needs.add(Permission.object("s3:GetObjectRetention", r.bucket(), r.key()));
        } else if (request instanceof GetObjectLegalHoldRequest r) {
            needs.add(Permission.object("s3:GetObjectLegalHold", r.bucket(), r.key()));
        } else if (request instanceof GetBucketPolicyRequest r) {
            needs.add(Permission.bucket("s3:GetBucketPolicy", r.bucket()));
        } else if (request instanceof GetBucketNotificationConfigurationRequest r) {
            needs.add(Permission.bucket("s3:GetBucketNotification", r.bucket()));
        } else if (request instanceof GetBucketTaggingRequest r) {
            needs.add(Permission.bucket("s3:GetBucketTagging", r.bucket()));
        } else if (request instanceof GetBucketEncryptionRequest r) {
            needs.add(Permission.bucket("s3:GetEncryptionConfiguration", r.bucket()));
        } else if (request instanceof ListBucketsRequest) {
            needs.add(new Permission("s3:ListAllMyBuckets", "*"));
        } else if (request instanceof CreateBucketRequest r) {
            needs.add(Permission.bucket("s3:CreateBucket", r.bucket()));
        } else if (request instanceof DeleteBucketRequest r) {
            needs.add(Permission.bucket("s3:DeleteBucket", r.bucket()));
        } else if (request instanceof PutBucketVersioningRequest r) {
            needs.add(Permission.bucket("s3:PutBucketVersioning", r.bucket()));
        } else if (request instanceof PutBucketLifecycleConfigurationRequest r) {
            needs.add(Permission.bucket("s3:PutLifecycleConfiguration", r.bucket()));
        } else if (request instanceof PutBucketPolicyRequest r) {
            needs.add(Permission.bucket("s3:PutBucketPolicy", r.bucket()));
        } else if (request instanceof DeleteBucketPolicyRequest r) {
            needs.add(Permission.bucket("s3:DeleteBucketPolicy", r.bucket()));
        } else {
            return false;
        }
        return true;
    }

    /**
     * A copy's source. The SDK's S3 clients turn source bucket, key and version into the one {@code x-amz-copy-source}
     * ({@code bucket/key?versionId=v}, URL-encoded) before any interceptor sees the request: read back from there.
     */
    private record Source(String bucket, String key, String versionId) {

        static Source of(String bucket, String key, String versionId, String copySource) {
            if (bucket != null || copySource == null) {
                return new Source(bucket, key, versionId);
            }
            String path = copySource.startsWith("/") ? copySource.substring(1) : copySource;
            String version = null;
            int query = path.indexOf("?versionId=");
            if (query >= 0) {
                version = decode(path.substring(query + "?versionId=".length()));
                path = path.substring(0, query);
            }
            int slash = path.indexOf('/');
            return new Source(decode(path.substring(0, slash)), decode(path.substring(slash + 1)), version);
        }

        /** Reading it: its version too, where one is named. */
        void read(List<Permission> needs) {
            needs.add(Permission.object("s3:GetObject", bucket, key));
            if (versionId != null) {
                needs.add(Permission.object("s3:GetObjectVersion", bucket, key));
            }
        }

        private static String decode(String encoded) {
            // percent-encoding, where a + is a plus
            return URLDecoder.decode(encoded.replace("+", "%2B"), StandardCharsets.UTF_8);
        }
    }

    /** What a write needs besides s3:PutObject: tags set, an ACL, Object Lock settings. */
    private static void writeExtras(List<Permission> needs, String bucket, String key, String tagging, boolean acl,
                                    boolean retention, boolean legalHold) {
        if (tagging != null && !tagging.isEmpty()) {
            needs.add(Permission.object("s3:PutObjectTagging", bucket, key));
        }
        if (acl) {
            needs.add(Permission.object("s3:PutObjectAcl", bucket, key));
        }
        if (retention) {
            needs.add(Permission.object("s3:PutObjectRetention", bucket, key));
        }
        if (legalHold) {
            needs.add(Permission.object("s3:PutObjectLegalHold", bucket, key));
        }
    }

    // ---- SQS

    private static boolean sqs(SdkRequest request, String region, String callerAccount, List<Permission> needs) {
        if (request instanceof ReceiveMessageRequest r) {
            needs.add(queue("sqs:ReceiveMessage", r.queueUrl(), region));
        } else if (request instanceof DeleteMessageRequest r) {
            needs.add(queue("sqs:DeleteMessage", r.queueUrl(), region));
        } else if (request instanceof DeleteMessageBatchRequest r) {
            needs.add(queue("sqs:DeleteMessage", r.queueUrl(), region));
        } else if (request instanceof ChangeMessageVisibilityRequest r) {
            needs.add(queue("sqs:ChangeMessageVisibility", r.queueUrl(), region));
        } else if (request instanceof ChangeMessageVisibilityBatchRequest r) {
            needs.add(queue("sqs:ChangeMessageVisibility", r.queueUrl(), region));
        } else if (request instanceof SendMessageRequest r) {
            needs.add(queue("sqs:SendMessage", r.queueUrl(), region));
        } else if (request instanceof SendMessageBatchRequest r) {
            needs.add(queue("sqs:SendMessage", r.queueUrl(), region));
        } else if (request instanceof GetQueueAttributesRequest r) {
            needs.add(queue("sqs:GetQueueAttributes", r.queueUrl(), region));
        } else if (request instanceof SetQueueAttributesRequest r) {
            needs.add(queue("sqs:SetQueueAttributes", r.queueUrl(), region));
        } else if (request instanceof PurgeQueueRequest r) {
            needs.add(queue("sqs:PurgeQueue", r.queueUrl(), region));
        } else if (request instanceof GetQueueUrlRequest r) {
            String owner = r.queueOwnerAWSAccountId() == null ? callerAccount : r.queueOwnerAWSAccountId();
            needs.add(Permission.queue("sqs:GetQueueUrl", region, owner, r.queueName()));
        } else if (request instanceof CreateQueueRequest r) {
            needs.add(Permission.queue("sqs:CreateQueue", region, callerAccount, r.queueName()));
        } else if (request instanceof ListQueuesRequest) {
            needs.add(Permission.queue("sqs:ListQueues", region, callerAccount, "*"));
        } else {
            return false;
        }
        return true;
    }

    /** A queue's ARN from its URL, {@code https://sqs.REGION.amazonaws.com/ACCOUNT/NAME}. */
    private static Permission queue(String action, String queueUrl, String region) {
        String[] path = URI.create(queueUrl).getPath().replaceAll("^/+", "").split("/");
        if (path.length != 2) {
            throw new IllegalArgumentException("not a queue URL: " + queueUrl);
        }
        return Permission.queue(action, region, path[0], path[1]);
    }
}
