package io.github.s3drreplicator.replicate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

import io.github.s3drreplicator.pair.BucketPair;
import io.github.s3drreplicator.pair.DeleteMode;
import io.github.s3drreplicator.replicate.ReconcileStep.Copy;
import io.github.s3drreplicator.replicate.ReconcileStep.Delete;
import io.github.s3drreplicator.replicate.ReconcileStep.Done;
import io.github.s3drreplicator.replicate.ReconcileStep.Look;
import io.github.s3drreplicator.replicate.ReconcileStep.Need;
import io.github.s3drreplicator.replicate.ReconcileStep.Side;
import io.github.s3drreplicator.replicate.ReconcileStep.Tag;
import io.github.s3drreplicator.replicate.ReconcileStep.Wait;

/**
 * The decision at the heart of the replicator, as a plain function of what is known (no S3 calls): given what one
 * reconciliation knows of a key on both sides, what to do next. {@link KeyReconciler} does the looking and the routes
 * do the writing; docs/convergence.md has the argument.
 *
 * <p>Every write names what it replaces: a copy is conditioned on the source's ETag and on the target as seen
 * ({@link Destination}), a delete on the target's ETag; a write refused because something changed makes the planner
 * look again. There is therefore no look after a write: S3 itself checked, atomically, that the write applied to the
 * states it was decided on. Except where both directions run: S3 has no condition on a delete marker, so a copy onto
 * nothing and a delete are checked once more afterwards ({@link KeyReconciler}).
 *
 * <p>The fast path: a creation event announces the new object's ETag and size. A single-part object, not copied
 * under a KMS key of ours, is copied at once, conditioned on the announced ETag and on DR not having the key: one S3
 * request for a new object. Refused, the planner looks at DR only, since the announcement still names what to copy.
 * Mirror pairs only: where both directions run, even a copy onto nothing must first know that DR did not delete
 * the key after the source wrote it, and a copy over DR's object that DR's object is older.
 */
public final class ReconcilePlanner {

    private static final Pattern MD5 = Pattern.compile("[0-9a-f]{32}");

    private final Clock clock;
    private final Duration deletionSettles;

    /**
     * @param deletionSettles where both directions run, how long a deletion that wins by its date alone must have
     *                        stood before it is applied (see {@link #settle}); zero applies it at once
     */
    public ReconcilePlanner(Clock clock, Duration deletionSettles) {
        this.clock = clock;
        this.deletionSettles = deletionSettles;
    }

    /** Whether a creation event's announcement may be copied at once (see the class comment). */
    public static boolean fastPathFor(String eTag, Long size, BucketPair pair) {
        return eTag != null && size != null && MD5.matcher(eTag).matches() && pair.kmsKeyId() == null;
    }

    public ReconcileStep next(KeyReplication r) {
        View source = r.source();
        View target = r.target();
        if (r.tagsToCheck() != null) {
            return tagsWritten(r, source);
        }
        if (r.asOf() != null) {
            return restoreAsOf(r, source, target);
        }
        if (source.knowledge() == View.Knowledge.ANNOUNCED && r.policy() == KeyReplication.Policy.MIRROR) {
            ReconcileStep announced = fromAnnouncement(r, source, target);
            if (announced != null) {
                return announced;
            }
            return new Look(Side.SOURCE, Need.STATE);
        }
        // the target first: a delete is decided on what the target held before the source was seen without the key,
        // so that a copy of a re-created object landing in between changes the ETag the delete is conditioned on
        if (target.unknown()) {
            return new Look(Side.TARGET, Need.STATE);
        }
        if (source.unknown() || source.knowledge() == View.Knowledge.ANNOUNCED) {
            return new Look(Side.SOURCE, Need.STATE);
        }
        if (r.discarded()) {
            return keptByDiscard(r, source, target);
        }
        if (r.policy() == KeyReplication.Policy.NEWER_WINS) {
            ReconcileStep whoWins = newerWins(r, source, target);
            if (whoWins != null) {
                return whoWins;
            }
        }
        return source.exists() ? sourcePresent(r, source, target) : sourceAbsent(r, target);
    }

