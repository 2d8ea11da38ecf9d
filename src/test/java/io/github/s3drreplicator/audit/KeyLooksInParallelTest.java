package io.github.s3drreplicator.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/** The audit's looks run beside the merge, a bounded number at once, with a bounded number waiting. */
class KeyLooksInParallelTest {

    @Test
    void theMergeHandsLooksOverWithoutWaitingForThemUntilTheBoundIsReached() throws Exception {
        CountDownLatch s3Answers = new CountDownLatch(1);
        AtomicInteger running = new AtomicInteger();
        Set<String> threads = ConcurrentHashMap.newKeySet();
        try (KeyLooksInParallel looks = new KeyLooksInParallel(2)) {
            Runnable slowLook = () -> {
                threads.add(Thread.currentThread().getName());
                running.incrementAndGet();
                try {
                    s3Answers.await(1, TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            };
            // 2 running and 4 waiting: handed over at once, none on the merge's thread
            for (int i = 0; i < 6; i++) {
                looks.submit(slowLook);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> running.get() == 2);
            assertThat(threads).hasSize(2).doesNotContain(Thread.currentThread().getName());

            // the seventh waits for room: the keys held stay bounded
            Thread merge = new Thread(() -> looks.submit(slowLook), "merge");
            merge.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> merge.getState() == Thread.State.WAITING);
            assertThat(running.get()).isEqualTo(2);

            s3Answers.countDown();
            merge.join(TimeUnit.SECONDS.toMillis(10));
            looks.awaitAll();
            assertThat(running.get()).isEqualTo(7);
            assertThat(merge.isAlive()).isFalse();
        }
    }

    @Test
    void aLookThatFailsFailsTheAudit() {
        try (KeyLooksInParallel looks = new KeyLooksInParallel(3)) {
            looks.submit(() -> {
                throw new IllegalStateException("403 on HeadObject");
            });

            assertThatThrownBy(looks::awaitAll).hasMessage("403 on HeadObject");
            assertThatThrownBy(() -> looks.submit(() -> { })).hasMessage("403 on HeadObject");
        }
    }
}
