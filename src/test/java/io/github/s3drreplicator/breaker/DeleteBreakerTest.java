package io.github.s3drreplicator.breaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.github.s3drreplicator.event.ObjectEvent;
import io.github.s3drreplicator.pair.BucketPair;
import io.github.s3drreplicator.pair.BucketPairs;
import io.github.s3drreplicator.pair.DeleteMode;
import io.github.s3drreplicator.replicate.KeyReplication;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The delete breaker's counting, with a clock moved by hand and its shared state in memory (the state bucket in
 * production): deletes are counted alone, over every replica, and an open breaker stays open for every replica and
 * across restarts. It fails closed: a state lost while deletes are held keeps it open, and a state that cannot be read
 * lets no delete through.
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

    /**
     * The shared state, as the state bucket keeps it: one value, changed by compare-and-swap. It can be lost (S3's
     * NoSuchKey: someone deleted it) or become unreadable (a 403, a body that is not the state's JSON).
     */
    private static final class SharedStore implements BreakerStore {
        private BreakerState state;
        private RuntimeException unreadable;

        /** As if someone deleted the state's object. */
        synchronized void lose() {
            state = null;
        }

        /** Every read and change fails so from now on. */
        synchronized void failWith(RuntimeException failure) {
            unreadable = failure;
        }

        @Override
        public synchronized Optional<BreakerState> read() {
            if (unreadable != null) {
                throw unreadable;
            }
            return Optional.ofNullable(state);
        }

        @Override
        public synchronized BreakerState update(UnaryOperator<BreakerState> change) {
            BreakerState before = read().orElse(null);
            BreakerState after = change.apply(before);
            state = after;
            return after;
        }

        @Override
        public String where() {
            return "s3://state/delete-breaker/default.json";
        }
    }

    private static final BucketPair PAIR = new BucketPair("default", "prod-bucket", "us-east-1", "", "", "dr-bucket",
            "us-east-2", null, null, DeleteMode.MIRROR, 30);

    private final ManualClock clock = new ManualClock();
    private final SharedStore shared = new SharedStore();
    /** About how many deletes wait on the held-deletes queue; negative where SQS cannot be asked. */
    private long heldDeletes;

    /** One replica's breaker, on the shared state. */
    private DeleteBreaker replica(int maxPerMinute) {
        return replica(new BreakerThreshold(maxPerMinute, 0));
    }

    private DeleteBreaker replica(BreakerThreshold threshold) {
        return new DeleteBreaker(new BucketPairs(List.of(PAIR)), Map.of("default", threshold), pair -> shared,
                () -> heldDeletes, clock, null);
    }

    private static KeyReplication record(KeyReplication.Origin origin) {
        return new KeyReplication(new ObjectEvent("ObjectRemoved:Delete", "prod-bucket", "k", null, null, null, null,
                null), PAIR, origin, KeyReplication.Policy.MIRROR, false, null);
    }

    /**
     * The service (its management server on) reads the breaker in the background from its start, for health and
     * gauges; a command (audit, restore, breaker: management off) only when it deletes, so that a command run with its
     * own policy (config/audit-policy.json, restore-policy.json) touches no state bucket.
     */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void readsTheStateAtStartOnlyWhereTheRuntimeShowsIt(boolean management) throws Exception {
        AtomicInteger reads = new AtomicInteger();
        BreakerStore counted = new BreakerStore() {
            @Override
            public Optional<BreakerState> read() {
                reads.incrementAndGet();
                return shared.read();
            }

            @Override
            public BreakerState update(UnaryOperator<BreakerState> change) {
                reads.incrementAndGet();
                return shared.update(change);
            }

            @Override
            public String where() {
                return shared.where();
            }
        };
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            context.getPropertiesComponent().addInitialProperty("camel.management.enabled",
                    String.valueOf(management));
            DeleteBreaker breaker = new DeleteBreaker(new BucketPairs(List.of(PAIR)),
                    Map.of("default", new BreakerThreshold(5, 0)), pair -> counted, () -> heldDeletes, clock, null);
            breaker.setCamelContext(context);
            breaker.start();
            try {
                int atStart = reads.get();
                assertThat(atStart > 0).as("the state read at start (%s reads and changes)", atStart)
                        .isEqualTo(management);
                assertThat(applied(breaker, 1)).as("a delete asks the state either way").isOne();
                assertThat(reads.get()).as("reads and changes of the state").isGreaterThan(atStart);
            } finally {
                breaker.stop();
            }
        }
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

    // ---- fails closed

    @Test
    void aStateLostWhileDeletesAreHeldKeepsTheBreakerOpenForEveryStormOfThePair() {
        applied(replica(5), 10);
        heldDeletes = 5;
        shared.lose();
        KeyReplication delete = record(KeyReplication.Origin.EVENT);

        DeleteBreaker restarted = replica(5);

        assertThat(restarted.holds(delete)).as("never read as a breaker never used").isTrue();
        assertThat(delete.getHeldStorm()).isEqualTo(BreakerState.EVERY_STORM);
        assertThat(restarted.isOpen("default")).isTrue();
        BreakerState recovered = shared.read().orElseThrow();
        assertThat(recovered.open()).as("written back, for every replica").isTrue();
        assertThat(recovered.storm()).isEqualTo(BreakerState.EVERY_STORM);
        assertThat(recovered.reason()).contains("s3://state/delete-breaker/default.json is missing while about 5"
                + " held deletes wait", "breaker resume|discard");
        clock.advance(Duration.ofHours(2));
        assertThat(applied(restarted, 10)).as("until an operator decides").isZero();
    }

    @Test
    void aMissingStateWithNoHeldDeleteIsABreakerNeverUsed() {
        heldDeletes = 0;

        assertThat(applied(replica(20), 10)).isEqualTo(10);
        assertThat(shared.read().orElseThrow().open()).isFalse();
    }

    @Test
    void aMissingStateLetsNoDeleteThroughWhenTheHeldDeletesCannotBeCounted() {
        heldDeletes = -1;
        DeleteBreaker breaker = replica(20);

        assertThatThrownBy(() -> breaker.holds(record(KeyReplication.Origin.EVENT)))
                .isInstanceOf(UnreadableBreakerStateException.class)
                .hasMessageContaining("is missing and the held-deletes queue cannot be counted");
        assertThat(shared.read()).as("nothing written on a guess").isEmpty();
    }

    @Test
    void countingDrNeverClosesALostStorm() {
        DeleteBreaker breaker = replica(new BreakerThreshold(1000, 10));
        heldDeletes = 3;

        breaker.counted("default", 200);

        assertThat(shared.read().orElseThrow().open()).isTrue();
        assertThat(shared.read().orElseThrow().drObjects()).isEqualTo(200);
        assertThat(breaker.holds(record(KeyReplication.Origin.EVENT))).isTrue();
    }

    @Test
    void aReleasedDeleteIsHeldAgainWhenTheStateIsLostWhileOthersStillWait() {
        DeleteBreaker breaker = replica(5);
        applied(breaker, 10);
        shared.update(state -> state.closedBy(clock.instant()));
        clock.advance(Duration.ofSeconds(10));
        assertThat(breaker.holds(record(KeyReplication.Origin.RELEASED))).isFalse();

        shared.lose();
        heldDeletes = 4;
        clock.advance(Duration.ofSeconds(10));
        KeyReplication released = record(KeyReplication.Origin.RELEASED);

        assertThat(breaker.holds(released)).isTrue();
        assertThat(released.getHeldStorm()).isEqualTo(BreakerState.EVERY_STORM);
    }

    @Test
    void aRecoveredBreakerClosedByAnOperatorLetsDeletesThroughAgain() {
        heldDeletes = 2;
        DeleteBreaker breaker = replica(5);
        assertThat(breaker.holds(record(KeyReplication.Origin.EVENT))).isTrue();

        // breaker resume: closed, written; the held deletes released
        shared.update(state -> state.closedBy(clock.instant()));
        heldDeletes = 0;
        clock.advance(Duration.ofSeconds(10));

        assertThat(breaker.holds(record(KeyReplication.Origin.RELEASED))).isFalse();
        assertThat(applied(replica(5), 5)).isEqualTo(5);
    }

    static Stream<RuntimeException> unreadableStates() {
        return Stream.of(
                S3Exception.builder().statusCode(403).awsErrorDetails(AwsErrorDetails.builder()
                        .errorCode("AccessDenied").errorMessage("Access Denied").build()).build(),
                new UnreadableBreakerStateException("the delete breaker's state s3://state/delete-breaker/default.json"
                        + " is not the JSON the replicator writes: {}"),
                S3Exception.builder().statusCode(500).awsErrorDetails(AwsErrorDetails.builder()
                        .errorCode("InternalError").errorMessage("We encountered an internal error").build()).build());
    }

    @ParameterizedTest
    @MethodSource("unreadableStates")
    void aStateThatCannotBeReadLetsNoDeleteThrough(RuntimeException failure) {
        shared.failWith(failure);
        DeleteBreaker breaker = replica(new BreakerThreshold(20, 10));

        for (KeyReplication.Origin origin : KeyReplication.Origin.values()) {
            // the delete fails unapplied: retried where transient, else dead-lettered with the reason
            assertThatThrownBy(() -> breaker.holds(record(origin))).as("a delete of origin %s", origin)
                    .isSameAs(failure);
        }
        assertThatThrownBy(() -> breaker.counted("default", 100)).isSameAs(failure);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "null", "[]", "not json", "", "{\"open\":true,\"windowStart\":0}",
            "{\"open\":\"yes\",\"windowStart\":0}", "{\"open\":false,\"windowStart\":0,\"color\":\"red\"}"})
    void aBodyThatIsNotTheStatesJsonIsUnreadableNeverADefault(String body) {
        assertThatThrownBy(() -> S3BreakerStore.parse(body, "s3://state/delete-breaker/default.json"))
                .isInstanceOf(UnreadableBreakerStateException.class)
                .hasMessageContaining("s3://state/delete-breaker/default.json is not the JSON the replicator writes");
    }

    @Test
    void theStatesJsonReadsBackAsWritten() throws Exception {
        BreakerState state = BreakerState.closed(clock.instant()).granted(7).opened("storm-1", "why", clock.instant())
                .counted(200, clock.instant());

        assertThat(S3BreakerStore.parse(new ObjectMapper().writeValueAsString(state), "here")).isEqualTo(state);
    }

    @ParameterizedTest(name = "held for {0}, decided on {1}: {2}")
    @CsvSource({"2026-11-25T10:00:00Z-1a2b3c4d, 2026-11-25T10:00:00Z-1a2b3c4d, true",
            "2026-11-25T10:00:00Z-1a2b3c4d, 2026-11-25T11:00:00Z-5e6f7a8b, false",
            "2026-11-25T10:00:00Z-1a2b3c4d, every-storm, true",
            "every-storm, every-storm, true",
            "every-storm, 2026-11-25T10:00:00Z-1a2b3c4d, false"})
    void aDecisionOnEveryStormTakesEveryHeldDeleteOfThePair(String heldStorm, String decidedStorm, boolean taken) {
        assertThat(BreakerState.ofStorm(heldStorm, decidedStorm)).isEqualTo(taken);
    }

    @Test
    void theLastMinuteSlidesOverTheMinuteBefore() {
        BreakerState state = BreakerState.closed(clock.instant()).granted(60);
        Instant halfAMinuteLater = clock.instant().plus(Duration.ofSeconds(90));

        assertThat(state.lastMinute(halfAMinuteLater)).isEqualTo(30.0);
        assertThat(state.lastMinute(clock.instant().plus(Duration.ofMinutes(3)))).isZero();
    }
}
