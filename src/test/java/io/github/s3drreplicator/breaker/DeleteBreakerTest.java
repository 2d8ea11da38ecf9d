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
import io.github.s3drreplicator.replicate.PlannedCopies;
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
        /** Changes that wrote something. */
        int writes;

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
            if (after != before) {
                writes++;
            }
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

    /** A delete an operator released from {@code storm}. */
    private static KeyReplication released(String storm) {
        return record(KeyReplication.Origin.RELEASED).decidedFrom(storm);
    }

    /** What {@code breaker resume --storm STORM} writes before it releases anything. */
    private void operatorResumes(String storm) {
        shared.update(state -> state.decided(Map.of(storm, BreakerState.DELETE), BreakerState.RESUME,
                state.open() && BreakerState.ofStorm(state.storm(), storm), clock.instant()));
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
    void releasedDeletesOfAResumedStormGoOnWhenTheBreakerOpensAgainForANewStorm() {
        DeleteBreaker breaker = replica(5);
        applied(breaker, 10);
        String first = shared.read().orElseThrow().storm();
        operatorResumes(first);
        clock.advance(Duration.ofSeconds(10));
        assertThat(breaker.holds(released(first))).isFalse();

        // a new storm opens it again while the first one is being released
        assertThat(applied(replica(5), 10)).isEqualTo(5);
        String second = shared.read().orElseThrow().storm();
        assertThat(second).isNotEqualTo(first);
        clock.advance(Duration.ofSeconds(10));

        assertThat(breaker.holds(released(first))).as("the first storm's release goes on").isFalse();
        KeyReplication fresh = record(KeyReplication.Origin.EVENT);
        assertThat(breaker.holds(fresh)).as("only new deletes are held").isTrue();
        assertThat(fresh.getHeldStorm()).isEqualTo(second);
        assertThat(shared.read().orElseThrow().storms()).extracting(BreakerState.Storm::id)
                .as("both listed until their writes are released").containsExactly(first, second);
    }

    @Test
    void aReleasedDeleteOfAStormNoOperatorResumedIsHeldWhileTheBreakerIsOpen() {
        DeleteBreaker breaker = replica(5);
        applied(breaker, 10);
        String storm = shared.read().orElseThrow().storm();
        KeyReplication notDecided = released("2026-11-24T09:00:00Z-0badc0de");

        assertThat(breaker.holds(notDecided)).isTrue();
        assertThat(notDecided.getHeldStorm()).isEqualTo(storm);
        shared.update(BreakerState::closedBy);
        clock.advance(Duration.ofSeconds(10));
        assertThat(breaker.holds(released("2026-11-24T09:00:00Z-0badc0de"))).as("closed: not counted either")
                .isFalse();
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
        String storm = shared.read().orElseThrow().storm();
        operatorResumes(storm);
        clock.advance(Duration.ofSeconds(10));
        assertThat(breaker.holds(released(storm))).isFalse();

        shared.lose();
        heldDeletes = 4;
        clock.advance(Duration.ofSeconds(10));
        KeyReplication released = released(storm);

        assertThat(breaker.holds(released)).as("the decision went with the state").isTrue();
        assertThat(released.getHeldStorm()).isEqualTo(BreakerState.EVERY_STORM);
    }

    @Test
    void aRecoveredBreakerClosedByAnOperatorLetsDeletesThroughAgain() {
        heldDeletes = 2;
        DeleteBreaker breaker = replica(5);
        assertThat(breaker.holds(record(KeyReplication.Origin.EVENT))).isTrue();

        // breaker resume: every storm decided, closed, written; the held deletes released
        operatorResumes(BreakerState.EVERY_STORM);
        heldDeletes = 0;
        clock.advance(Duration.ofSeconds(10));

        assertThat(breaker.holds(released("2026-11-24T09:00:00Z-0badc0de"))).isFalse();
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
        BreakerState state = BreakerState.closed().withDeleteCounts(WriteCounts.NONE.granted(7, clock.instant()))
                .opened("storm-1", BreakerState.DELETE, "why", clock.instant()).counted(200, clock.instant())
                .decided(Map.of("storm-0", BreakerState.DELETE), BreakerState.RESUME, false, clock.instant());

        assertThat(S3BreakerStore.parse(new ObjectMapper().writeValueAsString(state), "here")).isEqualTo(state);
    }

    @Test
    void aStateWrittenByAnEarlierVersionIsReadItsSlidingCountForgotten() {
        BreakerState open = S3BreakerStore.parse("{\"open\":true,\"storm\":\"s1\",\"reason\":\"why\","
                + "\"openedAt\":\"2026-11-25T09:00:00Z\",\"windowStart\":1764061200000,\"deletes\":7,"
                + "\"previous\":3,\"drObjects\":200}", "here");

        assertThat(open.open()).isTrue();
        assertThat(open.storm()).isEqualTo("s1");
        assertThat(open.drObjects()).isEqualTo(200);
        assertThat(open.deleteCounts()).isEqualTo(WriteCounts.NONE);
        assertThat(HeldStorm.of("default", List.of(), open)).as("its storm is listed all the same")
                .extracting(HeldStorm::id).containsExactly("s1");
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

    // ---- exact counting: any sixty seconds, and an hour

    @Test
    void sixtySecondsAcrossTwoMinutesNeverLetMoreThanTheThresholdAndOneAllowanceThrough() {
        DeleteBreaker breaker = replica(1000);
        // the sliding estimate of earlier versions let 1,980 through here: 990 in a minute's last second, 990 in the
        // next one's first, each minute under 1,000 and the previous one weighted by what was left of it
        clock.advance(Duration.ofSeconds(59));
        long first = applied(breaker, 990);
        clock.advance(Duration.ofSeconds(2));
        long second = applied(breaker, 990);

        assertThat(first).isEqualTo(990);
        assertThat(first + second).as("applied within two seconds").isLessThanOrEqualTo(1000 + 50);
        assertThat(breaker.isOpen("default")).isTrue();
        assertThat(shared.read().orElseThrow().reason()).contains("more than 1000 deletes within a minute");
    }

    @Test
    void noSixtySecondsEverSeeMoreThanTheThresholdAndWhatEachReplicaHadNotUsedYet() {
        List<DeleteBreaker> replicas = List.of(replica(200), replica(200));
        List<Instant> appliedAt = new java.util.ArrayList<>();
        java.util.Random random = new java.util.Random(7);
        // bursts and pauses at random, over both replicas, about the threshold's rate, until the breaker opens
        Instant end = clock.instant().plus(Duration.ofHours(1));
        while (!shared.read().map(BreakerState::open).orElse(false) && clock.instant().isBefore(end)) {
            DeleteBreaker replica = replicas.get(random.nextInt(2));
            for (int i = random.nextInt(20); i > 0; i--) {
                if (!replica.holds(record(KeyReplication.Origin.EVENT))) {
                    appliedAt.add(clock.instant());
                }
            }
            clock.advance(Duration.ofMillis(random.nextInt(9000)));
        }

        long allowance = 200 / 20;
        long busiest = 0;
        for (Instant start : appliedAt) {
            long inSpan = appliedAt.stream().filter(t -> !t.isBefore(start) && t.isBefore(start.plusSeconds(60)))
                    .count();
            assertThat(inSpan).as("deletes applied in the sixty seconds from %s", start)
                    .isLessThanOrEqualTo(200 + replicas.size() * allowance);
            busiest = Math.max(busiest, inSpan);
        }
        assertThat(busiest).as("the busiest sixty seconds came near the threshold").isGreaterThan(180);
        assertThat(appliedAt).as("deletes applied over several minutes").hasSizeGreaterThan(1000);
    }

    @Test
    void aDripOf999AMinuteTripsTheHourlyBudget() {
        DeleteBreaker breaker = replica(new BreakerThreshold(1000, 0, 10_000));
        Instant start = clock.instant();
        long applied = 0;
        // one delete every 60.06 ms, for as long as it takes: 999 a minute, under the minute's 1,000
        while (!breaker.isOpen("default") && clock.instant().isBefore(start.plus(Duration.ofHours(1)))) {
            if (!breaker.holds(record(KeyReplication.Origin.EVENT))) {
                applied++;
            }
            clock.advance(Duration.ofNanos(60_060_060));
        }

        assertThat(breaker.isOpen("default")).isTrue();
        assertThat(shared.read().orElseThrow().reason())
                .contains("more than 10000 deletes within an hour (replicator.delete.breaker.max-per-hour)");
        assertThat(applied).isBetween(10_000L - 1000, 10_000L);
        assertThat(Duration.between(start, clock.instant())).isLessThan(Duration.ofMinutes(11));
    }

    @Test
    void theHourlyBudgetCountsEveryReplica() {
        List<DeleteBreaker> replicas = List.of(replica(new BreakerThreshold(0, 0, 100)),
                replica(new BreakerThreshold(0, 0, 100)));
        for (int minute = 0; minute < 10; minute++) {
            for (DeleteBreaker replica : replicas) {
                assertThat(applied(replica, 5)).isEqualTo(5);
            }
            clock.advance(Duration.ofMinutes(1));
        }
        assertThat(applied(replicas.get(0), 1)).as("100 in ten minutes, on two replicas").isZero();
        assertThat(shared.read().orElseThrow().reason()).contains("more than 100 deletes within an hour");
    }

    @Test
    void aReplicaWritesTheSharedStateOncePerAllowanceNotPerDelete() {
        DeleteBreaker breaker = replica(1000);

        assertThat(applied(breaker, 190)).isEqualTo(190);
        assertThat(shared.writes).as("allowances of 50").isEqualTo(4);
        applied(breaker, 5);
        assertThat(shared.writes).as("from what is left of the fourth").isEqualTo(4);

        clock.advance(Duration.ofSeconds(61));
        applied(breaker, 1);
        assertThat(shared.writes).as("an allowance is used within a minute of its grant, as it is counted")
                .isEqualTo(5);
    }

    @Test
    void theLastMinuteIsCountedExactlyAndTheHourInWholeMinutes() {
        Instant t0 = clock.instant();
        WriteCounts counts = WriteCounts.NONE.granted(50, t0).granted(30, t0.plusSeconds(30));

        assertThat(counts.lastMinute(t0.plusSeconds(59))).isEqualTo(80);
        assertThat(counts.lastMinute(t0.plusSeconds(60))).as("the first grant is sixty seconds old").isEqualTo(30);
        assertThat(counts.lastMinute(t0.plusSeconds(90))).isZero();
        assertThat(counts.lastHour(t0.plus(Duration.ofMinutes(60)))).as("its minute reaches into the hour")
                .isEqualTo(80);
        assertThat(counts.lastHour(t0.plus(Duration.ofMinutes(61)))).isZero();
        assertThat(counts.at(t0.plus(Duration.ofMinutes(61)))).isEqualTo(WriteCounts.NONE);
        // a replica whose clock is behind never counts less
        assertThat(counts.lastMinute(t0.minusSeconds(5))).isEqualTo(80);
    }

    // ---- the storms a pair holds, as the state lists them

    @Test
    void aStormIsListedFromItsOpeningUntilItsDecisionWentThrough() {
        Instant opened = clock.instant();
        BreakerState state = BreakerState.closed().opened("s1", BreakerState.DELETE, "why", opened);
        assertThat(state.oldestHeldSince()).contains(opened);

        clock.advance(Duration.ofMinutes(5));
        BreakerState decided = state.decided(Map.of("s1", BreakerState.DELETE), BreakerState.RESUME, true,
                clock.instant());
        assertThat(decided.open()).isFalse();
        assertThat(decided.resumed("s1")).isTrue();
        assertThat(decided.oldestHeldSince()).as("closed, still listed").contains(opened);

        BreakerState reopened = decided.opened("s2", BreakerState.DELETE, "again", clock.instant());
        assertThat(reopened.finished(List.of("s1", "s2")).storms()).as("the open storm stays")
                .extracting(BreakerState.Storm::id).containsExactly("s2");
    }

    @Test
    void aDecisionOnEveryStormResumesWhateverStormAWriteWasHeldFor() {
        BreakerState state = BreakerState.whenMissing(3, "here", clock.instant())
                .decided(Map.of(BreakerState.EVERY_STORM, BreakerState.EVERY_KIND), BreakerState.RESUME, true,
                        clock.instant());

        assertThat(state.open()).isFalse();
        assertThat(state.resumed("2026-11-24T09:00:00Z-0badc0de")).isTrue();
        assertThat(BreakerState.closed().resumed("2026-11-24T09:00:00Z-0badc0de")).isFalse();
    }

    // ---- the overwrite guard (replicator.overwrite.breaker.max-per-minute)

    /** One replica with the delete breaker's defaults and an overwrite guard of {@code maxPerMinute}. */
    private DeleteBreaker guarded(int maxPerMinute) {
        return new DeleteBreaker(new BucketPairs(List.of(PAIR)), Map.of("default", new BreakerThreshold(1000, 0)),
                Map.of("default", maxPerMinute), pair -> shared, () -> heldDeletes, clock, null);
    }

    /** Asks the breaker about copies over objects DR holds; returns how many it let through. */
    private static long overwritten(DeleteBreaker breaker, int copies) {
        return IntStream.range(0, copies).filter(i -> !breaker.holdsOverwrite(PlannedCopies.copy(PAIR,
                KeyReplication.Origin.EVENT, true))).count();
    }

    @Test
    void anOverwriteStormSpreadOverTwoReplicasOpensTheBreakerForOverwritesAndHoldsThem() {
        List<DeleteBreaker> replicas = List.of(guarded(20), guarded(20));
        long applied = 0;
        for (int round = 0; round < 30; round++) {
            for (DeleteBreaker replica : replicas) {
                applied += overwritten(replica, 1);
            }
        }

        assertThat(applied).as("copies over DR's objects applied by the two together").isEqualTo(20);
        BreakerState state = shared.read().orElseThrow();
        assertThat(state.open()).isTrue();
        assertThat(state.kind()).isEqualTo(BreakerState.OVERWRITE);
        assertThat(state.reason()).contains("more than 20 copies replacing objects DR holds within a minute"
                + " (replicator.overwrite.breaker.max-per-minute)");
        KeyReplication held = PlannedCopies.copy(PAIR, KeyReplication.Origin.EVENT, true);
        assertThat(guarded(20).holdsOverwrite(held)).as("a replica started afterwards").isTrue();
        assertThat(held.getHeldKind()).isEqualTo(BreakerState.OVERWRITE);
        assertThat(held.getHeldStorm()).isEqualTo(state.storm());
        // deletes are held too while it is open; new keys are never held
        assertThat(replicas.get(0).holds(record(KeyReplication.Origin.EVENT))).isTrue();
        assertThat(replicas.get(0).holdsOverwrite(PlannedCopies.copy(PAIR, KeyReplication.Origin.EVENT, false)))
                .isFalse();
    }

    @Test
    void overwritesAndDeletesAreCountedApart() {
        DeleteBreaker breaker = guarded(20);

        assertThat(overwritten(breaker, 15)).isEqualTo(15);
        assertThat(applied(breaker, 15)).as("deletes have their own count").isEqualTo(15);
        assertThat(overwritten(breaker, 5)).isEqualTo(5);
        assertThat(breaker.isOpen("default")).isFalse();
        clock.advance(Duration.ofSeconds(61));
        assertThat(overwritten(breaker, 20)).as("a minute later, the count starts again").isEqualTo(20);
    }

    @Test
    void withTheGuardOffNoCopyIsCountedOrHeldEvenWhileTheBreakerIsOpenForDeletes() {
        DeleteBreaker breaker = guarded(0);
        assertThat(overwritten(breaker, 100)).isEqualTo(100);
        assertThat(shared.read()).as("nothing written for copies").isEmpty();

        breaker = replica(5);
        applied(breaker, 10);
        assertThat(breaker.isOpen("default")).isTrue();
        assertThat(overwritten(breaker, 10)).isEqualTo(10);
    }

    @Test
    void releasedOverwritesOfAResumedStormPassAndOthersStayHeld() {
        DeleteBreaker breaker = guarded(5);
        overwritten(breaker, 10);
        String storm = shared.read().orElseThrow().storm();

        KeyReplication released = PlannedCopies.copy(PAIR, KeyReplication.Origin.RELEASED, true)
                .decidedFrom(storm);
        assertThat(breaker.holdsOverwrite(released)).as("not resumed yet").isTrue();
        operatorResumes(storm);
        assertThat(breaker.holdsOverwrite(PlannedCopies.copy(PAIR, KeyReplication.Origin.RELEASED, true)
                .decidedFrom(storm))).isFalse();
        assertThat(breaker.isOpen("default")).isFalse();
    }

    @Test
    void theOverwriteCountsReadBackAsWritten() throws Exception {
        BreakerState state = BreakerState.closed().withOverwriteCounts(WriteCounts.NONE.granted(3, clock.instant()))
                .opened("storm-1", BreakerState.OVERWRITE, "why", clock.instant());

        assertThat(S3BreakerStore.parse(new ObjectMapper().writeValueAsString(state), "here")).isEqualTo(state);
        ObjectMapper json = new ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode written = json.valueToTree(BreakerState.closed()
                .withDeleteCounts(WriteCounts.NONE.granted(3, clock.instant())));
        written.remove("overwriteCounts");
        String beforeTheGuard = json.writeValueAsString(written);
        assertThat(beforeTheGuard).doesNotContain("overwriteCounts");
        assertThat(S3BreakerStore.parse(beforeTheGuard, "here").overwriteCounts())
                .as("a state written before the guard").isEqualTo(WriteCounts.NONE);
    }
}
