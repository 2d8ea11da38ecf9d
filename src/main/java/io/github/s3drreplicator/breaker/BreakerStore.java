package io.github.s3drreplicator.breaker;

import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Where a pair's delete breaker lives, shared by every replica: {@link S3BreakerStore} keeps it in the state bucket
 * ({@code replicator.state.bucket}). Changes are compare-and-swap: a change is made on what is stored, and made again
 * if another replica changed it in between.
 *
 * <p>Nothing stored and "cannot be read" are different answers: {@link #read} is empty only where the store says
 * there is no such state (S3's NoSuchKey); any other failure (403, a body that is not the state's JSON, an error) is
 * thrown, and no delete passes on it. What a missing state stands for is {@link BreakerState#whenMissing}'s to say.
 */
public interface BreakerStore {

    /**
     * The state as stored, or empty where none is stored.
     *
     * @throws RuntimeException (an {@link UnreadableBreakerStateException}, or S3's own) where it cannot be read
     */
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

    /** Where the state is, for messages: {@code s3://bucket/key}. */
    String where();
}
