package io.github.s3drreplicator.guarantee;

/**
 * What S3 (or an S3-compatible store) must do for the replicator's promises to hold, checked once when the service
 * starts ({@link GuaranteeCheck}); each with the name an operator gives in {@code replicator.accept-risks} to run
 * without it.
 */
public enum Guarantee {

    /**
     * The store refuses a write whose condition fails: PutObject and CopyObject with {@code If-None-Match: *} onto an
     * object, {@code If-Match} with another ETag (CopyObject's source condition too), and DeleteObject with
     * {@code If-Match} with another ETag. Every "a write applies exactly to what was seen" in docs/convergence.md rests
     * on it.
     */
    CONDITIONAL_WRITES("unenforced-conditions",
            "every copy and delete is conditioned on what was seen; without it a late or duplicated record can"
                    + " overwrite or delete a newer object"),

    /**
     * The store says how many tags an object has when asked for the object (HeadObject's {@code x-amz-tagging-count},
     * as S3 does where there are some): tags are compared only where it says there are.
     */
    TAG_COUNTS("unreported-tag-counts",
            "tags are compared only where HeadObject says an object has some; without the count a tag change whose"
                    + " event was lost, or tags DR's copy should not have, are never seen"),

    /**
     * Where both directions run, both buckets keep versions: delete markers are the only trace a deletion leaves, and
     * without them a stale copy on one side can be copied back over a deletion on the other.
     */
    VERSIONING("unversioned-buckets",
            "where both directions run, deletions are ordered by their delete markers; without versioning a deleted"
                    + " key can come back from the other side");

    private final String risk;
    private final String why;

    Guarantee(String risk, String why) {
        this.risk = risk;
        this.why = why;
    }

    /** The name that accepts running without it, in {@code replicator.accept-risks}. */
    public String risk() {
        return risk;
    }

    /** What is lost without it, in an operator's words. */
    public String why() {
        return why;
    }
}
