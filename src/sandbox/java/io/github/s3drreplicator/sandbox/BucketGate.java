package io.github.s3drreplicator.sandbox;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

/**
 * Lets the proxy change a bucket behind its clients' backs for a moment without any of them seeing it: the store
 * makes a delete marker only over an object, so a delete marker for a key that has none is made over a placeholder
 * the proxy writes and removes again ({@link VersionedDeletes}). Requests to the store pass the gate of each bucket
 * they read; while the proxy holds a bucket's gate alone, none passes, and it takes the gate only once those already
 * at the store have their answers. Without blocking anybody: a pass is a future, as a {@link KeyLocks} lease is.
 */
final class BucketGate {

    /** A pass or the gate held alone; releasing it twice is harmless. */
    interface Lease {
        void release();
    }

    private static final class Bucket {
        int passing;
        boolean held;
        final Deque<Runnable> holders = new ArrayDeque<>();
        final Deque<Runnable> passers = new ArrayDeque<>();
    }

    private final Map<String, Bucket> buckets = new HashMap<>();

    /** Passes the bucket's gate, at once unless the proxy holds it or waits to. */
    Future<Lease> pass(String bucket) {
        Promise<Lease> granted = Promise.promise();
        Runnable grant = grant(granted, () -> leave(bucket));
        boolean now;
        synchronized (buckets) {
            Bucket state = buckets.computeIfAbsent(bucket, name -> new Bucket());
            now = !state.held && state.holders.isEmpty();
            if (now) {
                state.passing++;
            } else {
                state.passers.add(grant);
            }
        }
        if (now) {
            grant.run();
        }
        return granted.future();
    }

    /** Holds the bucket's gate alone, once every request passing it now has its answer. */
    Future<Lease> hold(String bucket) {
        Promise<Lease> granted = Promise.promise();
        Runnable grant = grant(granted, () -> open(bucket));
        boolean now;
        synchronized (buckets) {
            Bucket state = buckets.computeIfAbsent(bucket, name -> new Bucket());
            now = !state.held && state.passing == 0 && state.holders.isEmpty();
            if (now) {
                state.held = true;
            } else {
                state.holders.add(grant);
            }
        }
        if (now) {
            grant.run();
        }
        return granted.future();
    }

    /** How many buckets the gate keeps state for: none once nobody passes, holds or waits. */
    int busyBuckets() {
        synchronized (buckets) {
            return buckets.size();
        }
    }

    private void leave(String bucket) {
        Runnable next = null;
        synchronized (buckets) {
            Bucket state = buckets.get(bucket);
            state.passing--;
            if (state.passing == 0) {
                next = state.holders.poll();
                if (next != null) {
                    state.held = true;
                } else if (state.passers.isEmpty()) {
                    buckets.remove(bucket);
                }
            }
        }
        if (next != null) {
            next.run();
        }
    }

    private void open(String bucket) {
        Deque<Runnable> next = new ArrayDeque<>();
        synchronized (buckets) {
            Bucket state = buckets.get(bucket);
            Runnable holder = state.holders.poll();
            if (holder != null) {
                next.add(holder);
            } else {
                state.held = false;
                state.passing += state.passers.size();
                next.addAll(state.passers);
                state.passers.clear();
                if (state.passing == 0) {
                    buckets.remove(bucket);
                }
            }
        }
        next.forEach(Runnable::run);
    }

    /** Completes the promise with a lease, on the caller's Vert.x context if it has one. */
    private static Runnable grant(Promise<Lease> granted, Runnable release) {
        Context context = Vertx.currentContext();
        return () -> {
            AtomicBoolean released = new AtomicBoolean();
            Lease lease = () -> {
                if (released.compareAndSet(false, true)) {
                    release.run();
                }
            };
            if (context == null) {
                granted.complete(lease);
            } else {
                context.runOnContext(ignored -> granted.complete(lease));
            }
        };
    }
}
