package io.github.s3drreplicator.replicate;

import java.util.Map;

import io.github.s3drreplicator.event.ObjectEvent;

/**
 * What brings DR's copy of one key to the source's current state, decided by {@link KeyReconciler}.
 *
 * @param source     the source as it was just seen; a copy is conditioned on its ETag
 * @param sourceTags the source's tags, for {@link Kind#SYNC_TAGS}
 * @param reason     why nothing is done, for {@link Kind#NONE}
 */
public record ReconcileAction(Kind kind, ObjectEvent event, ObjectState source, Map<String, String> sourceTags,
                              String reason) {

    public enum Kind {
        /** the source has a version DR does not hold */
        COPY,
        /** the source no longer has the key, DR still does */
        DELETE,
        /** DR holds the source's version, but its tags differ */
        SYNC_TAGS,
        /** DR already matches the source */
        NONE
    }

    public String key() {
        return event.key();
    }
}
