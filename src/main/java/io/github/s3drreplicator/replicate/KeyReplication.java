package io.github.s3drreplicator.replicate;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.s3drreplicator.event.ObjectEvent;
import io.github.s3drreplicator.pair.BucketPair;

/**
 * Everything one record's reconciliation knows and decides, in one typed object that travels with the exchange
 * (the exchange property {@value #PROPERTY}): the event and its pair, how the key is to be reconciled, what is known
 * of both sides, the step decided, and the outcome. The routes read it; {@link KeyReconciler} and
 * {@link ReconcilePlanner} write it.
 */
public final class KeyReplication {

    public static final String PROPERTY = "replication";

    /** Who asked for the key to be reconciled. */
    public enum Origin {
        /** an event notification */
        EVENT,
        /** the drift audit's repair (audit --repair, or the scheduled audit) */
        AUDIT,
        /** a restore: the pair is reversed, DR to production */
        RESTORE,
        /** a delete the breaker held, released by an operator */
        RELEASED,
        /** a delete the breaker held, dropped by an operator: DR keeps its object, marked as kept */
        DISCARDED
    }

    /** Who wins where both sides differ. */
    public enum Policy {
        /** the source, always: DR mirrors production */
        MIRROR,
        /** the side written last: both directions run at once, or a restore */
        NEWER_WINS
    }

    private final ObjectEvent event;
    private final BucketPair pair;
    private final Origin origin;
    private final Policy policy;
    private final boolean sourceHoldsMarks;
    private final JsonNode record;
    private View source;
    private View target = View.UNKNOWN;
    private int conflicts;
    private ReconcileStep step;
    private ReconcileStep written;
    private String outcome;
    private long bytesCopied;
    private boolean exactLayout;
    private KeyHistory.Entry ownOvertakenDeletion;
    private boolean waited;
    private String heldStorm;
    private String heldKind;
    private String decidedStorm;
    private ReconcileStep.Tag tagsToCheck;
    private String writtenVersionId;
    private ObjectState targetBeforeConflict;
    private java.time.Instant restoreStarted;
    private KeyAsOf asOf;

    /**
     * @param sourceHoldsMarks the source bucket is a DR bucket that keeps deleted objects marked (the pair runs from
     *                         DR back to production): its objects' tags are worth a look
     * @param record           the record as it arrived, for the dead-letter queue; {@code null} for audit repairs
     */
    public KeyReplication(ObjectEvent event, BucketPair pair, Origin origin, Policy policy, boolean sourceHoldsMarks,
                          JsonNode record) {
        this.event = event;
        this.pair = pair;
        this.origin = origin;
        this.policy = policy;
        this.sourceHoldsMarks = sourceHoldsMarks;
        this.record = record;
        this.source = View.UNKNOWN;
    }

    /**
     * The source as the event announced it, to be copied at once, conditioned on the announced ETag: the fast path
     * of a creation (see {@link ReconcilePlanner}).
     */
    public KeyReplication announced(ObjectState announced) {
        this.source = View.announced(announced);
        return this;
    }

    public ObjectEvent event() {
        return event;
    }

    public BucketPair pair() {
        return pair;
    }

    public String key() {
        return event.key();
    }

    public Origin origin() {
        return origin;
    }

    public boolean restore() {
        return origin == Origin.RESTORE;
    }

    public boolean audit() {
        return origin == Origin.AUDIT;
    }

    public boolean released() {
        return origin == Origin.RELEASED;
    }

    public boolean discarded() {
        return origin == Origin.DISCARDED;
    }

    /** The storm an operator's decision took this record from (released or discarded), or {@code null}. */
    public String decidedStorm() {
        return decidedStorm;
    }

    /** This record was held for {@code storm}, and an operator decided on that storm. */
    public KeyReplication decidedFrom(String storm) {
        this.decidedStorm = storm;
        return this;
    }

    /**
     * Whether the process that started the record reports how it ends: a repair or restore run by {@code audit} or
     * {@code restore} (or the scheduled audit) in its own process. Its failures are not dead-lettered and a delete the
     * breaker holds is reported as held, not parked. A repair that came through the queue ({@code --via-queue}) is
     * the service's like any event: dead-lettered, parked.
     */
    public boolean reportsItself() {
        return record == null && (origin == Origin.AUDIT || origin == Origin.RESTORE);
    }

