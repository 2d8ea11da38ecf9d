package io.github.s3drreplicator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import io.vertx.core.Future;
import org.junit.jupiter.api.Test;

/** Which matching requests a hold takes, and how they wait; without Vert.x, the futures complete at once. */
class HoldTest {

    private static final RequestTarget HEAD_A = new RequestTarget("HeadObject", "dr-bucket", List.of("a"), null);
    private static final RequestTarget HEAD_B = new RequestTarget("HeadObject", "dr-bucket", List.of("b"), null);

    private static List<Boolean> taken(Hold hold, RequestTarget... requests) {
        return java.util.Arrays.stream(requests).map(hold::takes).toList();
    }

    @Test
    void byDefaultTheFirstMatchingRequestIsTakenAndTheRuleIsSpent() {
        Hold hold = new Hold("1", HoldRule.hold("HeadObject", "dr-bucket", "a"));

        assertThat(taken(hold, HEAD_B, HEAD_A, HEAD_B, HEAD_A, HEAD_A)).containsExactly(false, true, false, false,
                false);
        assertThat(hold.held()).isEqualTo(1);
    }

    @Test
    void anOccurrenceCountsOnlyTheRequestsTheRuleMatches() {
        Hold hold = new Hold("1", HoldRule.hold("HeadObject", "dr-bucket", "a").occurrence(3));

        assertThat(taken(hold, HEAD_A, HEAD_B, HEAD_A, HEAD_B, HEAD_A, HEAD_A)).containsExactly(false, false, false,
                false, true, false);
    }

    @Test
    void everyMatchingRequestIsTakenUntilReleasedThenNoneIs() {
        Hold hold = new Hold("1", HoldRule.late("HeadObject", "dr-bucket", "a").everyOne());

        assertThat(IntStream.range(0, 5).mapToObj(i -> hold.takes(HEAD_A))).containsOnly(true);
        hold.release();
        assertThat(hold.takes(HEAD_A)).isFalse();
        assertThat(hold.held()).isEqualTo(5);
    }

    @Test
    void aReleasedHoldTakesNothingEvenItsOccurrence() {
        Hold hold = new Hold("1", HoldRule.hold("HeadObject", "dr-bucket", "a").occurrence(2));

        assertThat(hold.takes(HEAD_A)).isFalse();
        hold.release();
        assertThat(hold.takes(HEAD_A)).isFalse();
        assertThat(hold.held()).isZero();
    }

    @Test
    void aTakenRequestWaitsUntilReleasedAndIsCountedWhenAnswered() {
        Hold hold = new Hold("1", HoldRule.hold("HeadObject", "dr-bucket", "a"));
        hold.takes(HEAD_A);

        Future<Void> waiting = hold.detain(null);
        assertThat(waiting.isComplete()).isFalse();
        assertThat(hold.awaitArrived(Duration.ofSeconds(1)).waiting()).isEqualTo(1);
        assertThatThrownBy(() -> hold.awaitAnswered(Duration.ofMillis(1))).hasMessageContaining("not every request"
                + " answered");

        hold.release();
        assertThat(waiting.succeeded()).isTrue();
        assertThat(hold.waiting()).isZero();
        hold.countAnswered();
        assertThat(hold.awaitAnswered(Duration.ofSeconds(1)).answered()).isEqualTo(1);
        assertThat(hold.detain(null).succeeded()).as("released: nothing more waits").isTrue();
    }

    @Test
    void awaitingAnArrivalThatDoesNotComeSaysWhichHold() {
        Hold hold = new Hold("7", HoldRule.hold("CopyObject", "prod-bucket", "a").copiedFrom("dr-bucket"));

        assertThatThrownBy(() -> hold.awaitArrived(Duration.ofMillis(1)))
                .hasMessageContaining("Hold 7 (hold occurrence 1 CopyObject of prod-bucket/a copied from dr-bucket)")
                .hasMessageContaining("no request waits");
    }

    @Test
    void everyHoldMatchingARequestCountsItAndThoseWhoseTurnItIsTakeIt() {
        Holds holds = new Holds();
        assertThat(holds.any()).isFalse();
        Hold first = holds.add(HoldRule.hold("HeadObject", "dr-bucket", "a"));
        Hold second = holds.add(HoldRule.late("HeadObject", "dr-bucket", "a").occurrence(2));
        Hold other = holds.add(HoldRule.hold("HeadObject", "dr-bucket", "b"));

        assertThat(holds.taking(HEAD_A)).containsExactly(first);
        assertThat(holds.taking(HEAD_A)).containsExactly(second);
        assertThat(holds.taking(HEAD_A)).isEmpty();
        assertThat(List.of(first.id(), second.id(), other.id())).containsExactly("1", "2", "3");
        assertThat(holds.get("2")).contains(second);

        holds.releaseAll();
        assertThat(holds.any()).isFalse();
        assertThat(holds.list()).isEmpty();
        assertThat(other.released()).isTrue();
        assertThat(holds.add(HoldRule.hold("HeadObject", "dr-bucket", "a")).id()).isEqualTo("4");
    }
}
