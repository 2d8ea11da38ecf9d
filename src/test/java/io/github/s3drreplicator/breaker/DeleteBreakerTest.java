package io.github.s3drreplicator.breaker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import io.github.s3drreplicator.event.ObjectEvent;
import io.github.s3drreplicator.pair.BucketPair;
import io.github.s3drreplicator.pair.DeleteMode;
import io.github.s3drreplicator.replicate.KeyReplication;
import org.junit.jupiter.api.Test;

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

    private final ManualClock clock = new ManualClock();

    private DeleteBreaker breaker(int maxPerMinute, double maxFraction) {
        return new DeleteBreaker(maxPerMinute, maxFraction, clock, new HeldDeletes(null, "held", null));
    }

    private static KeyReplication record(KeyReplication.Origin origin) {
        return new KeyReplication(new ObjectEvent("ObjectRemoved:Delete", "prod-bucket", "k", null, null, null, null,
                null), PAIR, origin, KeyReplication.Policy.MIRROR, false, null);
    }

    private static final BucketPair PAIR = new BucketPair("default", "prod-bucket", "us-east-1", "", "", "dr-bucket",
            "us-east-2", null, null, DeleteMode.MIRROR, 30);

    /** A record seen and, as a delete, asked about; returns whether it was held. */
    private static boolean delete(DeleteBreaker breaker) {
        breaker.seen();
        return breaker.holds(record(KeyReplication.Origin.EVENT));
    }

    @Test
    void opensOnTheFirstDeleteOverBothThresholdsAndHoldsEveryDeleteAfter() {
        DeleteBreaker breaker = breaker(5, 0.5);

        for (int i = 0; i < 5; i++) {
            assertThat(delete(breaker)).as("delete %d", i + 1).isFalse();
        }
        assertThat(delete(breaker)).isTrue();
        assertThat(breaker.isOpen()).isTrue();
        assertThat(breaker.getReason()).startsWith("6 deletes within a minute");
        clock.advance(Duration.ofMinutes(10));
        assertThat(delete(breaker)).as("held until an operator acts, however long").isTrue();
        assertThat(breaker.getHeldDeletes()).isEqualTo(2);
    }

    @Test
    void manyDeletesAmongMoreCreatesAreNoStorm() {
        DeleteBreaker breaker = breaker(5, 0.5);
        for (int i = 0; i < 100; i++) {
            breaker.seen();
        }

        for (int i = 0; i < 40; i++) {
            assertThat(delete(breaker)).isFalse();
        }
        assertThat(breaker.isOpen()).isFalse();
    }

    @Test
    void deletesOlderThanAMinuteNoLongerCount() {
        DeleteBreaker breaker = breaker(5, 0.5);
        for (int i = 0; i < 5; i++) {
            delete(breaker);
        }
        clock.advance(Duration.ofSeconds(61));

        assertThat(delete(breaker)).isFalse();
        assertThat(breaker.isOpen()).isFalse();
    }

    @Test
    void auditRepairsAndReleasedDeletesPassAndOnlyAnOpenBreakerHoldsReleasedOnes() {
        DeleteBreaker breaker = breaker(1, 0.0);
        assertThat(breaker.holds(record(KeyReplication.Origin.AUDIT))).isFalse();
        assertThat(breaker.holds(record(KeyReplication.Origin.RELEASED))).isFalse();
        delete(breaker);
        assertThat(delete(breaker)).isTrue();

        assertThat(breaker.holds(record(KeyReplication.Origin.RELEASED))).as("opened again while releasing").isTrue();
        assertThat(breaker.holds(record(KeyReplication.Origin.AUDIT))).as("an audit repair").isFalse();
    }

    @Test
    void turnedOffWithZero() {
        DeleteBreaker breaker = breaker(0, 0.0);
        for (int i = 0; i < 10_000; i++) {
            assertThat(delete(breaker)).isFalse();
        }
    }
}
