package io.github.s3drreplicator.replicate;

/**
 * The condition a write puts on the object it replaces, so that it replaces exactly what was seen there or nothing
 * (412, and the key is looked at again): {@code If-None-Match: *} where nothing was, {@code If-Match: ETag} where that
 * object was.
 *
 * @param ifMatch the ETag seen, or {@code null} where nothing was seen
 */
public record Destination(String ifMatch) {

    public static final Destination ABSENT = new Destination(null);

    public static Destination of(ObjectState seen) {
        return seen.exists() ? new Destination(seen.eTag()) : ABSENT;
    }

    /** {@code *} where the key must not exist, else {@code null}. */
    public String ifNoneMatch() {
        return ifMatch == null ? "*" : null;
    }

    /** The If-Match header value, quoted as S3 sends ETags, or {@code null}. */
    public String ifMatchHeader() {
        return ifMatch == null ? null : "\"" + ifMatch + "\"";
    }
}
