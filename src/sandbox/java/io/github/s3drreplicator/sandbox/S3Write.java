package io.github.s3drreplicator.sandbox;

import java.util.Optional;
import java.util.function.Function;

/**
 * A request to the sandbox's S3 port that, when it succeeds, changes an object and so earns an event notification.
 * Path-style requests only ({@code /bucket/key}), as the sandbox serves them.
 *
 * @param eventName the event S3 would send, for example {@code ObjectCreated:Put}; for a DeleteObjects batch
 *                  {@code ObjectRemoved:Delete}, once per key
 * @param bucket    the bucket written to
 * @param key       the decoded key; {@code null} for a DeleteObjects batch or a POST upload, whose keys are in
 *                  the body
 * @param versionId the version a tag change names ({@code ?tagging&versionId=...}); {@code null} for the latest,
 *                  and for every other write
 */
record S3Write(String eventName, String bucket, String key, String versionId) {

    static final String PUT = "ObjectCreated:Put";
    static final String POST = "ObjectCreated:Post";
    static final String COPY = "ObjectCreated:Copy";
    static final String COMPLETE_MULTIPART_UPLOAD = "ObjectCreated:CompleteMultipartUpload";
    static final String DELETE = "ObjectRemoved:Delete";
    static final String TAGGING_PUT = "ObjectTagging:Put";
    static final String TAGGING_DELETE = "ObjectTagging:Delete";

    S3Write(String eventName, String bucket, String key) {
        this(eventName, bucket, key, null);
    }

    boolean isTagging() {
        return eventName.startsWith("ObjectTagging:");
    }

    /**
     * A change of an object's tags: PutObjectTagging ({@code ObjectTagging:Put}, an empty tag set too) or
     * DeleteObjectTagging ({@code ObjectTagging:Delete}), of the latest version or of the one named.
     */
    static Optional<S3Write> tagging(String method, S3Path path) {
        if (path.bucket() == null || path.key() == null || !path.has("tagging")
                || !java.util.Set.of("tagging", "versionId").containsAll(path.subresources())) {
            return Optional.empty();
        }
        String eventName = switch (method) {
            case "PUT" -> TAGGING_PUT;
            case "DELETE" -> TAGGING_DELETE;
            default -> null;
        };
        return Optional.ofNullable(eventName)
                .map(name -> new S3Write(name, path.bucket(), path.key(), path.parameter("versionId")));
    }

    boolean isBatch() {
        return key == null;
    }

    /**
     * @param rawUri  the request target as sent, path and query still percent-encoded
     * @param headers the request headers by (case-insensitive) name
     */
    static Optional<S3Write> of(String method, String rawUri, Function<String, String> headers) {
        S3Path path = S3Path.parse(rawUri);
        if (path.bucket() == null) {
            return Optional.empty();
        }
        String bucket = path.bucket();
        String key = path.key();
        if (key == null) {
            if ("POST".equals(method) && path.has("delete")) {
                return Optional.of(new S3Write(DELETE, bucket, null));
            }
            String contentType = headers.apply("Content-Type");
            if ("POST".equals(method) && path.subresources().isEmpty() && contentType != null
                    && contentType.toLowerCase().startsWith("multipart/form-data")) {
                return Optional.of(new S3Write(POST, bucket, null));
            }
            return Optional.empty();
        }
        boolean onObjectItself = path.subresources().isEmpty();
        if ("PUT".equals(method) && onObjectItself) {
            return Optional.of(new S3Write(headers.apply("x-amz-copy-source") != null ? COPY : PUT, bucket, key));
        }
        if ("POST".equals(method) && path.has("uploadId") && !path.has("partNumber")) {
            return Optional.of(new S3Write(COMPLETE_MULTIPART_UPLOAD, bucket, key));
        }
        if ("DELETE".equals(method) && onObjectItself) {
            return Optional.of(new S3Write(DELETE, bucket, key));
        }
        return Optional.empty();
    }
}
