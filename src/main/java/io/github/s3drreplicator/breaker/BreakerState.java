package io.github.s3drreplicator.breaker;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A pair's breaker as every replica sees it, kept in one small object of the state bucket (see {@link BreakerStore}):
 * whether it is open and why, the allowances granted within the last minute and hour ({@link WriteCounts}), and the
 * storms that still hold writes on the held-deletes queue with the operator's decision on each.
 *
 * <p>The storms are kept here, not only on the queue, so that no storm is ever stranded: one enters when the breaker
 * opens for it and leaves only when an operator's release or discard of it went through to the end. Closing the
 * breaker (a decision) does not remove it; a release that died midway, or whose messages are still hidden on the
 * queue, leaves it here, with its decision, for {@code breaker status}, the gauge of the oldest held write and its
 * alert, and a decision made again.
 *
 * @param open         whether deletes are held
 * @param storm        the storm the breaker opened for last: held writes carry it; {@link #EVERY_STORM} for a breaker
 *                     recovered from a lost state
 * @param kind         what opened it: {@value #DELETE} or {@value #OVERWRITE}; {@value #EVERY_KIND} for a lost state
 * @param reason       why it opened
 * @param openedAt     when it opened (ISO-8601)
 * @param deleteCounts the deletes granted within the last minute and hour
 * @param storms       the storms that may still hold writes, oldest first
 * @param drObjects    the objects of the pair in DR at the last scheduled audit, for a threshold in percent of them;
 *                     {@code null} until an audit counted them
 * @param drCountedAt  when that audit counted them (ISO-8601)
 * @param overwriteCounts the copies replacing an object DR held granted within the last minute and hour, where the
 *                     overwrite guard is on ({@code replicator.overwrite.breaker.max-per-minute})
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
// the sliding count of the versions before exact counting: read, and forgotten (counting starts again at 0)
@JsonIgnoreProperties({"windowStart", "deletes", "previous"})
public record BreakerState(boolean open, String storm, String kind, String reason, String openedAt,
                           WriteCounts deleteCounts, List<Storm> storms, Long drObjects, String drCountedAt,
                           WriteCounts overwriteCounts) {

    /**
     * The storm of a breaker whose state was lost while deletes were held: every storm of the pair on the
     * held-deletes queue, whatever storm each delete was held for (an operator's decision on it releases them all).
     */
    public static final String EVERY_STORM = "every-storm";
    /** A storm of deletes. */
    public static final String DELETE = "delete";
    /** A storm of copies replacing objects DR held (the overwrite guard): ransomware encrypting in place. */
    public static final String OVERWRITE = "overwrite";
    /** The kind of {@link #EVERY_STORM}: whatever was held. */
    public static final String EVERY_KIND = "any";
    /** An operator's decisions. */
    public static final String RESUME = "resume";
    public static final String DISCARD = "discard";

    /**
     * A storm that may still hold writes on the held-deletes queue.
     *
     * @param id        the storm's id, as its held writes carry it
     * @param kind      what opened it
     * @param openedAt  when it opened (ISO-8601): no write of it is held for longer than since then
     * @param decision  {@value #RESUME} or {@value #DISCARD} once an operator decided, else {@code null}
     * @param decidedAt when (ISO-8601)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Storm(String id, String kind, String openedAt, String decision, String decidedAt) {
    }

    public BreakerState {
        deleteCounts = deleteCounts == null ? WriteCounts.NONE : deleteCounts;
        overwriteCounts = overwriteCounts == null ? WriteCounts.NONE : overwriteCounts;
        storms = storms == null ? List.of() : List.copyOf(storms);
    }

    public static BreakerState closed() {
        return new BreakerState(false, null, null, null, null, WriteCounts.NONE, List.of(), null, null,
                WriteCounts.NONE);
    }

    /**
     * What a state missing from the store stands for. With no held delete waiting, a breaker never used: closed.
     * With held deletes waiting, a state that was lost (deleted, or a new state bucket) while a storm may have been
     * open: never read as "never used", for that would let the rest of the storm through. The breaker stays open for
     * every storm of the pair until an operator decides.
     *
     * @param heldDeletes about how many deletes wait on the held-deletes queue, all pairs and storms together, hidden
     *                    ones included; negative where the queue cannot be asked
     * @param where       where the state should be, for the reason
     * @throws UnreadableBreakerStateException where the queue cannot be counted: then "never used" cannot be told
     *                                         from "lost", and no delete may pass
     */
    public static BreakerState whenMissing(long heldDeletes, String where, Instant now) {
        if (heldDeletes < 0) {
            throw new UnreadableBreakerStateException("the delete breaker's state " + where + " is missing and the"
                    + " held-deletes queue cannot be counted: whether deletes are held is unknown");
        }
        if (heldDeletes == 0) {
            return closed();
        }
        return closed().opened(EVERY_STORM, EVERY_KIND, "the delete breaker's state " + where + " is missing while"
                + " about " + heldDeletes + " held deletes wait; it stays open for every storm of the pair until an"
                + " operator decides on them: java -jar s3-dr-replicator.jar breaker resume|discard", now);
    }

    /**
     * Whether a write held for {@code heldStorm} is one an operator's decision on {@code decided} takes: that storm's,
     * or every storm's where the decision is on {@link #EVERY_STORM} or on no storm in particular ({@code null}).
     */
    public static boolean ofStorm(String heldStorm, String decided) {
        return decided == null || EVERY_STORM.equals(decided) || decided.equals(heldStorm);
    }

    /** The counts moved on to {@code now}: what no longer counts dropped. */
    public BreakerState at(Instant now) {
        WriteCounts moved = deleteCounts.at(now);
        WriteCounts movedOverwrites = overwriteCounts.at(now);
        return moved == deleteCounts && movedOverwrites == overwriteCounts ? this
                : new BreakerState(open, storm, kind, reason, openedAt, moved, storms, drObjects, drCountedAt,
                movedOverwrites);
    }

    public BreakerState withDeleteCounts(WriteCounts counts) {
        return new BreakerState(open, storm, kind, reason, openedAt, counts, storms, drObjects, drCountedAt,
                overwriteCounts);
    }

    public BreakerState withOverwriteCounts(WriteCounts counts) {
        return new BreakerState(open, storm, kind, reason, openedAt, deleteCounts, storms, drObjects, drCountedAt,
                counts);
    }

    /** The counts of a kind of write: deletes, or overwrites. */
    public WriteCounts counts(String writeKind) {
        return OVERWRITE.equals(writeKind) ? overwriteCounts : deleteCounts;
    }

    /** The counts of a kind of write replaced. */
    public BreakerState withCounts(String writeKind, WriteCounts counts) {
        return OVERWRITE.equals(writeKind) ? withOverwriteCounts(counts) : withDeleteCounts(counts);
    }

    /** Opened for a new storm, which joins the storms that hold writes. */
    public BreakerState opened(String newStorm, String newKind, String why, Instant now) {
        List<Storm> more = new ArrayList<>(storms);
        if (more.stream().noneMatch(s -> s.id().equals(newStorm))) {
            more.add(new Storm(newStorm, newKind, now.toString(), null, null));
        }
        return new BreakerState(true, newStorm, newKind, why, now.toString(), deleteCounts, more, drObjects,
                drCountedAt, overwriteCounts);
    }

    /**
     * An operator decided on these storms (id to kind, as the queue or this state knows them): each is marked with the
     * decision, so that its writes, released, pass whatever the breaker does meanwhile, and it stays listed until its
     * release went through. Where {@code closes}, an open breaker closes too, with a fresh count.
     */
    public BreakerState decided(Map<String, String> decidedStorms, String decision, boolean closes, Instant now) {
        List<Storm> marked = new ArrayList<>();
        for (Storm s : storms) {
            marked.add(decidedStorms.containsKey(s.id()) ? new Storm(s.id(), s.kind(), s.openedAt(), decision,
                    now.toString()) : s);
        }
        decidedStorms.forEach((id, stormKind) -> {
            if (marked.stream().noneMatch(s -> s.id().equals(id))) {
                // found on the queue only (held by a version that kept no list, or written back by a lost state)
                marked.add(new Storm(id, stormKind, now.toString(), decision, now.toString()));
            }
        });
        BreakerState result = new BreakerState(open, storm, kind, reason, openedAt, deleteCounts, marked, drObjects,
                drCountedAt, overwriteCounts);
        return closes && open ? result.closedBy() : result;
    }

    /** These storms' writes are all released or discarded: they are no longer listed (the open one stays). */
    public BreakerState finished(Collection<String> done) {
        List<Storm> left = storms.stream().filter(s -> !done.contains(s.id()) || (open && s.id().equals(storm)))
                .toList();
        return left.size() == storms.size() ? this
                : new BreakerState(open, storm, kind, reason, openedAt, deleteCounts, left, drObjects, drCountedAt,
                overwriteCounts);
    }

    /** Whether an operator resumed this storm (or every storm): its released writes pass, open or not. */
    public boolean resumed(String heldStorm) {
        return storms.stream().anyMatch(s -> RESUME.equals(s.decision())
                && (s.id().equals(heldStorm) || EVERY_STORM.equals(s.id())));
    }

    /** The storm listed under this id. */
    public Optional<Storm> stormNamed(String id) {
        return storms.stream().filter(s -> s.id().equals(id)).findFirst();
    }

    /** When the oldest storm that may still hold writes opened; empty where none may. */
    public Optional<Instant> oldestHeldSince() {
        return storms.stream().map(s -> Instant.parse(s.openedAt())).min(Instant::compareTo);
    }

    /** Closed by an operator: a fresh count; the storms stay listed until their writes are released or dropped. */
    public BreakerState closedBy() {
        return new BreakerState(false, storm, kind, null, null, WriteCounts.NONE, storms, drObjects, drCountedAt,
                WriteCounts.NONE);
    }

    /** DR's object count, as an audit just found it. */
    public BreakerState counted(long objects, Instant now) {
        return new BreakerState(open, storm, kind, reason, openedAt, deleteCounts, storms, objects, now.toString(),
                overwriteCounts);
    }
}
