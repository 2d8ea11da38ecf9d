package io.github.s3drreplicator.audit;

/** One entry of a bucket listing. */
public record ListedObject(String key, long size, String eTag) {
}
