package io.github.s3drreplicator.breaker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;

import io.github.s3drreplicator.event.ObjectEvent;
import io.github.s3drreplicator.pair.BucketPair;
import io.github.s3drreplicator.pair.BucketPairs;
import io.github.s3drreplicator.pair.DeleteMode;
import io.github.s3drreplicator.replicate.KeyReplication;
import org.junit.jupiter.api.Test;

/**
 * The delete breaker's counting, with a clock moved by hand and its shared state in memory (S3 in production): deletes
 * are counted alone, over every replica, and an open breaker stays open for every replica and across restarts.
 */
class DeleteBreakerTest {

    /** A clock the test moves by hand. */
    private static final class ManualClock extends Clock {
        private Instant now = Instant.parse("2026-11-25T10:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    /** The shared state, as the DR bucket keeps it: one value, changed by compare-and-swap. */
    private static final class SharedStore implements BreakerStore {
        private BreakerState state;

        @Override
        public synchronized Optional<BreakerState> read() {
            return Optional.ofNullable(state);
        }

        @Override
        public synchronized BreakerState update(UnaryOperator<BreakerState> change) {
            BreakerState after = change.apply(state);
            state = after;
            return after;
        }
    }

    private static final BucketPair PAIR = new BucketPair("default", "prod-bucket", "us-east-1", "", "", "dr-bucket",
            "us-east-2", null, null, DeleteMode.MIRROR, 30);

    private final ManualClock clock = new ManualClock();
    private final SharedStore shared = new SharedStore();

    /** One replica's breaker, on the shared state. */
    private DeleteBreaker replica(int maxPerMinute) {
        return replica(new BreakerThreshold(maxPerMinute, 0));
    }

    private DeleteBreaker replica(BreakerThreshold threshold) {
        return new DeleteBreaker(new BucketPairs(List.of(PAIR)), Map.of("default", threshold), pair -> shared,
                clock, null);
    }

    private static KeyReplication record(KeyReplication.Origin origin) {
        return new KeyReplication(new ObjectEvent("ObjectRemoved:Delete", "prod-bucket", "k", null, null, null, null,
                null), PAIR, origin, KeyReplication.Policy.MIRROR, false, null);
    }

    /** Asks the breaker about deletes; returns how many it let through. */
    private static long applied(DeleteBreaker breaker, int deletes) {
        return IntStream.range(0, deletes).filter(i -> !breaker.holds(record(KeyReplication.Origin.EVENT))).count();
    }

    @Test
    void aBurstOverTheThresholdOpensTheBreakerAndHoldsTheRest() {
        DeleteBreaker breaker = replica(20);

        assertThat(applied(breaker, 100)).isEqualTo(20);
        assertThat(breaker.isOpen("default")).isTrue();
        assertThat(shared.read().orElseThrow().storm()).isNotBlank();
        assertThat(shared.read().orElseThrow().reason()).contains("more than 20 deletes within a minute");
    }

    @Test
    void writesNeverDiluteDeletesForOnlyDeletesAreCounted() {
        DeleteBreaker breaker = replica(20);
        // however many objects are written meanwhile, nothing but deletes reaches the breaker: 21 deletes open it

        assertThat(applied(breaker, 21)).isEqualTo(20);
        assertThat(breaker.isOpen("default")).isTrue();
    }

    @Test
    void deletesSpreadOverMinutesPassWhileABurstDoesNot() {
        DeleteBreaker breaker = replica(20);
        for (int minute = 0; minute < 5; minute++) {
            assertThat(applied(breaker, 10)).isEqualTo(10);
            clock.advance(Duration.ofMinutes(1));
        }
        assertThat(breaker.isOpen("default")).isFalse();
    }

    @Test
    void threeReplicasEachUnderTheThresholdTogetherOpenIt() {
        List<DeleteBreaker> replicas = List.of(replica(30), replica(30), replica(30));
        long applied = 0;
        // the storm spread evenly: each replica sees 15 deletes, half its threshold
        for (int round = 0; round < 15; round++) {
            for (DeleteBreaker replica : replicas) {
                applied += applied(replica, 1);
            }
        }

        assertThat(applied).as("deletes applied by the three together").isEqualTo(30);
        assertThat(replicas).allMatch(replica -> replica.holds(record(KeyReplication.Origin.EVENT)));
    }

    @Test
    void anOpenBreakerStaysOpenForAReplicaStartedAfterwards() {
        applied(replica(5), 10);

        DeleteBreaker restarted = replica(5);

        assertThat(restarted.holds(record(KeyReplication.Origin.EVENT))).isTrue();
        clock.advance(Duration.ofHours(2));
        assertThat(restarted.holds(record(KeyReplication.Origin.EVENT))).as("no time closes it; an operator does")
                .isTrue();
    }

    @Test
    void theAuditsRepairsCountAndAreHeldLikeAnyDelete() {
        DeleteBreaker breaker = replica(5);

        long applied = IntStream.range(0, 10).filter(i -> !breaker.holds(record(KeyReplication.Origin.AUDIT)))
                .count();

        assertThat(applied).isEqualTo(5);
        assertThat(breaker.isOpen("default")).isTrue();
    }

    @Test
    void releasedDeletesPassOnceClosedAndAreHeldWhenAnotherStormOpensIt() {
        DeleteBreaker breaker = replica(5);
        applied(breaker, 10);
        String storm = shared.read().orElseThrow().storm();
        shared.update(state -> state.closedBy(clock.instant()));
        clock.advance(Duration.ofSeconds(10));

        assertThat(breaker.holds(record(KeyReplication.Origin.RELEASED))).isFalse();
        // a new storm opens it again: released deletes of the old one are held once more
        assertThat(applied(replica(5), 10)).isEqualTo(5);
        assertThat(shared.read().orElseThrow().storm()).isNotEqualTo(storm);
        clock.advance(Duration.ofSeconds(10));
        assertThat(breaker.holds(record(KeyReplication.Origin.RELEASED))).isTrue();
    }

    @Test
    void aShareOfDrAppliesOnceAnAuditCountedDrAndTheSmallerLimitWins() {
        DeleteBreaker breaker = replica(new BreakerThreshold(1000, 10));
        assertThat(applied(breaker, 50)).as("before any audit, the number alone").isEqualTo(50);
        clock.advance(Duration.ofMinutes(2));

        breaker.counted("default", 200);
        DeleteBreaker restarted = replica(new BreakerThreshold(1000, 10));

        assertThat(applied(restarted, 100)).as("10% of the 200 objects DR held").isEqualTo(20);
        assertThat(shared.read().orElseThrow().reason()).contains("more than 20 deletes within a minute, 10% of the"
                + " 200 objects DR held at the last audit");
        assertThat(shared.read().orElseThrow().drObjects()).isEqualTo(200);
    }

    @Test
    void aShareAloneHoldsNothingUntilAnAuditCountedDr() {
        DeleteBreaker breaker = replica(new BreakerThreshold(0, 5));
        assertThat(applied(breaker, 100)).isEqualTo(100);

        clock.advance(Duration.ofMinutes(2));
        breaker.counted("default", 100);

        assertThat(applied(breaker, 10)).as("5% of 100").isEqualTo(5);
        assertThat(breaker.isOpen("default")).isTrue();
    }

    @Test
    void zeroTurnsTheBreakerOff() {
        assertThat(applied(replica(0), 10_000)).isEqualTo(10_000);
        assertThat(shared.read()).isEmpty();
    }

    @Test
    void theLastMinuteSlidesOverTheMinuteBefore() {
        BreakerState state = BreakerState.closed(clock.instant()).granted(60);
        Instant halfAMinuteLater = clock.instant().plus(Duration.ofSeconds(90));

        assertThat(state.lastMinute(halfAMinuteLater)).isEqualTo(30.0);
        assertThat(state.lastMinute(clock.instant().plus(Duration.ofMinutes(3)))).isZero();
    }
}
