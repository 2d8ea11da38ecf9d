package io.github.s3drreplicator.replicate;

import java.time.Instant;

/**
 * Where both directions run, a copy onto nothing is conditioned only on the key having no current object: S3 has no
 * condition on a delete marker. A deletion the application makes on the target between the replicator's look and its
 * copy is therefore buried under the copy, and the deleted key would come back. So after such a copy the target's
 * history is read once more, and the copy is withdrawn where it lies on a deletion the replicator had not seen that
 * was made after the copied version was written: the deletion is the newer state, and flows back the other way.
 */
final class CopyOverDeletion {

    private CopyOverDeletion() {
    }

    /**
     * @param after         the target's history read after the copy, newest first
     * @param seen          the target's history the copy was decided on
     * @param copiedETag    the copy's ETag
     * @param sourceWritten when the copied version was written in the source
     */
    static boolean buriedANewerDeletion(KeyHistory after, KeyHistory seen, String copiedETag, Instant sourceWritten) {
        if (seen == null || sourceWritten == null || after.entries().size() < 2) {
            return false;
        }
        KeyHistory.Entry copy = after.entries().get(0);
        KeyHistory.Entry below = after.entries().get(1);
        if (copy.deleteMarker() || !copy.eTag().equals(copiedETag) || !below.deleteMarker()
                || below.lastModified() == null) {
            // someone wrote after the copy (theirs to settle), or the copy lies on an object
            return false;
        }
        KeyHistory.Entry seenCurrent = seen.current();
        boolean unseen = seenCurrent == null || !seenCurrent.deleteMarker() || seenCurrent.lastModified() == null
                || below.lastModified().isAfter(seenCurrent.lastModified());
        // S3 counts whole seconds: a deletion in the same second as the source's write is no later than it
        return unseen && below.lastModified().getEpochSecond() > sourceWritten.getEpochSecond();
    }
}
