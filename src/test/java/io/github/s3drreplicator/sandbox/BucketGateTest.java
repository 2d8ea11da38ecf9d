package io.github.s3drreplicator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import org.junit.jupiter.api.Test;

class BucketGateTest {

    private final BucketGate gate = new BucketGate();

    @Test
    void requestsPassTogetherWhileNobodyHoldsTheGate() {
        assertThat(gate.pass("dr-bucket").succeeded()).isTrue();
        assertThat(gate.pass("dr-bucket").succeeded()).isTrue();
    }

    @Test
    void theGateIsHeldOnlyOnceEveryRequestPassingItHasLeft() {
        Lease first = gate.pass("dr-bucket").result();
        Lease second = gate.pass("dr-bucket").result();

        Future<Lease> held = gate.hold("dr-bucket");
        assertThat(held.isComplete()).isFalse();
        first.release();
        assertThat(held.isComplete()).isFalse();
        second.release();
        assertThat(held.succeeded()).isTrue();
    }

    @Test
    void whileTheGateIsHeldOrAwaitedNewRequestsWaitAndThenPassTogether() {
        Lease early = gate.pass("dr-bucket").result();
        Future<Lease> held = gate.hold("dr-bucket");
        Future<Lease> late = gate.pass("dr-bucket");
        Future<Lease> later = gate.pass("dr-bucket");
        assertThat(late.isComplete()).as("the holder waits: nobody overtakes it").isFalse();

        early.release();
        assertThat(held.succeeded()).isTrue();
        assertThat(late.isComplete()).isFalse();
        held.result().release();
        assertThat(late.succeeded()).isTrue();
        assertThat(later.succeeded()).isTrue();
    }

    @Test
    void holdersTakeTheGateOneAfterTheOther() {
        Lease first = gate.hold("dr-bucket").result();
        Future<Lease> second = gate.hold("dr-bucket");
        Future<Lease> passer = gate.pass("dr-bucket");

        first.release();
        assertThat(second.succeeded()).isTrue();
        assertThat(passer.isComplete()).isFalse();
        second.result().release();
        assertThat(passer.succeeded()).isTrue();
    }

    @Test
    void otherBucketsDoNotWaitAndNothingIsKeptOnceAllIsReleased() {
        Lease held = gate.hold("dr-bucket").result();

        Lease other = gate.pass("prod-bucket").result();
        other.release();
        other.release();
        assertThat(gate.busyBuckets()).isEqualTo(1);
        held.release();
        assertThat(gate.busyBuckets()).isZero();
    }
}
