package io.github.s3drreplicator.breaker;

/**
 * How many deletes one pair may apply: within any minute a fixed number, a share of what DR holds, or the smaller of
 * the two; and within any hour a budget of its own, which stops a slow drip that stays under the minute's number
 * (999 a minute are 1.4 million a day). The share needs DR's object count, which only an audit knows; until one has
 * counted, the fixed number alone applies.
 *
 * @param maxPerMinute   {@code replicator.delete.breaker.max-per-minute}; 0 for no fixed number
 * @param maxPercentOfDr {@code replicator.delete.breaker.max-percent-of-dr}: percent of DR's objects at the last
 *                       audit; 0 for no share
 * @param maxPerHour     {@code replicator.delete.breaker.max-per-hour}; 0 for no hourly budget
 */
public record BreakerThreshold(int maxPerMinute, int maxPercentOfDr, int maxPerHour) {

    public static final BreakerThreshold OFF = new BreakerThreshold(0, 0, 0);

    /** Limits a minute only, no hourly budget. */
    public BreakerThreshold(int maxPerMinute, int maxPercentOfDr) {
        this(maxPerMinute, maxPercentOfDr, 0);
    }

    public BreakerThreshold {
        if (maxPerMinute < 0 || maxPercentOfDr < 0 || maxPercentOfDr > 100 || maxPerHour < 0) {
            throw new IllegalArgumentException("thresholds must be 0 or more, a percentage at most 100");
        }
    }

    /** Neither a number, a share nor a budget: the pair's deletes are never held. */
    public boolean off() {
        return maxPerMinute == 0 && maxPercentOfDr == 0 && maxPerHour == 0;
    }

    /**
     * The deletes allowed within a minute.
     *
     * @param drObjects DR's object count at the last audit, or {@code null} where no audit has counted it
     * @return the smaller of the limits that apply; at least 1 for a share (a nearly empty DR still lets a delete
     * through), {@link Long#MAX_VALUE} where none applies
     */
    public long limit(Long drObjects) {
        long limit = maxPerMinute > 0 ? maxPerMinute : Long.MAX_VALUE;
        if (maxPercentOfDr > 0 && drObjects != null) {
            limit = Math.min(limit, Math.max(1, drObjects * maxPercentOfDr / 100));
        }
        return limit;
    }

    /** The deletes allowed within an hour; {@link Long#MAX_VALUE} without a budget. */
    public long hourLimit() {
        return maxPerHour > 0 ? maxPerHour : Long.MAX_VALUE;
    }

    /**
     * How many deletes a replica takes from the shared count at once: a twentieth of the smaller limit, so that the
     * shared state is written about once per twentieth, not for every delete, and what one replica took and has not
     * used yet is never more than that.
     */
    public long allowance(Long drObjects) {
        long smaller = Math.min(limit(drObjects), hourLimit());
        // nothing limits yet (a share before any audit): still counted, in large allowances
        return smaller == Long.MAX_VALUE ? UNLIMITED_ALLOWANCE : Math.max(1, smaller / 20);
    }

    /** The allowance while no limit applies: large, yet small enough that counts never overflow. */
    static final long UNLIMITED_ALLOWANCE = 1_000_000;

    /** Why a pair's breaker opened at the minute's limit, in the operator's terms. */
    public String describe(long limit, Long drObjects) {
        if (maxPercentOfDr > 0 && drObjects != null && limit < (maxPerMinute > 0 ? maxPerMinute : Long.MAX_VALUE)) {
            return String.format("more than %d deletes within a minute, %d%% of the %d objects DR held at the last"
                    + " audit (replicator.delete.breaker.max-percent-of-dr)", limit, maxPercentOfDr, drObjects);
        }
        return String.format("more than %d deletes within a minute (replicator.delete.breaker.max-per-minute)", limit);
    }

    /** Why a pair's breaker opened at the hour's budget. */
    public String describeHour() {
        return String.format("more than %d deletes within an hour (replicator.delete.breaker.max-per-hour)",
                maxPerHour);
    }
}
