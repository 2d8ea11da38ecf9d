package io.github.s3drreplicator.replicate;

import java.util.Map;

import io.github.s3drreplicator.event.ObjectEvent;
import io.github.s3drreplicator.pair.BucketPair;

/**
 * What brings DR's copy of one key to the source's current state, decided by {@link KeyReconciler}.
 *
 * @param pair       the bucket pair the key belongs to
 * @param source     the source as it was just seen; a copy is conditioned on its ETag
 * @param sourceTags the source's tags, for {@link Kind#COPY} and {@link Kind#SYNC_TAGS}
 * @param dr         DR as it was just seen
 * @param drTags     the tags DR's copy gets, for {@link Kind#RETAIN}
 * @param reason     why nothing is done, for {@link Kind#NONE}
 * @param retagAfterCopy whether the copy must get {@code sourceTags} other than the tags its source object has (a
 *                   restore leaves DR's deletion marks behind): set again after the copy, because some S3-compatible
 *                   stores ignore CopyObject's tagging directive and keep the source object's tags
 * @param fast       a {@link Kind#COPY} of the version an event announced, planned without looking at the source
 *                   (see {@link KeyReconciler}): S3 copies metadata and tags itself, conditioned on the ETag
 */
public record ReconcileAction(Kind kind, ObjectEvent event, BucketPair pair, ObjectState source,
                              Map<String, String> sourceTags, ObjectState dr, Map<String, String> drTags,
                              String reason, boolean retagAfterCopy, boolean fast) {

    public enum Kind {
        /** the source has a version DR does not hold */
        COPY,
        /** the source no longer has the key, DR still does, and the pair's delete mode is mirror */
        DELETE,
        /** the source no longer has the key; DR keeps its copy and marks it (delete modes retain and delayed) */
        RETAIN,
        /** DR holds the source's version, but its tags differ */
        SYNC_TAGS,
        /** DR already matches the source */
        NONE
    }

    public String key() {
        return event.key();
    }
}
