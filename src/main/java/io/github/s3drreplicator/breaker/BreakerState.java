package io.github.s3drreplicator.breaker;

import java.time.Duration;
import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A pair's delete breaker as every replica sees it, kept in one small object of the state bucket (see
 * {@link BreakerStore}): whether it is open and why, and the deletes granted in the current and the previous minute.
 *
 * @param open          whether deletes are held
 * @param storm         the storm the breaker opened for: held deletes carry it, and a resume releases only its own;
 *                      {@link #EVERY_STORM} for a breaker recovered from a lost state
 * @param reason        why it opened
 * @param openedAt      when it opened (ISO-8601)
 * @param windowStart   the start of the current minute's count (epoch milliseconds)
 * @param deletes       deletes granted in the current minute
 * @param previous      deletes granted in the minute before it
 * @param drObjects     the objects of the pair in DR at the last scheduled audit, for a threshold in percent of them;
 *                      {@code null} until an audit counted them
 * @param drCountedAt   when that audit counted them (ISO-8601)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BreakerState(boolean open, String storm, String reason, String openedAt, long windowStart,
                           long deletes, long previous, Long drObjects, String drCountedAt) {

    public static final Duration WINDOW = Duration.ofMinutes(1);

    /**
     * The storm of a breaker whose state was lost while deletes were held: every storm of the pair on the
     * held-deletes queue, whatever storm each delete was held for (an operator's decision on it releases them all).
     */
    public static final String EVERY_STORM = "every-storm";

    public static BreakerState closed(Instant now) {
        return new BreakerState(false, null, null, null, windowStart(now), 0, 0, null, null);
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
            return closed(now);
        }
        return closed(now).opened(EVERY_STORM, "the delete breaker's state " + where + " is missing while about "
                + heldDeletes + " held deletes wait; it stays open for every storm of the pair until an operator"
                + " decides on them: java -jar s3-dr-replicator.jar breaker resume|discard", now);
    }

    /** Whether a delete held for {@code heldStorm} is one of {@code storm}'s, which an operator decides on. */
    public static boolean ofStorm(String heldStorm, String storm) {
        return EVERY_STORM.equals(storm) || storm.equals(heldStorm);
    }

    /** The minute {@code now} falls in, in epoch milliseconds. */
    static long windowStart(Instant now) {
        long window = WINDOW.toMillis();
        return now.toEpochMilli() / window * window;
    }

    /** The counts moved on to the minute of {@code now}. */
    public BreakerState at(Instant now) {
        long current = windowStart(now);
        if (current > windowStart + WINDOW.toMillis()) {
            return new BreakerState(open, storm, reason, openedAt, current, 0, 0, drObjects, drCountedAt);
        }
        if (current > windowStart) {
            return new BreakerState(open, storm, reason, openedAt, current, 0, deletes, drObjects, drCountedAt);
        }
        return this;
    }

    /**
     * Deletes over the last minute, sliding: all of this minute's, and the previous minute's share that still falls
     * within the last sixty seconds.
     */
    public double lastMinute(Instant now) {
        BreakerState moved = at(now);
        double elapsed = (double) (now.toEpochMilli() - moved.windowStart) / WINDOW.toMillis();
        return moved.deletes + moved.previous * Math.max(0, 1 - elapsed);
    }

    public BreakerState granted(long more) {
        return new BreakerState(open, storm, reason, openedAt, windowStart, deletes + more, previous, drObjects,
                drCountedAt);
    }

    public BreakerState opened(String newStorm, String why, Instant now) {
        return new BreakerState(true, newStorm, why, now.toString(), windowStart, deletes, previous, drObjects,
                drCountedAt);
    }

    /** Closed by an operator: a fresh allowance, the storm's held deletes released or dropped. */
    public BreakerState closedBy(Instant now) {
        return new BreakerState(false, storm, null, null, windowStart(now), 0, 0, drObjects, drCountedAt);
    }

    /** DR's object count, as an audit just found it. */
    public BreakerState counted(long objects, Instant now) {
        return new BreakerState(open, storm, reason, openedAt, windowStart, deletes, previous, objects, now.toString());
    }
}
