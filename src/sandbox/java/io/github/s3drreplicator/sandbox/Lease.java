package io.github.s3drreplicator.sandbox;

import java.util.concurrent.atomic.AtomicBoolean;

import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

/**
 * Something the proxy holds without blocking anybody, and releases: a key's lock ({@link KeyLocks}), a pass through
 * a bucket's gate or the gate held alone ({@link BucketGate}). Releasing it twice is harmless.
 */
interface Lease {

    void release();

    /**
     * What grants a lease once it is free: completes the promise with a lease that runs {@code release} once, on the
     * Vert.x context of whoever asked (taken now), if it has one.
     */
    static Runnable grant(Promise<Lease> granted, Runnable release) {
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
