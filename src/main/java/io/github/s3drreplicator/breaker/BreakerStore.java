package io.github.s3drreplicator.breaker;

import java.util.Optional;
import java.util.function.UnaryOperator;

import io.github.s3drreplicator.pair.BucketPair;

/**
 * Where a pair's delete breaker lives, shared by every replica: {@link S3BreakerStore} keeps it in the pair's DR
 * bucket. Changes are compare-and-swap: a change is made on what is stored, and made again if another replica changed
 * it in between.
 */
public interface BreakerStore {

    /** Keys under this prefix are the replicator's own: never replicated, audited or restored. */
    String PREFIX = BucketPair.OWN_PREFIX;

    /** The state as stored, or empty where the breaker was never used. */
    Optional<BreakerState> read();

    /**
     * Changes the state as {@code change} says, on what is stored now, again until no other replica changed it in
     * between.
     *
     * @param change from the state read (or {@code null} where none is stored) to the state to store; returning the
     *               same instance stores nothing
     * @return the state stored (or left as it was)
     */
    BreakerState update(UnaryOperator<BreakerState> change);
}
