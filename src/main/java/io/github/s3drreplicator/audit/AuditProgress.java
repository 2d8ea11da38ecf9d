package io.github.s3drreplicator.audit;

import java.util.concurrent.atomic.LongAdder;

/**
 * How far an audit, a repair or a restore of one pair has come, counted as it goes: the listing thread counts what it
 * compared and found, the repair threads what they repaired. Counting is an uncontended add ({@link LongAdder}), so
 * it costs the audit nothing; reading ({@link #snapshot()}) is for whoever displays it, now and then.
 */
public final class AuditProgress {

    private final LongAdder compared = new LongAdder();
    private final LongAdder found = new LongAdder();
    private final LongAdder queued = new LongAdder();
    private final LongAdder repaired = new LongAdder();
    private final LongAdder held = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private volatile boolean listed;

    /** One source object compared (listed on both sides where it is in both). */
    void compared() {
        compared.increment();
    }

    /** One key found drifted (in a restore: one to bring back). */
    void found() {
        found.increment();
    }

    /** One drifted key handed on to be repaired (restored). */
    void queued() {
        queued.increment();
    }

    /** One repair (restore) ended so. */
    void finished(DriftReport.Repair outcome) {
        switch (outcome) {
            // a key a restore left to production's newer state is done with too
            case REPAIRED, KEPT, QUEUED -> repaired.increment();
            case HELD -> held.increment();
            case FAILED -> failed.increment();
        }
    }

    /** Both listings are read: what is to repair is known in full. */
    void listed() {
        listed = true;
    }

    public Snapshot snapshot() {
        // listed first: a snapshot that says "listed" holds every count the listing made
        boolean done = listed;
        return new Snapshot(compared.sum(), found.sum(), queued.sum(), repaired.sum(), held.sum(), failed.sum(), done);
    }

    /**
     * The counts at one moment.
     *
     * @param compared source objects compared so far
     * @param found    keys found drifted (a restore: to bring back)
     * @param toRepair keys handed on to be repaired (restored)
     * @param repaired repaired (restored)
     * @param held     deletes the open delete breaker held instead
     * @param failed   repairs (restores) that failed
     * @param listed   whether the listings are read to their end, so that {@code toRepair} is the whole of it
     */
    public record Snapshot(long compared, long found, long toRepair, long repaired, long held, long failed,
                           boolean listed) {

        /** Repairs that ended, whichever way. */
        public long done() {
            return repaired + held + failed;
        }
    }
}
