package io.github.s3drreplicator.sandbox;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

import io.vertx.core.Future;
import io.vertx.core.Promise;

/**
 * Lets the proxy change a bucket behind its clients' backs for a moment without any of them seeing it: the store
 * makes a delete marker only over an object, so a delete marker for a key that has none is made over a placeholder
 * the proxy writes and removes again ({@link VersionedDeletes}). Requests to the store pass the gate of each bucket
 * they read; while the proxy holds a bucket's gate alone, none passes, and it takes the gate only once those already
 * at the store have their answers. Without blocking anybody: a pass is a {@link Lease} granted through a future, as a key's lock is.
 */
final class BucketGate {

    private static final class Bucket {
        int passing;
        boolean held;
        final Deque<Runnable> holders = new ArrayDeque<>();
        final Deque<Runnable> passers = new ArrayDeque<>();
    }

    private final Map<String, Bucket> buckets = new HashMap<>();

    /** Passes the bucket's gate, at once unless the proxy holds it or waits to. */
    Future<Lease> pass(String bucket) {
        return enter(bucket, false);
    }

    /** Holds the bucket's gate alone, once every request passing it now has its answer. */
    Future<Lease> hold(String bucket) {
        return enter(bucket, true);
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

    private Future<Lease> enter(String bucket, boolean alone) {
        Promise<Lease> granted = Promise.promise();
        Runnable grant = Lease.grant(granted, alone ? () -> open(bucket) : () -> leave(bucket));
        boolean now;
        synchronized (buckets) {
            Bucket state = buckets.computeIfAbsent(bucket, name -> new Bucket());
            // nobody overtakes a holder that waits; a holder waits for those passing too
            now = !state.held && state.holders.isEmpty() && (!alone || state.passing == 0);
            if (now && alone) {
                state.held = true;
            } else if (now) {
                state.passing++;
            } else {
                (alone ? state.holders : state.passers).add(grant);
            }
        }
        if (now) {
            grant.run();
        }
        return granted.future();
    }
}
