package io.github.s3drreplicator.sandbox;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which client request the sandbox holds back, and how: the one that opens a race's window, so that a test shows the
 * race every time instead of hoping the scheduler finds it. Made with {@link #hold} or {@link #late}, then narrowed:
 * {@code HoldRule.hold("CopyObject", "prod-bucket", "a.txt").copiedFrom("dr-bucket")}.
 *
 * @param operation        the S3 operation, as the sandbox names it ({@code HeadObject}, {@code CopyObject},
 *                         {@code CompleteMultipartUpload}, {@code DeleteObjects}, {@code ListObjectVersions}...)
 * @param bucket           the bucket the request is sent to (a copy's destination)
 * @param key              the key, decoded and exact: the object's; one of a DeleteObjects batch's; a listing's
 *                         {@code prefix}; a copy's destination
 * @param copySourceBucket for CopyObject and UploadPartCopy, only copies from this bucket; {@code null}: any
 * @param occurrence       which of the matching requests: 1 the first (then the rule is spent), 2 the second...,
 *                         {@link #EVERY} each one
 * @param releaseAfter     {@code null}: until released; otherwise each request it holds goes on by itself after
 *                         this long, as if released
 */
public record HoldRule(String operation, String bucket, String key, String copySourceBucket, int occurrence,
                       HoldMode mode, Duration releaseAfter) {

    /** The {@link #occurrence} of a rule that takes every matching request until released. */
    public static final int EVERY = 0;

    // a rule picks a request by a key: these name one (or several, or a prefix)
    private static final Set<String> OPERATIONS;

    static {
        Set<String> operations = new TreeSet<>(S3Operations.ON_OBJECTS);
        operations.add("DeleteObjects");
        operations.add("ListObjectVersions");
        operations.add("ListObjectsV2");
        operations.add("ListObjects");
        OPERATIONS = Set.copyOf(operations);
    }

    public HoldRule {
        Objects.requireNonNull(mode, "mode");
        if (operation == null || !OPERATIONS.contains(operation)) {
            throw new IllegalArgumentException("a hold names an S3 operation on a key, one of "
                    + new TreeSet<>(OPERATIONS) + "; not " + (operation == null ? "none" : "'" + operation + "'"));
        }
        if (bucket == null || bucket.isBlank()) {
            throw new IllegalArgumentException("a hold names a bucket");
        }
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("a hold names a key");
        }
        if (copySourceBucket != null && !operation.equals("CopyObject") && !operation.equals("UploadPartCopy")) {
            throw new IllegalArgumentException("only a CopyObject or UploadPartCopy has a copy source, not "
                    + operation);
        }
        if (copySourceBucket != null && copySourceBucket.isBlank()) {
            throw new IllegalArgumentException("a copy source bucket is a name, not blank");
        }
        if (occurrence < EVERY) {
            throw new IllegalArgumentException("the occurrence is 1 for the first matching request, 2 for the"
                    + " second..., or every one; not " + occurrence);
        }
        if (releaseAfter != null && (releaseAfter.isNegative() || releaseAfter.isZero())) {
            throw new IllegalArgumentException("a hold is released after a positive time, not " + releaseAfter);
        }
    }

    /** The first request of this operation on this key is not sent to the store until released. */
    public static HoldRule hold(String operation, String bucket, String key) {
        return new HoldRule(operation, bucket, key, null, 1, HoldMode.HOLD, null);
    }

    /** The first request of this operation on this key is served at once; its answer waits until released. */
    public static HoldRule late(String operation, String bucket, String key) {
        return new HoldRule(operation, bucket, key, null, 1, HoldMode.LATE, null);
    }

    /** Only a copy from this bucket (CopyObject, UploadPartCopy). */
    public HoldRule copiedFrom(String sourceBucket) {
        return new HoldRule(operation, bucket, key, sourceBucket, occurrence, mode, releaseAfter);
    }

    /** The n-th matching request (1 the first), not the first. */
    public HoldRule occurrence(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("the first matching request is occurrence 1, not " + n);
        }
        return new HoldRule(operation, bucket, key, copySourceBucket, n, mode, releaseAfter);
    }

    /** Every matching request, until released. */
    public HoldRule everyOne() {
        return new HoldRule(operation, bucket, key, copySourceBucket, EVERY, mode, releaseAfter);
    }

    /** Each request held goes on by itself after this long (an answer that is merely slow, for {@code late}). */
    public HoldRule releasedAfter(Duration after) {
        return new HoldRule(operation, bucket, key, copySourceBucket, occurrence, mode, after);
    }

    /** Whether a request is one this rule picks (which occurrence it is, is counted by its {@link Hold}). */
    boolean matches(RequestTarget request) {
        return operation.equals(request.operation()) && bucket.equals(request.bucket())
                && request.keys().contains(key)
                && (copySourceBucket == null || copySourceBucket.equals(request.copySourceBucket()));
    }

    @Override
    public String toString() {
        return mode.label() + " " + (occurrence == EVERY ? "every" : "occurrence " + occurrence) + " " + operation
                + " of " + bucket + "/" + key + (copySourceBucket == null ? "" : " copied from " + copySourceBucket)
                + (releaseAfter == null ? "" : ", released after " + releaseAfter.toMillis() + " ms");
    }
}
