package io.github.s3drreplicator.sandbox;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The region of every bucket the sandbox serves: the configured ones, and those created through the public port
 * (from the request's {@code LocationConstraint}, us-east-1 without one), forgotten again when deleted.
 */
final class BucketRegions {

    /** The region of a bucket created without a location constraint. */
    static final String DEFAULT_REGION = "us-east-1";

    private final Map<String, String> regions = new ConcurrentHashMap<>();

    Optional<String> of(String bucket) {
        return bucket == null ? Optional.empty() : Optional.ofNullable(regions.get(bucket));
    }

    void put(String bucket, String region) {
        regions.put(bucket, region == null || region.isBlank() ? DEFAULT_REGION : region);
    }

    void putIfAbsent(String bucket, String region) {
        regions.putIfAbsent(bucket, region == null || region.isBlank() ? DEFAULT_REGION : region);
    }

    void forget(String bucket) {
        regions.remove(bucket);
    }

    /** Bucket to region, in name order. */
    Map<String, String> all() {
        return new TreeMap<>(regions);
    }
}
