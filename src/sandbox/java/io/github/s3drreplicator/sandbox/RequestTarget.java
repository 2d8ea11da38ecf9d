package io.github.s3drreplicator.sandbox;

import java.util.List;

/**
 * What a {@link HoldRule} picks a request by: its operation, its bucket, the keys it names and, for a copy, its
 * source's bucket.
 *
 * @param operation        as {@link S3Operations} names it
 * @param keys             decoded: the object's key; a DeleteObjects batch's keys; a listing's {@code prefix}; none
 *                         for other requests
 * @param copySourceBucket the bucket a CopyObject or UploadPartCopy copies from; {@code null} for other requests
 */
record RequestTarget(String operation, String bucket, List<String> keys, String copySourceBucket) {

    RequestTarget {
        keys = List.copyOf(keys);
    }

    /**
     * @param path       the request's target, decoded
     * @param copySource its {@code x-amz-copy-source} header, or {@code null}
     */
    static RequestTarget of(String operation, S3Path path, String copySource) {
        List<String> keys = path.key() != null ? List.of(path.key())
                : operation.startsWith("ListObject") && path.has("prefix") ? List.of(path.parameter("prefix"))
                : List.of();
        boolean copy = "CopyObject".equals(operation) || "UploadPartCopy".equals(operation);
        return new RequestTarget(operation, path.bucket(), keys, copy ? S3Path.copySourceBucket(copySource) : null);
    }

    /** The same request, naming these keys: a DeleteObjects batch, once its body was read. */
    RequestTarget withKeys(List<String> batch) {
        return new RequestTarget(operation, bucket, batch, copySourceBucket);
    }
}
