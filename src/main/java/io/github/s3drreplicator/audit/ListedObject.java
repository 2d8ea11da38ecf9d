package io.github.s3drreplicator.audit;

import java.time.Instant;

/**
 * One entry of a bucket listing (or of an inventory report).
 *
 * @param eTag         without quotes, or {@code null} when not known
 * @param lastModified when the object was written, or {@code null} when not known
 */
public record ListedObject(String key, long size, String eTag, Instant lastModified) {
}
