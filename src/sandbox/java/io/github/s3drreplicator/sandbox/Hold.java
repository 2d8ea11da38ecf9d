package io.github.s3drreplicator.sandbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link HoldRule} in effect ({@link Sandbox#hold}): the requests it holds back wait until {@link #release}, or
 * until the rule's own time passes. Released, it holds nothing more. Safe to use from any thread.
 */
public final class Hold {

    private static final Logger LOG = LoggerFactory.getLogger(Hold.class);

    /** One request (HOLD) or answer (LATE) waiting, and the Vert.x context to let it go on. */
    private record Waiter(Promise<Void> promise, Context context) {

        void go() {
            if (context == null) {
                promise.tryComplete();
            } else {
                context.runOnContext(ignored -> promise.tryComplete());
            }
        }

        void fail(String why) {
            if (context == null) {
                promise.tryFail(why);
            } else {
                context.runOnContext(ignored -> promise.tryFail(why));
            }
        }
    }

    private final String id;
    private final HoldRule rule;
    // guarded by this
    private final Set<Waiter> waiting = new LinkedHashSet<>();
    private int matched;
    private int held;
    private int answered;
    private boolean released;

    Hold(String id, HoldRule rule) {
        this.id = id;
        this.rule = rule;
    }

    public String id() {
        return id;
    }

    public HoldRule rule() {
        return rule;
    }

    /** How many requests (or, for {@code late}, answers) wait now to be released. */
    public synchronized int waiting() {
        return waiting.size();
    }

    /** How many requests it took so far. */
    public synchronized int held() {
        return held;
    }

    /** How many of those were answered (their answer went out to the client). */
    public synchronized int answered() {
        return answered;
    }

    public synchronized boolean released() {
        return released;
    }

    /**
     * Waits until a request it took waits: for {@code hold}, one not sent to the store; for {@code late}, one whose
     * answer is made and waits.
     *
     * @throws IllegalStateException if none does within the timeout
     */
    public Hold awaitArrived(Duration timeout) {
        awaitUntil(() -> !waiting.isEmpty(), timeout, "no request waits");
        return this;
    }

    /**
     * Waits until every request it took so far was answered, at least one; a client that gave up waiting is never
     * answered.
     *
     * @throws IllegalStateException if that does not happen within the timeout
     */
    public Hold awaitAnswered(Duration timeout) {
        awaitUntil(() -> held > 0 && waiting.isEmpty() && answered >= held, timeout, "not every request answered");
        return this;
    }

    /** Lets every request (or answer) it holds go on, and holds nothing more. Releasing twice is harmless. */
    public void release() {
        List<Waiter> waiters;
        synchronized (this) {
            if (!released) {
                LOG.info("Released hold {} ({}), {} waiting", id, rule, waiting.size());
            }
            released = true;
            waiters = new ArrayList<>(waiting);
            waiting.clear();
            notifyAll();
        }
        waiters.forEach(Waiter::go);
    }

    /**
     * Counts a request if the rule matches it, and says whether it is one to hold: the rule's occurrence, or any
     * for {@link HoldRule#EVERY}. Nothing is taken once released.
     */
    synchronized boolean takes(RequestTarget request) {
        if (released || !rule.matches(request)) {
            return false;
        }
        matched++;
        if (rule.occurrence() != HoldRule.EVERY && matched != rule.occurrence()) {
            return false;
        }
        held++;
        notifyAll();
        return true;
    }

    /**
     * Keeps a request it took waiting until released, or until the rule's time passes; at once if released
     * already. The future completes on the caller's Vert.x context, and fails if the client goes away meanwhile.
     *
     * @param client the client's request, to notice it giving up; {@code null} where there is none
     */
    Future<Void> detain(HttpServerRequest client) {
        Promise<Void> promise = Promise.promise();
        Waiter waiter = new Waiter(promise, Vertx.currentContext());
        synchronized (this) {
            if (released) {
                return Future.succeededFuture();
            }
            waiting.add(waiter);
            notifyAll();
        }
        LOG.info("Hold {}: {} of {}/{} waits", id, rule.mode() == HoldMode.LATE ? "the answer to a " + rule.operation()
                : rule.operation(), rule.bucket(), rule.key());
        if (client != null) {
            client.response().closeHandler(closed -> {
                if (leaves(waiter)) {
                    LOG.info("Hold {}: the client gave up waiting", id);
                    waiter.fail("the client gave up waiting");
                }
            });
        }
        if (rule.releaseAfter() != null) {
            long delay = rule.releaseAfter().toMillis();
            Runnable timeUp = () -> {
                if (leaves(waiter)) {
                    waiter.go();
                }
            };
            if (waiter.context() != null) {
                waiter.context().owner().setTimer(delay, ignored -> timeUp.run());
            } else {
                CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS).execute(timeUp);
            }
        }
        return promise.future();
    }

    /** A request it took was answered. */
    synchronized void countAnswered() {
        answered++;
        notifyAll();
    }

    private synchronized boolean leaves(Waiter waiter) {
        boolean left = waiting.remove(waiter);
        notifyAll();
        return left;
    }

    private synchronized void awaitUntil(BooleanSupplier condition, Duration timeout, String failure) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new IllegalStateException("Hold " + id + " (" + rule + "): " + failure + " within " + timeout
                        + " (held " + held + ", waiting " + waiting.size() + ", answered " + answered + ")");
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting on hold " + id, e);
            }
        }
    }

    @Override
    public synchronized String toString() {
        return "Hold " + id + " (" + rule + "): held " + held + ", waiting " + waiting.size() + ", answered "
                + answered + (released ? ", released" : "");
    }
}
