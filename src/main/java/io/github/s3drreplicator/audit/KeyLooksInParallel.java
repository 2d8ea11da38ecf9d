package io.github.s3drreplicator.audit;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The audit's looks at keys (HeadObject, GetObjectTagging), a fixed number at once on threads of their own, while the
 * listings are merged: the merge hands a look over and goes on. At most twice as many looks as run may wait for a
 * thread; the merge waits only when that many do, for whichever finishes first. So the keys held in memory stay
 * bounded however many the buckets hold. The first look that fails fails the audit.
 */
final class KeyLooksInParallel implements AutoCloseable {

    private static final AtomicInteger POOLS = new AtomicInteger();

    private final ExecutorService threads;
    private final int bound;
    private final Semaphore room;
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();

    /** @param parallelism how many looks run at once */
    KeyLooksInParallel(int parallelism) {
        int pool = POOLS.incrementAndGet();
        AtomicInteger count = new AtomicInteger();
        this.threads = Executors.newFixedThreadPool(parallelism, r -> {
            Thread thread = new Thread(r, "audit-look-" + pool + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.bound = parallelism * 3;
        this.room = new Semaphore(bound);
    }

    /** Hands a look over; waits only while the looks running and waiting fill the bound. */
    void submit(Runnable look) {
        rethrowFailure();
        try {
            room.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while comparing", e);
        }
        threads.execute(() -> {
            try {
                if (failure.get() == null) {
                    look.run();
                }
            } catch (RuntimeException e) {
                failure.compareAndSet(null, e);
            } finally {
                room.release();
            }
        });
    }

    /** Waits until every look handed over is done; throws the first failure. */
    void awaitAll() {
        try {
            room.acquire(bound);
            room.release(bound);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while comparing", e);
        }
        rethrowFailure();
    }

    private void rethrowFailure() {
        RuntimeException failed = failure.get();
        if (failed != null) {
            throw failed;
        }
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
