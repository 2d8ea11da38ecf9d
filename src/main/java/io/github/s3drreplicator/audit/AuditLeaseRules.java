package io.github.s3drreplicator.audit;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Who runs the scheduled audit, so that the cluster audits once per period however many replicas fire their schedule:
 * decided from the lease as read (or none) and a clock, by one replica ({@code me}).
 *
 * <ul>
 *   <li>No lease yet: take it (written only if there is still none).</li>
 *   <li>Another replica holds it, live: skip this run; it audits.</li>
 *   <li>Given back, or lapsed because its holder died: skip if the last audit started within this period (another
 *       replica's schedule fired first), else take it over (written only if it is still the lease read).</li>
 *   <li>Ours, live: a lease this replica could not give back; take it again.</li>
 * </ul>
 *
 * The holder renews it every third of its duration while its audit runs, and gives it back when the audit ends.
 */
public final class AuditLeaseRules {

    /**
     * A run is due once the last one started this share of the period ago: each replica's schedule fires a period
     * after its own last firing, a little late at times, so runs end up between 0.9 and 1 period apart.
     */
    static final double DUE_AFTER = 0.9;

    public enum Decision {
        /** No lease stored: create it. */
        TAKE,
        /** A lease that is ours to take: replace it, on condition it is still the one read. */
        TAKE_OVER,
        /** Another replica holds it and audits: skip this run. */
        SKIP_HELD,
        /** Another replica audited within this period: skip this run. */
        SKIP_AUDITED_ELSEWHERE
    }

    private final String me;
    private final Duration duration;
    private final Duration period;

    /**
     * @param me       this replica, as the lease names its holder
     * @param duration how long a lease lasts without renewal
     * @param period   how often the schedule fires; zero for an audit run by hand, which no earlier audit makes
     *                 superfluous
     */
    public AuditLeaseRules(String me, Duration duration, Duration period) {
        this.me = Objects.requireNonNull(me, "me");
        this.duration = Objects.requireNonNull(duration, "duration");
        this.period = Objects.requireNonNull(period, "period");
        if (duration.isNegative() || duration.isZero() || period.isNegative()) {
            throw new IllegalArgumentException("a lease lasts a positive time, and a schedule fires after none or more");
        }
    }

    public String me() {
        return me;
    }

    /** What this replica does when its schedule fires, given the lease read ({@code null}: none). */
    public Decision onSchedule(AuditLease stored, Instant now) {
        if (stored == null) {
            return Decision.TAKE;
        }
        if (stored.live(now)) {
            return me.equals(stored.holder()) ? Decision.TAKE_OVER : Decision.SKIP_HELD;
        }
        if (stored.lastRun() != null && ranRecently(stored.lastRun().startedAt(), now)) {
            return Decision.SKIP_AUDITED_ELSEWHERE;
        }
        return Decision.TAKE_OVER;
    }

    private boolean ranRecently(Instant started, Instant now) {
        return Duration.between(started, now).toMillis() < period.toMillis() * DUE_AFTER;
    }

    /** The lease this replica writes to take it, keeping the last run's record. */
    public AuditLease taken(AuditLease stored, Instant now) {
        return new AuditLease(me, now, now.plus(duration), false, stored == null ? null : stored.lastRun());
    }

    /** Whether the lease read is still this replica's: renewing or giving it back is then ours to do. */
    public boolean mine(AuditLease stored) {
        return stored != null && !stored.released() && me.equals(stored.holder());
    }

    /** The lease renewed at {@code now}: a whole duration from now. */
    public AuditLease renewed(AuditLease mine, Instant now) {
        return new AuditLease(mine.holder(), mine.takenAt(), now.plus(duration), false, mine.lastRun());
    }

    /** The lease given back at {@code now}, with the run that ended. */
    public AuditLease released(AuditLease mine, AuditLease.LastRun run, Instant now) {
        return new AuditLease(mine.holder(), mine.takenAt(), now, true, run);
    }

    /** How often the holder renews: well before the lease lapses, twice more before it would. */
    public Duration renewEvery() {
        return duration.dividedBy(3);
    }
}