    /**
     * A restore to an earlier instant ({@code restore --as-of}): production, the target, is brought back to DR's
     * version of that instant, byte for byte with its metadata and tags (without the marks of a copy DR kept after a
     * deletion), in its own parts where it was uploaded in parts; a key that did not exist then is left alone, or,
     * pruning, deleted. Unlike a restore of DR's current state it overwrites what production wrote later: that is
     * what it undoes. What it never overwrites is the application's: a key production changed since the restore
     * listed it, or wrote in the second the restore began or later, and, after a write S3 refused, whatever
     * production holds that the refused write was not decided on.
     */
    private static ReconcileStep restoreAsOf(KeyReplication r, View source, View target) {
        KeyAsOf asOf = r.asOf();
        if (target.unknown()) {
            return new Look(Side.TARGET, Need.STATE);
        }
        // the first look is judged against the listing; after a refused write, against what that write was decided on
        if (r.conflicts() == 0 ? changedSinceListed(r, target) : r.productionChangedUnderTheRestore()) {
            return new Done("production-newer");
        }
        if (!asOf.existed()) {
            if (!target.exists()) {
                return new Done("already-absent");
            }
            return asOf.prune() ? new Delete(Destination.of(target.state())) : new Done("created-since");
        }
        if (source.unknown()) {
            return new Look(Side.SOURCE, Need.STATE);
        }
        if (!source.exists()) {
            // expired by DR's lifecycle rule since it was listed: nothing left to restore it from
            return new Done("version-gone");
        }
        if (target.exists() && target.state().holdsCopyOf(source.state())) {
            return new Done("already-in-sync");
        }
        if (source.tags() == null) {
            return new Look(Side.SOURCE, Need.TAGS);
        }
        boolean inParts = source.state().multipart();
        Map<String, String> metadata = null;
        Map<String, String> tags = null;
        if (DeletionMarks.isMarked(source.tags())) {
            // a copy kept after a deletion comes back as production had it: without the marks, even of no tags left
            metadata = DeletionMarks.unmarkedMetadata(source.state().metadata());
            tags = DeletionMarks.unmarked(source.tags());
        } else if (inParts) {
            // CreateMultipartUpload carries nothing over by itself
            metadata = source.state().metadata();
            tags = source.knownTags().isEmpty() ? null : source.knownTags();
        }
        return new Copy(r.pair().sourceBucket(), source.state(), Destination.of(target.state()), metadata, tags,
                inParts, Copy.Purpose.RESTORE, asOf.versionId());
    }

    /**
     * Whether production, at the restore's first look at the key, holds something else than the listing showed, or
     * something written in the second the restore began or later (S3 dates in whole seconds): the application's.
     */
    private static boolean changedSinceListed(KeyReplication r, View target) {
        String listed = r.asOf().productionETag();
        if (target.exists() != (listed != null)) {
            return true;
        }
        if (!target.exists()) {
            return false;
        }
        Instant written = target.state().lastModified();
        return !listed.equals(target.state().eTag()) || (written != null && r.restoreStarted() != null
                && written.getEpochSecond() >= r.restoreStarted().getEpochSecond());
    }

    /** The fast path and its second round; {@code null} where the source must be looked at. */
    private static ReconcileStep fromAnnouncement(KeyReplication r, View source, View target) {
        if (target.unknown()) {
            return r.conflicts() == 0 ? copy(r, source.state(), ObjectState.ABSENT) : new Look(Side.TARGET, Need.STATE);
        }
        if (target.exists() && target.state().holdsCopyOf(source.state())) {
            // the same bytes: the source's metadata and tags are worth a look (a copy in place that changed them)
            return null;
        }
        // refused with DR absent, the copy's source condition failed: the announcement is stale
        if (target.exists() && r.conflicts() == 1) {
            return copy(r, source.state(), target.state());
        }
        return null;
    }

    private static Copy copy(KeyReplication r, ObjectState source, ObjectState target) {
        return new Copy(r.pair().sourceBucket(), source, Destination.of(target), null, null, false,
                Copy.Purpose.REPLICATE);
    }

    private ReconcileStep sourcePresent(KeyReplication r, View source, View target) {
        if (target.exists() && target.state().holdsCopyOf(source.state())) {
            return inSync(r, source, target);
        }
        return copyOfSource(r, source, target);
    }

