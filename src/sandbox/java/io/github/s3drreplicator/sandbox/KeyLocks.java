package io.github.s3drreplicator.sandbox;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import io.vertx.core.Future;
import io.vertx.core.Promise;

/**
 * One write at a time per bucket and key, without blocking anybody: a lock is a future that completes when the
 * key's earlier writers have released it, in the order they asked. Every write to a key through the proxy holds its
 * lock from the check of its conditions until the store's answer, so that a conditional write is judged and done
 * as one step, as S3 does it. Only keys being written take memory.
 */
final class KeyLocks {

    private record BucketKey(String bucket, String key) {
    }

    // each key being written: the grants of those waiting for it, in order (an empty queue: held, nobody waiting)
    private final Map<BucketKey, Deque<Runnable>> held = new HashMap<>();

    /** The lock of one key. The future completes on the caller's Vert.x context, if it has one. */
    Future<Lease> lock(String bucket, String key) {
        BucketKey id = new BucketKey(bucket, key);
        Promise<Lease> granted = Promise.promise();
        Runnable grant = Lease.grant(granted, () -> release(id));
        boolean free;
        synchronized (held) {
            Deque<Runnable> waiting = held.get(id);
            free = waiting == null;
            if (free) {
                held.put(id, new ArrayDeque<>());
            } else {
                waiting.add(grant);
            }
        }
        if (free) {
            grant.run();
        }
        return granted.future();
    }

    /**
     * The locks of several keys of a bucket (a DeleteObjects batch), taken one after the other in key order, so
     * that two batches never wait for each other crosswise.
     */
    Future<Lease> lockAll(String bucket, Collection<String> keys) {
        List<String> ordered = List.copyOf(new TreeSet<>(keys));
        List<Lease> leases = new java.util.ArrayList<>(ordered.size());
        Future<Void> all = Future.succeededFuture();
        for (String key : ordered) {
            all = all.compose(ignored -> lock(bucket, key).map(lease -> {
                leases.add(lease);
                return null;
            }));
        }
        return all.map(ignored -> () -> leases.forEach(Lease::release));
    }

    /** How many keys are locked now. */
    int lockedKeys() {
        synchronized (held) {
            return held.size();
        }
    }

    private void release(BucketKey id) {
        Runnable next;
        synchronized (held) {
            Deque<Runnable> waiting = held.get(id);
            next = waiting == null ? null : waiting.poll();
            if (next == null) {
                held.remove(id);
            }
        }
        if (next != null) {
            next.run();
        }
    }
}