    public Policy policy() {
        return policy;
    }

    public boolean sourceHoldsMarks() {
        return sourceHoldsMarks;
    }

    public JsonNode record() {
        return record;
    }

    public View source() {
        return source;
    }

    public View target() {
        return target;
    }

    void source(View view) {
        this.source = view;
    }

    void target(View view) {
        this.target = view;
    }

    /** How many writes of this record found the key changed since it was looked at (412, or 404). */
    public int conflicts() {
        return conflicts;
    }

    public ReconcileStep step() {
        return step;
    }

    void step(ReconcileStep next) {
        this.step = next;
    }

    /** For the routes' content-based router. */
    public String getStepKind() {
        return step == null ? null : step.kind();
    }

    /**
     * Whether the step is a copy that replaces an object DR holds (a replication onto an existing copy, conditioned
     * on it): what the overwrite guard counts. New keys, deletion marks and restores are no overwrites.
     */
    public boolean overwrites() {
        return isOverwrite(step) && !restore();
    }

    /** Whether the write applied was a copy that replaced an object DR held. */
    public boolean overwrote() {
        return isOverwrite(written) && !restore();
    }

    private static boolean isOverwrite(ReconcileStep step) {
        return step instanceof ReconcileStep.Copy copy && copy.purpose() == ReconcileStep.Copy.Purpose.REPLICATE
                && copy.destination().ifMatch() != null;
    }

    /** The step as a copy, for the routes that copy. */
    public ReconcileStep.Copy getCopy() {
        return (ReconcileStep.Copy) step;
    }

    /** Whether the reconciliation has ended: nothing more to do, or the record handed on (a held delete). */
    public boolean isDone() {
        return step instanceof ReconcileStep.Done;
    }

    /**
     * A write found the key changed since it was looked at: S3 refused it (412) or the object it names is gone (404).
     * No failure: what was seen is forgotten, and the key is looked at again. An event's announcement is trusted once
     * more only right after the fast path's first copy, whose refusal may just mean DR holds the key already.
     */
    public void conflicted() {
        conflicts++;
        if (restore() && target.seen()) {
            targetBeforeConflict = target.state();
        }
        target = View.UNKNOWN;
        if (!(source.knowledge() == View.Knowledge.ANNOUNCED && conflicts == 1)) {
            source = View.UNKNOWN;
        }
        step = null;
    }

    /**
     * Where both directions run: the delete took effect, but the source was written again after the look that
     * decided it. The target's delete marker it left is then older than the source's write, whatever its date says:
     * the key is looked at again, and while that marker is still the target's newest entry, the source's object
     * follows it.
     *
     * @param marker the target's newest entry right after the delete: the marker it made
     */
    public void deletionOvertaken(KeyHistory.Entry marker) {
        ownOvertakenDeletion = marker;
        conflicts++;
        lookAgain();
    }

    /** Whether this deletion (the target's newest entry) is the one this record made and the source overtook. */
    public boolean isOwnOvertakenDeletion(KeyHistory.Entry deletion) {
        return ownOvertakenDeletion != null && ownOvertakenDeletion.equals(deletion);
    }

    /**
     * A restore's write was refused because production changed since it looked (or the copy's source did): whether
     * production now holds something else than what the refused write was decided on.
     */
    public boolean productionChangedUnderTheRestore() {
        if (targetBeforeConflict == null || !target.seen()) {
            return false;
        }
        ObjectState now = target.state();
        return now.exists() != targetBeforeConflict.exists()
                || (now.exists() && !java.util.Objects.equals(now.eTag(), targetBeforeConflict.eTag()));
    }

    /** When the restore this record belongs to began, or {@code null}: what production writes from then on is kept. */
    public java.time.Instant restoreStarted() {
        return restoreStarted;
    }

    /** A record of a restore that began at this instant. */
    public KeyReplication restoreStartedAt(java.time.Instant started) {
        this.restoreStarted = started;
        return this;
    }

    /**
     * In a restore to an earlier instant, what the key is brought back to; {@code null} in every other
     * reconciliation, which brings the target to the source's current state.
     */
    public KeyAsOf asOf() {
        return asOf;
    }

