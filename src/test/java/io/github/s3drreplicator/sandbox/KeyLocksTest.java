package io.github.s3drreplicator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.vertx.core.Future;
import org.junit.jupiter.api.Test;

class KeyLocksTest {

    private final KeyLocks locks = new KeyLocks();

    @Test
    void aSecondWriterOfAKeyWaitsUntilTheFirstReleasesIt() {
        Future<Lease> first = locks.lock("dr-bucket", "a");
        Future<Lease> second = locks.lock("dr-bucket", "a");

        assertThat(first.succeeded()).isTrue();
        assertThat(second.isComplete()).isFalse();
        first.result().release();
        assertThat(second.succeeded()).isTrue();
    }

    @Test
    void waitersAreServedInTheOrderTheyCame() {
        List<Integer> order = new ArrayList<>();
        Lease first = locks.lock("b", "k").result();
        for (int i = 1; i <= 3; i++) {
            int n = i;
            locks.lock("b", "k").onSuccess(lease -> {
                order.add(n);
                lease.release();
            });
        }
        first.release();
        assertThat(order).containsExactly(1, 2, 3);
    }

    @Test
    void otherKeysAndOtherBucketsDoNotWait() {
        locks.lock("dr-bucket", "a");

        assertThat(locks.lock("dr-bucket", "b").succeeded()).isTrue();
        assertThat(locks.lock("prod-bucket", "a").succeeded()).isTrue();
    }

    @Test
    void releasingTwiceDoesNotLetTwoWritersIn() {
        Lease first = locks.lock("b", "k").result();
        Future<Lease> second = locks.lock("b", "k");
        Future<Lease> third = locks.lock("b", "k");

        first.release();
        first.release();
        assertThat(second.succeeded()).isTrue();
        assertThat(third.isComplete()).isFalse();
    }

    @Test
    void readsShareTheLockAndAWriteWaitsUntilTheLastOneEnds() {
        Lease first = locks.share("b", "k").result();
        Lease second = locks.share("b", "k").result();
        Future<Lease> write = locks.lock("b", "k");

        assertThat(write.isComplete()).isFalse();
        first.release();
        assertThat(write.isComplete()).as("one read still going").isFalse();
        second.release();
        assertThat(write.succeeded()).isTrue();
    }

    @Test
    void aReadWaitsForAWriteThatHoldsTheKeyOrWaitsForIt() {
        Lease read = locks.share("b", "k").result();
        Future<Lease> write = locks.lock("b", "k");
        Future<Lease> laterRead = locks.share("b", "k");
        assertThat(laterRead.isComplete()).as("a write waits before it: reads never keep it out").isFalse();

        read.release();
        assertThat(write.succeeded()).isTrue();
        assertThat(laterRead.isComplete()).isFalse();
        write.result().release();
        assertThat(laterRead.succeeded()).isTrue();
    }

    @Test
    void theReadsWaitingTogetherGoOnTogetherUpToTheNextWrite() {
        Lease write = locks.lock("b", "k").result();
        Future<Lease> read1 = locks.share("b", "k");
        Future<Lease> read2 = locks.share("b", "k");
        Future<Lease> secondWrite = locks.lock("b", "k");
        Future<Lease> read3 = locks.share("b", "k");

        write.release();
        assertThat(read1.succeeded()).isTrue();
        assertThat(read2.succeeded()).isTrue();
        assertThat(secondWrite.isComplete()).isFalse();
        assertThat(read3.isComplete()).isFalse();
        read1.result().release();
        read2.result().release();
        assertThat(secondWrite.succeeded()).isTrue();
        secondWrite.result().release();
        assertThat(read3.succeeded()).isTrue();
        read3.result().release();
        read3.result().release();
        assertThat(locks.lockedKeys()).isZero();
    }

    @Test
    void aBatchTakesEveryKeyAndNothingIsLeftOnceAllIsReleased() {
        Lease single = locks.lock("b", "y").result();
        Future<Lease> batch = locks.lockAll("b", Set.of("z", "y", "x"));
        assertThat(batch.isComplete()).as("waits for y").isFalse();
        assertThat(locks.lockedKeys()).as("x taken, y held by the single write").isEqualTo(2);

        single.release();
        assertThat(batch.succeeded()).isTrue();
        assertThat(locks.lockedKeys()).isEqualTo(3);
        batch.result().release();
        assertThat(locks.lockedKeys()).isZero();
    }
}
