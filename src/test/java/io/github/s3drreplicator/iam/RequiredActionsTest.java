package io.github.s3drreplicator.iam;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectsRequest;
import software.amazon.awssdk.services.s3.model.GetBucketVersioningRequest;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectTaggingRequest;
import software.amazon.awssdk.services.s3.model.HeadBucketRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListPartsRequest;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.PutBucketVersioningRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectTaggingRequest;
import software.amazon.awssdk.services.s3.model.TaggingDirective;
import software.amazon.awssdk.services.s3.model.UploadPartCopyRequest;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequest;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityRequest;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.DeleteMessageRequest;
import software.amazon.awssdk.services.sqs.model.GetQueueAttributesRequest;
import software.amazon.awssdk.services.sqs.model.GetQueueUrlRequest;
import software.amazon.awssdk.services.sqs.model.ListQueuesRequest;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;
import software.amazon.awssdk.services.sqs.model.DeleteQueueRequest;

/**
 * The IAM actions each S3 and SQS call needs, as AWS's Service Authorization Reference and the operations' API
 * reference say: request → actions on resources.
 */
class RequiredActionsTest {

    private static final String QUEUE_URL = "https://sqs.us-east-1.amazonaws.com/123456789012/prod-bucket-events";
    private static final String QUEUE = "arn:aws:sqs:us-east-1:123456789012:prod-bucket-events";
    private static final String PROD = "arn:aws:s3:::prod-bucket";
    private static final String DR = "arn:aws:s3:::dr-bucket";

