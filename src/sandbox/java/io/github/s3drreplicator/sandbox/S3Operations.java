package io.github.s3drreplicator.sandbox;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Names an S3 request by the AWS operation it is ({@code HeadObject}, {@code UploadPartCopy}...), from its method,
 * path, query and headers alone, as S3's own request routing does. {@code Unknown} for what it cannot name.
 */
final class S3Operations {

    static final String UNKNOWN = "Unknown";

    /** Every operation {@link #of} names on one object (its key in the path), in step with {@code onObject}. */
    static final Set<String> ON_OBJECTS = Set.of("HeadObject", "GetObject", "ListParts", "GetObjectTagging",
            "GetObjectAcl", "GetObjectAttributes", "GetObjectRetention", "GetObjectLegalHold", "GetObjectTorrent",
            "UploadPart", "UploadPartCopy", "PutObjectTagging", "PutObjectAcl", "PutObjectRetention",
            "PutObjectLegalHold", "PutObject", "CopyObject", "CreateMultipartUpload", "CompleteMultipartUpload",
            "RestoreObject", "SelectObjectContent", "AbortMultipartUpload", "DeleteObjectTagging", "DeleteObject");

    // the subresources of a bucket, in the order they are looked for, and the noun of their operations
    private static final Map<String, String> BUCKET_SUBRESOURCES = new LinkedHashMap<>();

    static {
        BUCKET_SUBRESOURCES.put("tagging", "BucketTagging");
        BUCKET_SUBRESOURCES.put("versioning", "BucketVersioning");
        BUCKET_SUBRESOURCES.put("acl", "BucketAcl");
        BUCKET_SUBRESOURCES.put("policy", "BucketPolicy");
        BUCKET_SUBRESOURCES.put("policyStatus", "BucketPolicyStatus");
        BUCKET_SUBRESOURCES.put("cors", "BucketCors");
        BUCKET_SUBRESOURCES.put("lifecycle", "BucketLifecycleConfiguration");
        BUCKET_SUBRESOURCES.put("notification", "BucketNotificationConfiguration");
        BUCKET_SUBRESOURCES.put("encryption", "BucketEncryption");
        BUCKET_SUBRESOURCES.put("object-lock", "ObjectLockConfiguration");
        BUCKET_SUBRESOURCES.put("ownershipControls", "BucketOwnershipControls");
        BUCKET_SUBRESOURCES.put("publicAccessBlock", "PublicAccessBlock");
        BUCKET_SUBRESOURCES.put("website", "BucketWebsite");
        BUCKET_SUBRESOURCES.put("logging", "BucketLogging");
        BUCKET_SUBRESOURCES.put("replication", "BucketReplication");
        BUCKET_SUBRESOURCES.put("accelerate", "BucketAccelerateConfiguration");
        BUCKET_SUBRESOURCES.put("requestPayment", "BucketRequestPayment");
        BUCKET_SUBRESOURCES.put("inventory", "BucketInventoryConfiguration");
        BUCKET_SUBRESOURCES.put("metrics", "BucketMetricsConfiguration");
        BUCKET_SUBRESOURCES.put("analytics", "BucketAnalyticsConfiguration");
        BUCKET_SUBRESOURCES.put("intelligent-tiering", "BucketIntelligentTieringConfiguration");
    }

    private S3Operations() {
    }

    /**
     * @param headers the request headers by (case-insensitive) name
     */
    static String of(String method, S3Path path, Function<String, String> headers) {
        if (path.bucket() == null) {
            return "GET".equals(method) ? "ListBuckets" : UNKNOWN;
        }
        return path.key() == null ? onBucket(method, path, headers) : onObject(method, path, headers);
    }

    private static String onObject(String method, S3Path path, Function<String, String> headers) {
        boolean copy = headers.apply("x-amz-copy-source") != null;
        return switch (method) {
            case "HEAD" -> "HeadObject";
            case "GET" -> path.has("uploadId") ? "ListParts"
                    : path.has("tagging") ? "GetObjectTagging"
                    : path.has("acl") ? "GetObjectAcl"
                    : path.has("attributes") ? "GetObjectAttributes"
                    : path.has("retention") ? "GetObjectRetention"
                    : path.has("legal-hold") ? "GetObjectLegalHold"
                    : path.has("torrent") ? "GetObjectTorrent"
                    : "GetObject";
            case "PUT" -> path.has("partNumber") && path.has("uploadId") ? (copy ? "UploadPartCopy" : "UploadPart")
                    : path.has("tagging") ? "PutObjectTagging"
                    : path.has("acl") ? "PutObjectAcl"
                    : path.has("retention") ? "PutObjectRetention"
                    : path.has("legal-hold") ? "PutObjectLegalHold"
                    : path.subresources().isEmpty() ? (copy ? "CopyObject" : "PutObject")
                    : UNKNOWN;
            case "POST" -> path.has("uploads") ? "CreateMultipartUpload"
                    : path.has("uploadId") ? "CompleteMultipartUpload"
                    : path.has("restore") ? "RestoreObject"
                    : path.has("select") ? "SelectObjectContent"
                    : UNKNOWN;
            case "DELETE" -> path.has("uploadId") ? "AbortMultipartUpload"
                    : path.has("tagging") ? "DeleteObjectTagging"
                    : path.subresources().isEmpty() ? "DeleteObject"
                    : UNKNOWN;
            default -> UNKNOWN;
        };
    }

    private static String onBucket(String method, S3Path path, Function<String, String> headers) {
        switch (method) {
            case "HEAD":
                return "HeadBucket";
            case "GET":
                if (path.has("location")) {
                    return "GetBucketLocation";
                }
                if (path.has("versions")) {
                    return "ListObjectVersions";
                }
                if (path.has("uploads")) {
                    return "ListMultipartUploads";
                }
                return subresource(path).map(noun -> "Get" + noun)
                        .orElse("2".equals(path.parameter("list-type")) ? "ListObjectsV2" : "ListObjects");
            case "PUT":
                return path.subresources().isEmpty() ? "CreateBucket"
                        : subresource(path).map(noun -> "Put" + noun).orElse(UNKNOWN);
            case "DELETE":
                if (path.subresources().isEmpty()) {
                    return "DeleteBucket";
                }
                // S3 names this one after the old API
                return path.has("lifecycle") ? "DeleteBucketLifecycle"
                        : subresource(path).map(noun -> "Delete" + noun).orElse(UNKNOWN);
            case "POST":
                if (path.has("delete")) {
                    return "DeleteObjects";
                }
                String contentType = headers.apply("Content-Type");
                return contentType != null && contentType.toLowerCase().startsWith("multipart/form-data")
                        ? "PostObject" : UNKNOWN;
            default:
                return UNKNOWN;
        }
    }

    private static java.util.Optional<String> subresource(S3Path path) {
        return BUCKET_SUBRESOURCES.entrySet().stream()
                .filter(e -> path.has(e.getKey()))
                .map(Map.Entry::getValue)
                .findFirst();
    }
}