    /** The source's object copied over the target as seen, with everything it carries. */
    private ReconcileStep copyOfSource(KeyReplication r, View source, View target) {
        if (r.sourceHoldsMarks() && !r.restore()) {
            if (source.tags() == null) {
                return new Look(Side.SOURCE, Need.TAGS);
            }
            if (DeletionMarks.isMarked(source.tags())) {
                // a copy DR kept after its original was deleted, seen running from DR back to production: neither
                // brought back to life (a restore does that) nor a reason to delete what production has
                return new Done("source-marked-deleted");
            }
        }
        boolean marked = r.restore() && source.state().mayHaveTags();
        boolean inParts = source.state().multipart();
        if ((inParts || marked) && source.tags() == null) {
            return new Look(Side.SOURCE, Need.TAGS);
        }
        Map<String, String> metadata = null;
        Map<String, String> tags = null;
        if (r.restore() && DeletionMarks.isMarked(source.tags())) {
            // a copy kept after a deletion comes back as production had it: without the marks
            metadata = DeletionMarks.unmarkedMetadata(source.state().metadata());
            tags = DeletionMarks.unmarked(source.tags());
        } else if (inParts) {
            // CreateMultipartUpload carries nothing over by itself
            metadata = source.state().metadata();
            tags = source.knownTags();
        }
        return new Copy(r.pair().sourceBucket(), source.state(), Destination.of(target.state()), metadata, tags,
                inParts, r.restore() ? Copy.Purpose.RESTORE : Copy.Purpose.REPLICATE);
    }

    /**
     * DR holds the source's bytes: the metadata (a copy in place with new metadata keeps the ETag) and the tags may
     * still differ. Metadata comes with a new copy; tags alone are set on the version seen.
     */
    private ReconcileStep inSync(KeyReplication r, View source, View target) {
        if (!propertiesDiffering(r, source, target).isEmpty() && sourceWrittenLater(r, source, target)) {
            return copyOfSource(r, source, target);
        }
        if (!tagsWorthALook(r, source, target)) {
            return new Done("already-in-sync");
        }
        if (source.tags() == null) {
            return new Look(Side.SOURCE, Need.TAGS);
        }
        if (target.tags() == null) {
            return new Look(Side.TARGET, Need.TAGS);
        }
        Map<String, String> wanted = tagsWanted(r.restore(), r.sourceHoldsMarks(), source.tags());
        if (wanted == null) {
            return new Done("source-marked-deleted");
        }
        if (!wanted.equals(target.knownTags())) {
            // new tags in production, or a copy marked deleted whose object production has again
            return new Tag(wanted, target.state().versionId(), false);
        }
        return new Done("already-in-sync");
    }

    /**
     * Tags are looked at where they may differ while the bytes are equal: a tag change, or either side has tags
     * (HeadObject's tag count says so; a store that does not say may have some).
     */
    private static boolean tagsWorthALook(KeyReplication r, View source, View target) {
        boolean tagEvent = r.event().eventName() != null && r.event().eventName().startsWith("ObjectTagging:");
        return tagEvent || source.state().mayHaveTags() || target.state().mayHaveTags();
    }

    /**
     * What the target's copy carries besides the bytes that is not the source's: user metadata, content headers,
     * the website redirect, and the storage class where the pair names one (the copies' class is then the pair's).
     * A restore, and a pair running from a DR that marks what it keeps, compare the source's metadata without the
     * deletion marks, as a copy carries it.
     */
    static java.util.List<String> propertiesDiffering(KeyReplication r, View source, View target) {
        return propertiesDiffering(r.pair(), r.restore(), r.sourceHoldsMarks(), source.state(), target.state());
    }

    /**
     * As above, for a key of {@code pair} whose sides were looked at: the rule the drift audit compares by too.
     *
     * @param sourceHoldsMarks the source bucket is a DR bucket that keeps deleted objects marked
     */
    public static java.util.List<String> propertiesDiffering(BucketPair pair, boolean restore,
                                                             boolean sourceHoldsMarks, ObjectState source,
                                                             ObjectState target) {
        Map<String, String> expected = restore || sourceHoldsMarks
                ? DeletionMarks.unmarkedMetadata(source.metadata()) : source.metadata();
        return target.propertiesDifferingFrom(source, expected, restore ? null : pair.storageClass());
    }

    /**
     * The tags the target must carry, given the source's: the source's own (without the deletion marks in a
     * restore), or {@code null} where the source is a copy its DR bucket keeps marked deleted, which is left alone.
     * The rule the drift audit compares by too.
     */
    public static Map<String, String> tagsWanted(boolean restore, boolean sourceHoldsMarks,
                                                 Map<String, String> sourceTags) {
        if (sourceHoldsMarks && !restore && DeletionMarks.isMarked(sourceTags)) {
            return null;
        }
        return restore ? DeletionMarks.unmarked(sourceTags) : sourceTags;
    }