    static Stream<Arguments> table() {
        return Stream.of(
                row("HeadObject reads the object", HeadObjectRequest.builder().bucket("dr-bucket").key("a/b c").build(),
                        p("s3:GetObject", DR + "/a/b c")),
                row("HeadObject of a version", HeadObjectRequest.builder().bucket("dr-bucket").key("k").versionId("v1")
                        .build(), p("s3:GetObjectVersion", DR + "/k")),
                row("GetObject", GetObjectRequest.builder().bucket("dr-bucket").key("k").build(),
                        p("s3:GetObject", DR + "/k")),
                row("GetObject of a version", GetObjectRequest.builder().bucket("dr-bucket").key("k").versionId("v1")
                        .build(), p("s3:GetObjectVersion", DR + "/k")),
                row("PutObject", PutObjectRequest.builder().bucket("dr-bucket").key("k").build(),
                        p("s3:PutObject", DR + "/k")),
                row("PutObject with tags", PutObjectRequest.builder().bucket("dr-bucket").key("k").tagging("a=1")
                        .build(), p("s3:PutObject", DR + "/k"), p("s3:PutObjectTagging", DR + "/k")),
                row("CopyObject, tagging directive COPY by default",
                        CopyObjectRequest.builder().sourceBucket("prod-bucket").sourceKey("k")
                                .destinationBucket("dr-bucket").destinationKey("k").build(),
                        p("s3:GetObject", PROD + "/k"), p("s3:GetObjectTagging", PROD + "/k"),
                        p("s3:PutObject", DR + "/k")),
                row("CopyObject, tagging directive COPY named",
                        CopyObjectRequest.builder().sourceBucket("prod-bucket").sourceKey("k")
                                .destinationBucket("dr-bucket").destinationKey("k")
                                .taggingDirective(TaggingDirective.COPY).build(),
                        p("s3:GetObject", PROD + "/k"), p("s3:GetObjectTagging", PROD + "/k"),
                        p("s3:PutObject", DR + "/k")),
                row("CopyObject with tags of its own (REPLACE)",
                        CopyObjectRequest.builder().sourceBucket("prod-bucket").sourceKey("k")
                                .destinationBucket("dr-bucket").destinationKey("k")
                                .taggingDirective(TaggingDirective.REPLACE).tagging("a=1").build(),
                        p("s3:GetObject", PROD + "/k"), p("s3:PutObject", DR + "/k"),
                        p("s3:PutObjectTagging", DR + "/k")),
                row("CopyObject replacing the tags with none",
                        CopyObjectRequest.builder().sourceBucket("prod-bucket").sourceKey("k")
                                .destinationBucket("dr-bucket").destinationKey("k")
                                .taggingDirective(TaggingDirective.REPLACE).build(),
                        p("s3:GetObject", PROD + "/k"), p("s3:PutObject", DR + "/k")),
                row("CopyObject of a version, onto itself",
                        CopyObjectRequest.builder().sourceBucket("dr-bucket").sourceKey("k").sourceVersionId("v1")
                                .destinationBucket("dr-bucket").destinationKey("k")
                                .taggingDirective(TaggingDirective.REPLACE).tagging("a=1").build(),
                        p("s3:GetObject", DR + "/k"), p("s3:GetObjectVersion", DR + "/k"),
                        p("s3:PutObject", DR + "/k"), p("s3:PutObjectTagging", DR + "/k")),
                row("CopyObject of a version with its tags",
                        CopyObjectRequest.builder().sourceBucket("dr-bucket").sourceKey("k").sourceVersionId("v1")
                                .destinationBucket("prod-bucket").destinationKey("k").build(),
                        p("s3:GetObject", DR + "/k"), p("s3:GetObjectVersion", DR + "/k"),
                        p("s3:GetObjectVersionTagging", DR + "/k"), p("s3:PutObject", PROD + "/k")),
                // as the SDK's S3 clients hand a copy to interceptors: source bucket, key and version in one header
                row("CopyObject as its x-amz-copy-source says", copySource("prod-bucket/a/b%2Bc%20d%E2%82%AC"),
                        p("s3:GetObject", PROD + "/a/b+c d€"), p("s3:GetObjectTagging", PROD + "/a/b+c d€"),
                        p("s3:PutObject", DR + "/k")),
                row("CopyObject of a version as its x-amz-copy-source says",
                        copySource("dr-bucket/k?versionId=v%2B1"),
                        p("s3:GetObject", DR + "/k"), p("s3:GetObjectVersion", DR + "/k"),
                        p("s3:GetObjectVersionTagging", DR + "/k"), p("s3:PutObject", DR + "/k")),
                row("UploadPartCopy as its x-amz-copy-source says", UploadPartCopyRequest.builder()
                                .copySource("prod-bucket/k").destinationBucket("dr-bucket").destinationKey("k")
                                .uploadId("u").partNumber(1).build(),
                        p("s3:GetObject", PROD + "/k"), p("s3:PutObject", DR + "/k")),
                row("CreateMultipartUpload", CreateMultipartUploadRequest.builder().bucket("dr-bucket").key("k")
                        .build(), p("s3:PutObject", DR + "/k")),
                row("CreateMultipartUpload with tags", CreateMultipartUploadRequest.builder().bucket("dr-bucket")
                        .key("k").tagging("a=1").build(), p("s3:PutObject", DR + "/k"),
                        p("s3:PutObjectTagging", DR + "/k")),
                row("UploadPart", UploadPartRequest.builder().bucket("dr-bucket").key("k").uploadId("u")
                        .partNumber(1).build(), p("s3:PutObject", DR + "/k")),
                row("UploadPartCopy", UploadPartCopyRequest.builder().sourceBucket("prod-bucket").sourceKey("k")
                                .destinationBucket("dr-bucket").destinationKey("k").uploadId("u").partNumber(1).build(),
                        p("s3:GetObject", PROD + "/k"), p("s3:PutObject", DR + "/k")),
                row("UploadPartCopy of a version", UploadPartCopyRequest.builder().sourceBucket("prod-bucket")
                                .sourceKey("k").sourceVersionId("v").destinationBucket("dr-bucket").destinationKey("k")
                                .uploadId("u").partNumber(1).build(),
                        p("s3:GetObject", PROD + "/k"), p("s3:GetObjectVersion", PROD + "/k"),
                        p("s3:PutObject", DR + "/k")),
                row("CompleteMultipartUpload", CompleteMultipartUploadRequest.builder().bucket("dr-bucket").key("k")
                        .uploadId("u").build(), p("s3:PutObject", DR + "/k")),
                row("AbortMultipartUpload", AbortMultipartUploadRequest.builder().bucket("dr-bucket").key("k")
                        .uploadId("u").build(), p("s3:AbortMultipartUpload", DR + "/k")),
                row("ListParts", ListPartsRequest.builder().bucket("dr-bucket").key("k").uploadId("u").build(),
                        p("s3:ListMultipartUploadParts", DR + "/k")),
                row("GetObjectTagging", GetObjectTaggingRequest.builder().bucket("dr-bucket").key("k").build(),
                        p("s3:GetObjectTagging", DR + "/k")),
                row("GetObjectTagging of a version", GetObjectTaggingRequest.builder().bucket("dr-bucket").key("k")
                        .versionId("v").build(), p("s3:GetObjectVersionTagging", DR + "/k")),
                row("PutObjectTagging", PutObjectTaggingRequest.builder().bucket("dr-bucket").key("k").build(),
                        p("s3:PutObjectTagging", DR + "/k")),
                row("PutObjectTagging of a version", PutObjectTaggingRequest.builder().bucket("dr-bucket").key("k")
                        .versionId("v").build(), p("s3:PutObjectVersionTagging", DR + "/k")),
                row("DeleteObject", DeleteObjectRequest.builder().bucket("dr-bucket").key("k").ifMatch("\"e\"")
                        .build(), p("s3:DeleteObject", DR + "/k")),
                row("DeleteObject of a version", DeleteObjectRequest.builder().bucket("dr-bucket").key("k")
                        .versionId("v").build(), p("s3:DeleteObjectVersion", DR + "/k")),
                row("DeleteObjects, each object", DeleteObjectsRequest.builder().bucket("dr-bucket").delete(d -> d
                                .objects(ObjectIdentifier.builder().key("a").build(),
                                        ObjectIdentifier.builder().key("b").versionId("v").build())).build(),
                        p("s3:DeleteObject", DR + "/a"), p("s3:DeleteObjectVersion", DR + "/b")),
                row("ListObjectsV2", ListObjectsV2Request.builder().bucket("dr-bucket").prefix("p").build(),
                        p("s3:ListBucket", DR)),
                row("ListObjectVersions", ListObjectVersionsRequest.builder().bucket("dr-bucket").prefix("k").build(),
                        p("s3:ListBucketVersions", DR)),
                row("HeadBucket", HeadBucketRequest.builder().bucket("dr-bucket").build(), p("s3:ListBucket", DR)),
                row("GetBucketVersioning", GetBucketVersioningRequest.builder().bucket("dr-bucket").build(),
                        p("s3:GetBucketVersioning", DR)),
                row("PutBucketVersioning", PutBucketVersioningRequest.builder().bucket("dr-bucket").build(),
                        p("s3:PutBucketVersioning", DR)),
                row("ReceiveMessage", ReceiveMessageRequest.builder().queueUrl(QUEUE_URL).build(),
                        p("sqs:ReceiveMessage", QUEUE)),
                row("DeleteMessage", DeleteMessageRequest.builder().queueUrl(QUEUE_URL).build(),
                        p("sqs:DeleteMessage", QUEUE)),
                row("DeleteMessageBatch needs DeleteMessage", DeleteMessageBatchRequest.builder().queueUrl(QUEUE_URL)
                        .build(), p("sqs:DeleteMessage", QUEUE)),
                row("ChangeMessageVisibility", ChangeMessageVisibilityRequest.builder().queueUrl(QUEUE_URL).build(),
                        p("sqs:ChangeMessageVisibility", QUEUE)),
                row("ChangeMessageVisibilityBatch needs ChangeMessageVisibility",
                        ChangeMessageVisibilityBatchRequest.builder().queueUrl(QUEUE_URL).build(),
                        p("sqs:ChangeMessageVisibility", QUEUE)),
                row("SendMessage", SendMessageRequest.builder().queueUrl(QUEUE_URL).build(),
                        p("sqs:SendMessage", QUEUE)),
                row("SendMessageBatch needs SendMessage", SendMessageBatchRequest.builder().queueUrl(QUEUE_URL)
                        .build(), p("sqs:SendMessage", QUEUE)),
                row("GetQueueAttributes", GetQueueAttributesRequest.builder().queueUrl(QUEUE_URL).build(),
                        p("sqs:GetQueueAttributes", QUEUE)),
                row("GetQueueUrl names its owner", GetQueueUrlRequest.builder().queueName("prod-bucket-events")
                        .queueOwnerAWSAccountId("123456789012").build(), p("sqs:GetQueueUrl", QUEUE)),
                row("GetQueueUrl without an owner: the caller's account", GetQueueUrlRequest.builder()
                        .queueName("prod-bucket-events").build(), p("sqs:GetQueueUrl", QUEUE)),
                row("ListQueues", ListQueuesRequest.builder().build(),
                        p("sqs:ListQueues", "arn:aws:sqs:us-east-1:123456789012:*")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void eachCallNeedsItsActionsOnItsResources(String description, SdkRequest request, List<Permission> expected) {
        assertThat(RequiredActions.of(request, "us-east-1", "123456789012")).as(description).contains(expected);
    }

    @Test
    void aReadAnswered404NeededListBucketForS3ToSaySo() {
        assertThat(RequiredActions.ofMissing(HeadObjectRequest.builder().bucket("dr-bucket").key("k").build()))
                .contains(List.of(p("s3:ListBucket", DR)));
        assertThat(RequiredActions.ofMissing(GetObjectRequest.builder().bucket("s3-dr-replicator-state").key("k")
                .build())).contains(List.of(p("s3:ListBucket", "arn:aws:s3:::s3-dr-replicator-state")));
        assertThat(RequiredActions.ofMissing(DeleteObjectRequest.builder().bucket("dr-bucket").key("k").build()))
                .isEmpty();
    }

    @Test
    void aCallOutsideTheTableIsUnknownRatherThanAllowed() {
        assertThat(RequiredActions.of(DeleteQueueRequest.builder().queueUrl(QUEUE_URL).build(), "us-east-1",
                "123456789012")).isEmpty();
    }

    @SuppressWarnings("deprecation")
    private static CopyObjectRequest copySource(String copySource) {
        return CopyObjectRequest.builder().copySource(copySource).destinationBucket("dr-bucket").destinationKey("k")
                .build();
    }

    private static Arguments row(String description, SdkRequest request, Permission... expected) {
        return Arguments.of(description, request, List.of(expected));
    }

    private static Permission p(String action, String resource) {
        return new Permission(action, resource);
    }
}
