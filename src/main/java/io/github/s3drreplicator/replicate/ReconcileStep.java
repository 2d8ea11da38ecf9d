package io.github.s3drreplicator.replicate;

import java.time.Duration;
import java.util.Map;

/**
 * What {@link ReconcilePlanner} decides next for one key: look at something, write one thing (each write conditioned
 * on what was seen), or stop. A small sealed family: each write carries exactly what its S3 request needs.
 */
public sealed interface ReconcileStep {

    /**
     * For the routes' content-based router: {@code LOOK}, {@code COPY}, {@code DELETE}, {@code TAG}, {@code WAIT},
     * {@code DONE}.
     */
    String kind();

    enum Side { SOURCE, TARGET }

    enum Need { STATE, TAGS, HISTORY }

    /** Ask S3 about one side: its object (HeadObject), its tags, or the key's versions. */
    record Look(Side side, Need need) implements ReconcileStep {
        @Override
        public String kind() {
            return "LOOK";
        }
    }

    /**
     * A server-side copy of {@code source} (as seen or announced, conditioned on its ETag) from {@code fromBucket}
     * into the target bucket, over exactly {@code destination}.
     *
     * @param metadata  the user metadata to give the copy; {@code null} to let S3 copy the source's
     * @param tags      the tags to give the copy; {@code null} to let S3 copy the source's
     * @param inParts   copied part by part in the source's own layout (a multipart source), else in one CopyObject
     * @param purpose   what the copy is for, which names its outcome
     * @param sourceVersionId the source's version to copy (a restore to an earlier instant), or {@code null} for its
     *                        current one
     */
    record Copy(String fromBucket, ObjectState source, Destination destination, Map<String, String> metadata,
                Map<String, String> tags, boolean inParts, Purpose purpose, String sourceVersionId)
            implements ReconcileStep {

        /** A copy of the source's current version. */
        public Copy(String fromBucket, ObjectState source, Destination destination, Map<String, String> metadata,
                    Map<String, String> tags, boolean inParts, Purpose purpose) {
            this(fromBucket, source, destination, metadata, tags, inParts, purpose, null);
        }

        public enum Purpose {
            /** DR gets the source's version */
            REPLICATE,
            /** DR's copy of a deleted object is written anew with its deletion marks (delete mode delayed) */
            MARK,
            /** production gets DR's copy back (a restore), without DR's deletion marks */
            RESTORE
        }

        @Override
        public String kind() {
            return "COPY";
        }

        /** Tags other than the source object's are set once more after the copy: some stores ignore the directive. */
        public boolean retagAfterCopy() {
            return tags != null;
        }
    }

    /** Removes the target's object, which must still be the one seen. */
    record Delete(Destination destination) implements ReconcileStep {
        @Override
        public String kind() {
            return "DELETE";
        }
    }

    /**
     * Gives the target's object these tags: the source's (a tag change), or its own plus deletion marks (delete mode
     * retain). Conditioned on the version seen where the bucket keeps versions; S3 offers no other condition on tags.
     */
    record Tag(Map<String, String> tags, String versionId, boolean mark) implements ReconcileStep {
        @Override
        public String kind() {
            return "TAG";
        }
    }

    /** Look at both sides again once this pause is over: a state that may be about to change (see the planner). */
    record Wait(Duration pause) implements ReconcileStep {
        @Override
        public String kind() {
            return "WAIT";
        }
    }

    /** Nothing (more) to do, and why: a reason for the skip counter, or what the last write achieved. */
    record Done(String reason) implements ReconcileStep {
        @Override
        public String kind() {
            return "DONE";
        }
    }
}
