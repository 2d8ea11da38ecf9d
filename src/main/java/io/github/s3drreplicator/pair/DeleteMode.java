package io.github.s3drreplicator.pair;

import java.util.Locale;

/** What becomes of DR's copy when production no longer has the object ({@code replicator.delete.mode}). */
public enum DeleteMode {
    /** DR's copy is deleted too (in a versioned DR bucket, a delete marker hides it and it stays recoverable) */
    MIRROR,
    /** DR's copy stays, tagged with the time production lost it; the replicator never deletes */
    RETAIN,
    /** as {@link #RETAIN}, and tagged so that a lifecycle rule on the DR bucket expires it after a delay */
    DELAYED;

    public static DeleteMode of(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown delete mode '" + value + "'; use mirror, retain or delayed", e);
        }
    }
}
