package io.github.s3drreplicator.sandbox;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import io.vertx.core.Future;
import io.vertx.core.Promise;

/**
 * One write at a time per bucket and key, and no write while the key's object is being read, without blocking
 * anybody: a lock is a future that completes when the key's earlier holders have released it, in the order they
 * asked. Every write to a key through the proxy holds its lock from the check of its conditions until the store's
 * answer, so that a conditional write is judged and done as one step, as S3 does it. A read of an object's bytes
 * shares the lock with other reads until its answer has gone through: the store writes an object's file in place and
 * sends a read's body from that file after its headers, so a write meanwhile would cut the body short (or mix two
 * objects). Only keys being written or read take memory.
 */
final class KeyLocks {

    private record BucketKey(String bucket, String key) {
    }

    /** One who waits: a reader or a writer, and what grants it the lock. */
    private record Waiter(boolean shared, Runnable grant) {
    }

    /** A key held: by one writer, or by readers; and those waiting for it, in order. */
    private static final class Holders {
        boolean writing;
        int reading;
        final Deque<Waiter> waiting = new ArrayDeque<>();

        boolean idle() {
            return !writing && reading == 0 && waiting.isEmpty();
        }
    }

    private final Map<BucketKey, Holders> held = new HashMap<>();

    /** The lock of one key, alone (a write). The future completes on the caller's Vert.x context, if it has one. */
    Future<Lease> lock(String bucket, String key) {
        return take(new BucketKey(bucket, key), false);
    }

    /**
     * The lock of one key, shared with other reads (a read of the object's bytes): at once unless a write holds it or
     * waits for it, so that reads coming one after the other never keep a write out.
     */
    Future<Lease> share(String bucket, String key) {
        return take(new BucketKey(bucket, key), true);
    }

    /**
     * The locks of several keys of a bucket (a DeleteObjects batch), taken one after the other in key order, so
     * that two batches never wait for each other crosswise.
     */
    Future<Lease> lockAll(String bucket, Collection<String> keys) {
        List<String> ordered = List.copyOf(new TreeSet<>(keys));
        List<Lease> leases = new ArrayList<>(ordered.size());
        Future<Void> all = Future.succeededFuture();
        for (String key : ordered) {
            all = all.compose(ignored -> lock(bucket, key).map(lease -> {
                leases.add(lease);
                return null;
            }));
        }
        return all.map(ignored -> () -> leases.forEach(Lease::release));
    }

    /** How many keys are locked (or waited for) now. */
    int lockedKeys() {
        synchronized (held) {
            return held.size();
        }
    }

    private Future<Lease> take(BucketKey id, boolean shared) {
        Promise<Lease> granted = Promise.promise();
        Runnable grant = Lease.grant(granted, () -> release(id, shared));
        boolean now;
        synchronized (held) {
            Holders holders = held.computeIfAbsent(id, ignored -> new Holders());
            now = !holders.writing && holders.waiting.isEmpty() && (shared || holders.reading == 0);
            if (!now) {
                holders.waiting.add(new Waiter(shared, grant));
            } else if (shared) {
                holders.reading++;
            } else {
                holders.writing = true;
            }
        }
        if (now) {
            grant.run();
        }
        return granted.future();
    }

    private void release(BucketKey id, boolean shared) {
        List<Runnable> next = new ArrayList<>(1);
        synchronized (held) {
            Holders holders = held.get(id);
            if (shared) {
                holders.reading--;
            } else {
                holders.writing = false;
            }
            // the next writer once nobody holds the key; else the readers at the head of the line, together
            while (!holders.writing && !holders.waiting.isEmpty()) {
                Waiter first = holders.waiting.peek();
                if (!first.shared() && holders.reading > 0) {
                    break;
                }
                holders.waiting.poll();
                next.add(first.grant());
                if (first.shared()) {
                    holders.reading++;
                } else {
                    holders.writing = true;
                }
            }
            if (holders.idle()) {
                held.remove(id);
            }
        }
        next.forEach(Runnable::run);
    }
}
