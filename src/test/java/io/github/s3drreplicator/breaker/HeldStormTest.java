package io.github.s3drreplicator.breaker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.github.s3drreplicator.breaker.HeldDeletes.QueuedStorm;
import org.junit.jupiter.api.Test;

/**
 * The storms {@code breaker status} lists for a pair: what the held-deletes queue holds, read message by message,
 * with what the breaker's state says of each storm. No storm is left out: one the queue holds writes of whatever the
 * state says, one the state lists whatever the queue holds.
 */
class HeldStormTest {

    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    private static final String OLD = "2026-11-24T09:00:00Z-1a2b3c4d";
    private static final String NEW = "2026-11-25T11:00:00Z-5e6f7a8b";

    @Test
    void twoStormsOnTheQueueAreListedOldestFirstWithTheirCountsAndAges() {
        BreakerState state = BreakerState.closed()
                .opened(OLD, BreakerState.DELETE, "first", Instant.parse("2026-11-24T09:00:00Z"))
                .decided(Map.of(OLD, BreakerState.DELETE), BreakerState.RESUME, true, Instant.parse(
                        "2026-11-24T10:00:00Z"))
                .opened(NEW, BreakerState.DELETE, "second", Instant.parse("2026-11-25T11:00:00Z"));
        List<QueuedStorm> queued = List.of(
                new QueuedStorm("default", NEW, "delete", 30, Instant.parse("2026-11-25T11:00:01Z")),
                new QueuedStorm("default", OLD, "delete", 12, Instant.parse("2026-11-24T09:00:02Z")),
                new QueuedStorm("archive", "2026-11-25T08:00:00Z-99999999", "delete", 4,
                        Instant.parse("2026-11-25T08:00:00Z")));

        List<HeldStorm> storms = HeldStorm.of("default", queued, state);

        assertThat(storms).extracting(HeldStorm::id).containsExactly(OLD, NEW);
        HeldStorm old = storms.get(0);
        assertThat(old.count()).isEqualTo(12);
        assertThat(old.open()).isFalse();
        assertThat(old.decision()).as("a release that did not go through").isEqualTo(BreakerState.RESUME);
        assertThat(old.decidedAt()).isEqualTo(Instant.parse("2026-11-24T10:00:00Z"));
        assertThat(old.age(NOW)).isEqualTo(Duration.ofHours(27));
        HeldStorm current = storms.get(1);
        assertThat(current.count()).isEqualTo(30);
        assertThat(current.open()).isTrue();
        assertThat(current.decision()).isNull();
    }

    @Test
    void aStormOnlyTheQueueKnowsIsListedUndecided() {
        List<QueuedStorm> queued = List.of(
                new QueuedStorm("default", OLD, "delete", 3, Instant.parse("2026-11-24T09:00:02Z")));

        List<HeldStorm> storms = HeldStorm.of("default", queued, BreakerState.closed());

        assertThat(storms).singleElement().satisfies(storm -> {
            assertThat(storm.id()).isEqualTo(OLD);
            assertThat(storm.count()).isEqualTo(3);
            assertThat(storm.open()).isFalse();
            assertThat(storm.decision()).isNull();
            assertThat(storm.oldest()).isEqualTo(Instant.parse("2026-11-24T09:00:02Z"));
        });
    }

    @Test
    void aStormOnlyTheStateKnowsIsListedWithNothingHeld() {
        // its release died after its last message was deleted, or its messages are hidden, taken by a release
        BreakerState state = BreakerState.closed()
                .opened(OLD, BreakerState.DELETE, "first", Instant.parse("2026-11-24T09:00:00Z"))
                .decided(Map.of(OLD, BreakerState.DELETE), BreakerState.DISCARD, true, NOW);

        assertThat(HeldStorm.of("default", List.of(), state)).singleElement().satisfies(storm -> {
            assertThat(storm.count()).isZero();
            assertThat(storm.decision()).isEqualTo(BreakerState.DISCARD);
            assertThat(storm.oldest()).isEqualTo(Instant.parse("2026-11-24T09:00:00Z"));
        });
    }

    @Test
    void writesOfSeveralKindsHeldForOneStormAreCountedPerKind() {
        List<QueuedStorm> queued = List.of(
                new QueuedStorm("default", NEW, "delete", 5, Instant.parse("2026-11-25T11:00:03Z")),
                new QueuedStorm("default", NEW, "overwrite", 7, Instant.parse("2026-11-25T11:00:01Z")));

        assertThat(HeldStorm.of("default", queued, BreakerState.closed())).singleElement().satisfies(storm -> {
            assertThat(storm.held()).containsExactlyInAnyOrderEntriesOf(Map.of("delete", 5L, "overwrite", 7L));
            assertThat(storm.count()).isEqualTo(12);
            assertThat(storm.oldest()).isEqualTo(Instant.parse("2026-11-25T11:00:01Z"));
        });
    }

    @Test
    void aLostStateListsEveryStormOpenAndTheStormsTheQueueHolds() {
        BreakerState recovered = BreakerState.whenMissing(8, "s3://state/delete-breaker/default.json", NOW);
        List<QueuedStorm> queued = List.of(
                new QueuedStorm("default", OLD, "delete", 8, Instant.parse("2026-11-24T09:00:02Z")));

        List<HeldStorm> storms = HeldStorm.of("default", queued, recovered);

        assertThat(storms).extracting(HeldStorm::id).containsExactly(OLD, BreakerState.EVERY_STORM);
        assertThat(storms.get(1).open()).isTrue();
        assertThat(storms.get(1).count()).isZero();
    }
}
