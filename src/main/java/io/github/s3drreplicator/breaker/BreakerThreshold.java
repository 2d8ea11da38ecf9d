package io.github.s3drreplicator.breaker;

/**
 * How many deletes one pair may apply within a minute: a fixed number, a share of what DR holds, or the smaller of
 * the two. The share needs DR's object count, which only an audit knows; until one has counted, the fixed number
 * alone applies.
 *
 * @param maxPerMinute   {@code replicator.delete.breaker.max-per-minute}; 0 for no fixed number
 * @param maxPercentOfDr {@code replicator.delete.breaker.max-percent-of-dr}: percent of DR's objects at the last
 *                       audit; 0 for no share
 */
public record BreakerThreshold(int maxPerMinute, int maxPercentOfDr) {

    public static final BreakerThreshold OFF = new BreakerThreshold(0, 0);

    public BreakerThreshold {
        if (maxPerMinute < 0 || maxPercentOfDr < 0 || maxPercentOfDr > 100) {
            throw new IllegalArgumentException("thresholds must be 0 or more, a percentage at most 100");
        }
    }

    /** Neither a number nor a share: the pair's deletes are never held. */
    public boolean off() {
        return maxPerMinute == 0 && maxPercentOfDr == 0;
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

    /** Why a pair's breaker opened, in the operator's terms. */
    public String describe(long limit, Long drObjects) {
        if (maxPercentOfDr > 0 && drObjects != null && limit < (maxPerMinute > 0 ? maxPerMinute : Long.MAX_VALUE)) {
            return String.format("more than %d deletes within a minute, %d%% of the %d objects DR held at the last"
                    + " audit (replicator.delete.breaker.max-percent-of-dr)", limit, maxPercentOfDr, drObjects);
        }
        return String.format("more than %d deletes within a minute (replicator.delete.breaker.max-per-minute)", limit);
    }
}