    /**
     * Where only one side is written (a mirror), the source's metadata is what DR must carry. Where both are, and in
     * a restore, the later write wins: the source's metadata only if it was written in a later second.
     */
    private static boolean sourceWrittenLater(KeyReplication r, View source, View target) {
        if (r.policy() == KeyReplication.Policy.MIRROR) {
            return true;
        }
        Instant ours = source.state().lastModified();
        Instant theirs = target.state().lastModified();
        return ours != null && theirs != null && ours.getEpochSecond() > theirs.getEpochSecond();
    }

    /**
     * After the target's tags were set to the source's, the source's tags are read once more: a tag change made
     * meanwhile (whose own record may have written before this one) is set too, so the last tag write wins.
     */
    private static ReconcileStep tagsWritten(KeyReplication r, View source) {
        if (source.tags() == null && source.exists()) {
            return new Look(Side.SOURCE, Need.TAGS);
        }
        Map<String, String> now = r.restore() ? DeletionMarks.unmarked(source.knownTags()) : source.knownTags();
        if (!source.exists() || now.equals(r.tagsToCheck().tags())) {
            return new Done("tags-synced");
        }
        return new Tag(now, r.tagsToCheck().versionId(), false);
    }

    /**
     * An operator discarded the storm this held write belongs to: DR keeps what it holds. Nothing is copied or
     * deleted; an object production no longer has is marked as kept by that decision ({@link DeletionMarks}), so that
     * no later delete or repair removes it and the audit counts it retained. An object production has again is left
     * to its own events.
     */
    private ReconcileStep keptByDiscard(KeyReplication r, View source, View target) {
        if (source.exists()) {
            return new Done("source-present");
        }
        if (!target.exists()) {
            return new Done("already-absent");
        }
        if (target.tags() == null) {
            return new Look(Side.TARGET, Need.TAGS);
        }
        if (DeletionMarks.isKeptByDiscard(target.tags())) {
            return new Done("already-retained");
        }
        String storm = r.decidedStorm() == null ? "unknown" : r.decidedStorm();
        return new Tag(DeletionMarks.keptByDiscard(target.tags(), clock.instant(), storm),
                target.state().versionId(), true);
    }

    /** The source no longer has the key. */
    private ReconcileStep sourceAbsent(KeyReplication r, View target) {
        if (!target.exists()) {
            return new Done(r.event().isCreated() ? "source-gone" : "already-absent");
        }
        if (r.restore()) {
            return new Done("not-in-dr");
        }
        BucketPair pair = r.pair();
        if (pair.deleteMode() == DeleteMode.MIRROR) {
            // unless an operator chose to keep it (breaker discard): final, whatever deletes it later
            if (target.tags() == null) {
                return new Look(Side.TARGET, Need.TAGS);
            }
            if (DeletionMarks.isKeptByDiscard(target.tags())) {
                return new Done("kept-by-discard");
            }
            return new Delete(Destination.of(target.state()));
        }
        if (target.tags() == null) {
            return new Look(Side.TARGET, Need.TAGS);
        }
        if (DeletionMarks.isKeptByDiscard(target.tags())) {
            // kept by an operator: never given a delay to expire by
            return new Done("kept-by-discard");
        }
        if (DeletionMarks.isMarkedFor(pair, target.tags())) {
            return new Done("already-retained");
        }
        Map<String, String> marks = DeletionMarks.marked(pair, target.tags(), clock.instant());
        if (pair.deleteMode() == DeleteMode.RETAIN) {
            return new Tag(marks, target.state().versionId(), true);
        }
        // delayed: written anew, because a lifecycle rule counts its days from an object's last write and tagging is
        // no write; the time goes into the metadata too, since S3 refuses to copy an object onto itself unchanged
        Map<String, String> metadata = new HashMap<>(target.state().metadata());
        metadata.put(DeletionMarks.DELETED_AT, marks.get(DeletionMarks.DELETED_AT));
        return new Copy(pair.targetBucket(), target.state(), Destination.of(target.state()), metadata, marks,
                target.state().multipart(), Copy.Purpose.MARK);
    }

