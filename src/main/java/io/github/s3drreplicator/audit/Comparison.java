package io.github.s3drreplicator.audit;

/** What an audit compares of a key both buckets hold. */
public enum Comparison {
    /**
     * Size and content only, as {@code rclone check} does ({@code audit --content-only}): a key whose listings agree
     * is not looked at.
     */
    CONTENT,
    /**
     * Also what the objects carry besides their bytes, as the reconciler compares it: user metadata, content headers,
     * website redirect, the pair's storage class, and tags. Two HeadObjects per key, two GetObjectTagging where
     * either side may have tags.
     */
    EVERYTHING;

    /** Whether metadata and tags are compared. */
    public boolean properties() {
        return this == EVERYTHING;
    }
}