    /** A record of a restore to an earlier instant: the key is brought back to {@code wanted}. */
    public KeyReplication restoringAsOf(KeyAsOf wanted) {
        this.asOf = wanted;
        return this;
    }

    /**
     * The target's tags were set to the source's: the source's tags are read once more before the record ends, and set
     * again if they changed meanwhile (each time counts as a conflict, so a key whose tags never settle is retried
     * later).
     */
    public void tagsWritten(ReconcileStep.Tag written) {
        if (tagsToCheck != null) {
            conflicts++;
        }
        tagsToCheck = written;
        outcome = "tags-synced";
        source = source.withTags(null);
        step = null;
    }

    /** The tags written last, to be checked against the source's; {@code null} when none are to be checked. */
    public ReconcileStep.Tag tagsToCheck() {
        return tagsToCheck;
    }

    /** The planner's pause is over ({@link ReconcileStep.Wait}): both sides are looked at again. */
    public void waited() {
        waited = true;
        lookAgain();
    }

    /** Whether this record paused once already: it pauses no more. */
    public boolean hasWaited() {
        return waited;
    }

    /** How long the step asks to pause, in milliseconds, for the route's delay. */
    public long getPauseMillis() {
        return step instanceof ReconcileStep.Wait wait ? wait.pause().toMillis() : 0;
    }

    /** The write took effect and made this version of the target's object: its tags are set on that version. */
    public void applied(String what, long bytes, String versionId) {
        applied(what, bytes);
        this.writtenVersionId = versionId;
    }

    /** The version the copy just applied made, or {@code null} where the target keeps no versions. */
    public String writtenVersionId() {
        return writtenVersionId;
    }

    /** The write took effect: the reconciliation ends with this outcome. */
    public void applied(String what, long bytes) {
        this.written = step;
        this.outcome = what;
        this.bytesCopied += bytes;
        this.step = new ReconcileStep.Done(what);
    }

    /** Whether the copy just applied gives tags other than its source object's, to be set once more. */
    public boolean isRetagAfterCopy() {
        return written instanceof ReconcileStep.Copy copy && copy.retagAfterCopy();
    }

    /** The copy just applied, for setting its tags once more. */
    public ReconcileStep.Copy writtenCopy() {
        return (ReconcileStep.Copy) written;
    }

    /** A copy that took effect but is not the source's twin (another layout): the key is looked at again. */
    public void appliedButDiffers() {
        exactLayout = true;
        conflicts++;
        lookAgain();
    }

    /** What was seen of both sides is forgotten, and the next step is decided anew. */
    private void lookAgain() {
        target = View.UNKNOWN;
        source = View.UNKNOWN;
        step = null;
    }

    /** The breaker holds this record's delete, for this storm. */
    public void heldFor(String storm) {
        heldFor(storm, "delete");
    }

    /** The breaker holds this record's write of this kind ({@code delete} or {@code overwrite}), for this storm. */
    public void heldFor(String storm, String kind) {
        this.heldStorm = storm;
        this.heldKind = kind;
    }

    /** What the breaker holds of this record, for the held-deletes queue: {@code delete} or {@code overwrite}. */
    public String getHeldKind() {
        return heldKind;
    }

    /** The storm the breaker holds this record's delete for, for the held-deletes queue. */
    public String getHeldStorm() {
        return heldStorm;
    }

    /** The delete was held by the breaker instead of applied. */
    public void held() {
        this.outcome = "held";
        this.step = new ReconcileStep.Done("held");
    }

    /** Ends without a write, for this reason (counted as a skip). */
    public void skipped(String reason) {
        if (outcome == null) {
            outcome = "skipped:" + reason;
        }
        this.step = new ReconcileStep.Done(reason);
    }

    /** copied, deleted, retained, tags-synced, restored, held, or skipped:REASON; {@code null} while undecided. */
    public String getOutcome() {
        return outcome;
    }

    /** Whether a copy in parts must ask S3 for every part's size, not infer it from the first. */
    public boolean exactLayout() {
        return exactLayout;
    }

    public long bytesCopied() {
        return bytesCopied;
    }

    @Override
    public String toString() {
        return pair.name() + ":" + key() + " (" + origin + ", " + (step == null ? "deciding" : step) + ")";
    }
}