    /**
     * Where both directions run, or in a restore: the side written last wins. Returns {@code null} where the source
     * wins (go on as a mirror would), else what to do.
     */
    private ReconcileStep newerWins(KeyReplication r, View source, View target) {
        if (source.exists() && target.exists() && target.state().holdsCopyOf(source.state())) {
            return null;
        }
        if (!source.exists() && (!target.exists() || r.restore())) {
            return null;
        }
        if (source.history() == null) {
            return new Look(Side.SOURCE, Need.HISTORY);
        }
        if (target.history() == null) {
            return new Look(Side.TARGET, Need.HISTORY);
        }
        KeyHistory.Entry ours = current(source);
        KeyHistory.Entry theirs = current(target);
        if (r.restore() && r.productionChangedUnderTheRestore()) {
            // a write S3 refused because production changed since the restore looked: the application's newer
            // state, a write or a deletion, is kept
            return new Done("production-newer");
        }
        if (r.restore() && theirs != null && theirs.lastModified() != null && r.restoreStarted() != null
                && theirs.lastModified().getEpochSecond() >= r.restoreStarted().getEpochSecond()) {
            // written or deleted in production since the restore began: the application's, never overwritten
            return new Done("production-newer");
        }
        if (r.restore() && (theirs == null || theirs.deleteMarker())) {
            // what production lost is what a restore is for
            return null;
        }
        if (r.restore() && ours != null && compare(ours, theirs) == 0 && !source.history().movedOnFrom(theirs)) {
            // written in the same second: which came first cannot be told, and a restore never overwrites a write
            // it cannot tell is older
            return new Done("production-newer");
        }
        if (r.isOwnOvertakenDeletion(theirs)) {
            // the target's deletion is this record's own, overtaken by the source's write (KeyReconciler#deleted)
            return null;
        }
        if (sourceIsNewer(source.history(), ours, target.history(), theirs)) {
            return r.restore() ? null : settle(r, source, ours, theirs);
        }
        return new Done(r.restore() ? "production-newer" : "target-newer");
    }

    /**
     * A deletion that beats the target's object by its date alone, made moments ago, may be the other direction's
     * own replica of an older deletion that a write overtook: that direction is about to have the write follow it
     * ({@link KeyReconciler#deleted}). Deleting the write here first would lose it, so the key is looked at again
     * once the deletion has stood long enough, once per record. {@code null}: go on.
     */
    private ReconcileStep settle(KeyReplication r, View source, KeyHistory.Entry ours, KeyHistory.Entry theirs) {
        if (deletionSettles.isZero() || r.hasWaited() || ours == null || !ours.deleteMarker()
                || ours.lastModified() == null || theirs == null || theirs.deleteMarker()
                || source.history().movedOnFrom(theirs)) {
            return null;
        }
        // S3 dates a marker in whole seconds: it may have been made up to a second after its date
        Instant made = ours.lastModified().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
        Duration rest = deletionSettles.minus(Duration.between(made, clock.instant()));
        if (rest.isNegative() || rest.isZero()) {
            return null;
        }
        return new Wait(rest.compareTo(deletionSettles) > 0 ? deletionSettles : rest);
    }

    /** The side's current state as a history entry: its object, else its newest delete marker, else nothing. */
    private static KeyHistory.Entry current(View side) {
        if (side.exists()) {
            return new KeyHistory.Entry(side.state().eTag(), side.state().lastModified());
        }
        KeyHistory.Entry newest = side.history().current();
        return newest != null && newest.deleteMarker() ? newest : null;
    }

    /**
     * Which side moved on from the other's current state (its history holds that state, then something newer) says
     * which is newer, whatever the clocks; where neither or both did, the later write, and on a tie (S3 counts whole
     * seconds) an object beats a deletion and the greater ETag wins, so that both directions agree.
     */
    static boolean sourceIsNewer(KeyHistory sourceHistory, KeyHistory.Entry source, KeyHistory targetHistory,
                                 KeyHistory.Entry target) {
        boolean sourceMovedOn = target != null && sourceHistory.movedOnFrom(target);
        boolean targetMovedOn = source != null && targetHistory.movedOnFrom(source);
        if (sourceMovedOn != targetMovedOn) {
            return sourceMovedOn;
        }
        if (source == null || target == null) {
            return target == null && source != null;
        }
        int byTime = compare(source, target);
        if (byTime != 0) {
            return byTime > 0;
        }
        if (source.deleteMarker() != target.deleteMarker()) {
            return !source.deleteMarker();
        }
        return !source.deleteMarker() && source.eTag().compareTo(target.eTag()) > 0;
    }

    /**
     * In whole seconds, as S3 dates its objects: an object's date read with HeadObject has no more, and a listing's
     * finer date (some stores give milliseconds) must not make a deletion in the same second look later.
     */
    private static int compare(KeyHistory.Entry a, KeyHistory.Entry b) {
        if (a.lastModified() == null || b.lastModified() == null) {
            return 0;
        }
        return Long.compare(a.lastModified().getEpochSecond(), b.lastModified().getEpochSecond());
    }
}
