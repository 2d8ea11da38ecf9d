package io.github.s3drreplicator.breaker;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

import io.github.s3drreplicator.observe.MetricsRegistry;
import io.github.s3drreplicator.pair.BucketPair;
import io.github.s3drreplicator.pair.BucketPairs;
import io.github.s3drreplicator.replicate.KeyReplication;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Service;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops a delete storm (an accidental recursive delete, a buggy lifecycle rule, ransomware deleting the originals of
 * what it encrypted) from emptying DR. Deletes are counted alone, per pair, whatever else is written: once more than
 * the pair's threshold ({@link BreakerThreshold}: a number, a share of DR's objects, or the smaller) would be applied
 * within a minute, the breaker opens. Creates keep flowing; deletes
 * are held on the held-deletes queue until an operator resumes (that storm's deletes are looked at again and applied)
 * or discards them (DR keeps the objects).
 *
 * <p>The overwrite guard ({@code replicator.overwrite.breaker.max-per-minute}, off by default) counts, the same way and
 * in the same state, the copies that replace an object DR holds: ransomware encrypting in place writes new bytes over
 * every key. Beyond its limit the breaker opens for an overwrite storm; while open, whatever kind of storm opened it,
 * it holds deletes, and such copies where the guard is on (DR keeps its current version) ({@link #holdsOverwrite}).
 *
 * <p>One breaker for the whole service, not per replica: the count and the open state live in one object of the
 * state bucket ({@link BreakerStore}), changed with conditional writes. A replica takes its deletes in small
 * allowances (a twentieth of the threshold), each added to the shared count before any is used; so all replicas
 * together never apply more than the threshold within a minute, and once one opens the breaker every replica holds
 * deletes at its next allowance. The open state survives restarts: it is in S3. Nothing bypasses it: the audit's
 * repairs count and are held too, and only an operator's release lets a storm's deletes through.
 *
 * <p>It fails closed. A state missing while deletes are held is no breaker "never used" but one whose storm was
 * forgotten: it opens for every storm of the pair ({@link BreakerState#whenMissing}). A state that cannot be read
 * (403, not the JSON written, any error but S3's NoSuchKey) makes the delete fail, unapplied: the exception goes to the
 * routes' error handling, which retries what is transient and dead-letters the rest with the reason. Failing, rather
 * than parking the delete on the held-deletes queue, is what loses nothing: a parked delete needs a storm that
 * {@code breaker status|resume|discard} can address, which an unreadable state cannot record, while a failed delete
 * waits on SQS or in the dead-letter queue, and once redriven is counted by the breaker like any other.
 */
public class DeleteBreaker implements DeleteBreakerMBean, CamelContextAware, Service {

    public static final String OBJECT_NAME = "io.github.s3drreplicator:type=DeleteBreaker";
    private static final Logger LOG = LoggerFactory.getLogger(DeleteBreaker.class);
    /** How long a replica trusts what it last read of the shared state, for its gauges and between allowances. */
    private static final Duration FRESH = Duration.ofSeconds(5);

    /** One pair's breaker, as this replica sees it. */
    final class Pair {
        final BucketPair pair;
        final BreakerThreshold threshold;
        /** {@code replicator.overwrite.breaker.max-per-minute}: 0 where the overwrite guard is off. */
        final int overwriteLimit;
        final BreakerStore store;
        volatile BreakerState seen;
        volatile Instant seenAt = Instant.EPOCH;
        /** Deletes this replica may still apply of what it took from the shared count, and until when. */
        long allowance;
        Instant allowanceUntil = Instant.EPOCH;
        /** The same for copies replacing an object DR holds, where the overwrite guard is on. */
        long overwriteAllowance;
        Instant overwriteAllowanceUntil = Instant.EPOCH;

        Pair(BucketPair pair, BreakerThreshold threshold, int overwriteLimit, BreakerStore store) {
            this.pair = pair;
            this.threshold = threshold;
            this.overwriteLimit = overwriteLimit;
            this.store = store;
        }

        /** Neither deletes nor overwrites are counted: nothing of the pair is ever held. */
        boolean off() {
            return threshold.off() && overwriteLimit == 0;
        }

        boolean open() {
            BreakerState state = seen;
            return state != null && state.open();
        }

        /**
         * Reads the shared state. A missing one is written as what it stands for ({@link BreakerState#whenMissing}):
         * a breaker never used is so recorded, closed, and from then on a missing state can only mean a lost one.
         */
        void refresh() {
            Instant now = clock.instant();
            Supplier<BreakerState> ifMissing = ifMissing(now);
            seen = store.read().orElseGet(() -> store.update(stored -> stored != null ? stored : ifMissing.get()));
            seenAt = now;
        }

        /** What a missing state stands for: the queue asked once per change, however often the change is retried. */
        Supplier<BreakerState> ifMissing(Instant now) {
            AtomicReference<BreakerState> known = new AtomicReference<>();
            return () -> known.updateAndGet(k -> k != null ? k
                    : BreakerState.whenMissing(heldDeletes.getAsLong(), store.where(), now));
        }
    }

    private final Map<String, Pair> pairs = new LinkedHashMap<>();
    private final LongSupplier heldDeletes;
    private final Clock clock;
    private final BreakerControl control;
    private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "delete-breaker");
        thread.setDaemon(true);
        return thread;
    });
    private CamelContext camelContext;

    /**
     * @param thresholds  each pair's threshold; a pair without one, or with {@link BreakerThreshold#OFF}, has none
     * @param stores      where each pair's breaker lives (the state bucket; in memory for the unit tests)
     * @param heldDeletes about how many deletes wait on the held-deletes queue, hidden ones included (negative where
     *                    it cannot be asked): what a missing state stands for depends on it
     */
    public DeleteBreaker(BucketPairs bucketPairs, Map<String, BreakerThreshold> thresholds,
                         Function<BucketPair, BreakerStore> stores, LongSupplier heldDeletes, Clock clock,
                         BreakerControl control) {
        this(bucketPairs, thresholds, Map.of(), stores, heldDeletes, clock, control);
    }

    /**
     * @param overwriteLimits each pair's {@code replicator.overwrite.breaker.max-per-minute}; a pair without one, or
     *                        with 0, has no overwrite guard
     */
    public DeleteBreaker(BucketPairs bucketPairs, Map<String, BreakerThreshold> thresholds,
                         Map<String, Integer> overwriteLimits, Function<BucketPair, BreakerStore> stores,
                         LongSupplier heldDeletes, Clock clock, BreakerControl control) {
        this.heldDeletes = heldDeletes;
        this.clock = clock;
        this.control = control;
        for (BucketPair pair : bucketPairs.all()) {
            pairs.put(pair.name(), new Pair(pair, thresholds.getOrDefault(pair.name(), BreakerThreshold.OFF),
                    overwriteLimits.getOrDefault(pair.name(), 0), stores.apply(pair)));
        }
    }

    /**
     * Asked before DR's copy of a key is deleted. A released delete (an operator resumed its storm) passes, whatever
     * the breaker does meanwhile; any other delete needs an allowance of the shared count.
     *
     * @return whether the delete must be held instead of applied
     */
    public boolean holds(@ExchangeProperty(KeyReplication.PROPERTY) KeyReplication r) {
        Pair breaker = pairs.get(r.pair().name());
        if (breaker == null || breaker.threshold.off()) {
            return false;
        }
        synchronized (breaker) {
            Instant now = clock.instant();
            if (r.released()) {
                return holdsReleased(breaker, r, now, BreakerState.DELETE);
            }
            if (breaker.allowance > 0 && now.isBefore(breaker.allowanceUntil) && !breaker.open()) {
                breaker.allowance--;
                return false;
            }
            BreakerState state = takeAllowance(breaker, now, BreakerState.DELETE);
            if (state.open()) {
                r.heldFor(state.storm(), BreakerState.DELETE);
                return true;
            }
            breaker.allowance--;
            return false;
        }
    }

    /**
     * Asked before a copy replaces an object DR holds ({@link KeyReplication#overwrites}), where the pair's overwrite
     * guard is on: counted like deletes, per pair over every replica, against
     * {@code replicator.overwrite.breaker.max-per-minute}. Beyond it the breaker opens for an overwrite storm; while
     * it is open, whatever storm opened it, such copies are held (DR keeps its current version) as deletes are. New
     * keys and tag changes are never held. A released copy passes as a released delete does.
     *
     * @return whether the copy must be held instead of applied
     */
    public boolean holdsOverwrite(@ExchangeProperty(KeyReplication.PROPERTY) KeyReplication r) {
        Pair breaker = pairs.get(r.pair().name());
        if (breaker == null || breaker.overwriteLimit == 0 || !r.overwrites()) {
            return false;
        }
        synchronized (breaker) {
            Instant now = clock.instant();
            if (r.released()) {
                return holdsReleased(breaker, r, now, BreakerState.OVERWRITE);
            }
            if (breaker.overwriteAllowance > 0 && now.isBefore(breaker.overwriteAllowanceUntil) && !breaker.open()) {
                breaker.overwriteAllowance--;
                return false;
            }
            BreakerState state = takeAllowance(breaker, now, BreakerState.OVERWRITE);
            if (state.open()) {
                r.heldFor(state.storm(), BreakerState.OVERWRITE);
                return true;
            }
            breaker.overwriteAllowance--;
            return false;
        }
    }

    /**
     * A delete an operator released: it passes where the state says its storm was resumed, even with the breaker open
     * again for a new storm meanwhile (its deletes go on, only new ones are held). Released deletes are not counted.
     * One the state knows no such decision of (the state was lost meanwhile) is held again where the breaker is open.
     */
    private boolean holdsReleased(Pair breaker, KeyReplication r, Instant now, String writeKind) {
        BreakerState seen = breaker.seen;
        // a decision just written, maybe by another process, is looked for again rather than trusted missing
        if (seen == null || breaker.seenAt.plus(FRESH).isBefore(now) || !seen.resumed(r.decidedStorm())) {
            breaker.refresh();
            seen = breaker.seen;
        }
        if (seen.resumed(r.decidedStorm())) {
            return false;
        }
        if (seen.open()) {
            r.heldFor(seen.storm(), writeKind);
            return true;
        }
        return false;
    }

    /**
     * Adds an allowance to the shared count of a kind of write (deletes, or overwrites), or opens the breaker where
     * the threshold leaves none: the writes of that kind granted within the last sixty seconds (exactly) and, for
     * deletes, within the last hour, all replicas together, are at their limits.
     */
    private BreakerState takeAllowance(Pair breaker, Instant now, String writeKind) {
        boolean overwrite = BreakerState.OVERWRITE.equals(writeKind);
        AtomicReference<Long> granted = new AtomicReference<>(0L);
        AtomicReference<Boolean> openedHere = new AtomicReference<>(false);
        String storm = now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + "-"
                + UUID.randomUUID().toString().substring(0, 8);
        Supplier<BreakerState> ifMissing = breaker.ifMissing(now);
        BreakerState state = breaker.store.update(stored -> {
            granted.set(0L);
            openedHere.set(false);
            BreakerState known = stored != null ? stored : ifMissing.get();
            if (known.open()) {
                // open as stored; or recovered from a lost state, and stored so for every replica
                openedHere.set(stored == null);
                return known;
            }
            BreakerState current = known.at(now);
            WriteCounts counts = current.counts(writeKind);
            long limit = overwrite ? breaker.overwriteLimit : breaker.threshold.limit(current.drObjects());
            long hourLimit = overwrite ? Long.MAX_VALUE : breaker.threshold.hourLimit();
            long leftThisMinute = limit == Long.MAX_VALUE ? Long.MAX_VALUE : limit - counts.lastMinute(now);
            long leftThisHour = hourLimit == Long.MAX_VALUE ? Long.MAX_VALUE : hourLimit - counts.lastHour(now);
            if (leftThisMinute <= 0 || leftThisHour <= 0) {
                openedHere.set(true);
                String why = overwrite ? String.format("more than %d copies replacing objects DR holds within a"
                        + " minute (replicator.overwrite.breaker.max-per-minute)", limit)
                        : leftThisMinute <= 0 ? breaker.threshold.describe(limit, current.drObjects())
                        : breaker.threshold.describeHour();
                return current.opened(storm, writeKind, why + " in pair " + breaker.pair.name()
                        + ", counted over every replica", now);
            }
            long allowance = overwrite ? Math.max(1, limit / 20) : breaker.threshold.allowance(current.drObjects());
            granted.set(Math.min(allowance, Math.min(leftThisMinute, leftThisHour)));
            return current.withCounts(writeKind, counts.granted(granted.get(), now));
        });
        breaker.seen = state;
        breaker.seenAt = now;
        if (openedHere.get()) {
            LOG.warn("Delete breaker OPEN for pair {} ({} storm): {}. Deletes, and where the overwrite guard is on"
                    + " copies replacing objects DR holds, are held on the held-deletes queue, on every replica, until"
                    + " an operator resumes or discards them (java -jar s3-dr-replicator.jar breaker"
                    + " status|resume|discard); storm {}", breaker.pair.name(), state.kind(), state.reason(),
                    state.storm());
        }
        // used within a minute of its grant, as it is counted: a minute later it no longer counts
        if (overwrite) {
            breaker.overwriteAllowance = granted.get();
            breaker.overwriteAllowanceUntil = now.plus(WriteCounts.MINUTE);
        } else {
            breaker.allowance = granted.get();
            breaker.allowanceUntil = now.plus(WriteCounts.MINUTE);
        }
        return state;
    }

    /**
     * Keeps DR's object count, as an audit just found it, for a threshold in percent of it. Nothing is written where
     * the pair has no such threshold.
     */
    public void counted(String pair, long drObjects) {
        Pair breaker = pairs.get(pair);
        if (breaker == null || breaker.threshold.maxPercentOfDr() == 0) {
            return;
        }
        synchronized (breaker) {
            Instant now = clock.instant();
            // a lost state is recovered first: counting DR must not close a forgotten storm
            Supplier<BreakerState> ifMissing = breaker.ifMissing(now);
            breaker.seen = breaker.store.update(stored ->
                    (stored == null ? ifMissing.get() : stored).counted(drObjects, now));
            breaker.seenAt = now;
            breaker.allowance = 0; // the next delete takes its allowance under the new limit
        }
        LOG.info("Delete breaker of pair {}: DR holds {} objects, so at most {} deletes within a minute", pair,
                drObjects, breaker.threshold.limit(drObjects));
    }

    /** Whether the pair's breaker holds deletes, as this replica last read it. */
    public boolean isOpen(String pair) {
        Pair breaker = pairs.get(pair);
        return breaker != null && breaker.open();
    }

    /** The pairs whose breaker is open, with why and since when: for health. */
    public Map<String, BreakerState> openPairs() {
        Map<String, BreakerState> open = new LinkedHashMap<>();
        pairs.forEach((name, breaker) -> {
            if (breaker.open()) {
                open.put(name, breaker.seen);
            }
        });
        return open;
    }

    // ---- JMX: what an operator reads (and, on the pod itself, does) ----

    @Override
    public boolean isOpen() {
        return pairs.values().stream().anyMatch(Pair::open);
    }

    @Override
    public String getReason() {
        return String.join("; ", openPairs().values().stream().map(BreakerState::reason).toList());
    }

    @Override
    public String getOpenedAt() {
        return String.join("; ", openPairs().values().stream().map(BreakerState::openedAt).toList());
    }

    @Override
    public String resume() {
        return String.join("; ", openPairs().keySet().stream().map(pair -> control.resume(pair, null)).toList());
    }

    @Override
    public String discard() {
        return String.join("; ", openPairs().keySet().stream().map(pair -> control.discard(pair, null)).toList());
    }

    @Override
    public void start() {
        if (watched()) {
            pairs.values().forEach(this::refreshQuietly);
            refresher.scheduleWithFixedDelay(() -> pairs.values().forEach(this::refreshQuietly), FRESH.toSeconds(),
                    FRESH.toSeconds(), TimeUnit.SECONDS);
        }
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            ObjectName name = new ObjectName(OBJECT_NAME);
            if (server.isRegistered(name)) {
                server.unregisterMBean(name);
            }
            server.registerMBean(this, name);
        } catch (JMException e) {
            throw new IllegalStateException("cannot register the delete breaker with JMX", e);
        }
        MetricsRegistry.whenBound(camelContext, this::registerGauges);
    }

    /**
     * Whether this runtime shows the breaker (health, gauges), and so reads it in the background: the service does,
     * with its management server. A command (audit, restore, breaker) has none: it reads the breaker only when it
     * deletes, so that an audit or a restore run with its own policy touches neither the state bucket nor SQS.
     */
    private boolean watched() {
        return camelContext == null || camelContext.getPropertiesComponent()
                .resolveProperty("camel.management.enabled").map(Boolean::parseBoolean).orElse(true);
    }

    private void registerGauges(MeterRegistry meters) {
        pairs.forEach((name, breaker) -> {
            Gauge.builder("replicator.delete.breaker.open", breaker, b -> b.open() ? 1 : 0)
                    .description("1 while the pair's delete breaker holds deletes, on every replica")
                    .tag("pair", name)
                    .register(meters);
            Gauge.builder("replicator.held.deletes.oldest.age.seconds", breaker, this::oldestHeldAge)
                    .description("How long the pair's oldest storm that still holds writes on the held-deletes"
                            + " queue has held them (since it opened), whether the breaker is open or an operator's"
                            + " release of it has not gone through; 0 where none does")
                    .tag("pair", name)
                    .register(meters);
            Gauge.builder("replicator.held.storms", breaker, b -> b.seen == null ? 0 : b.seen.storms().size())
                    .description("Storms of the pair that still hold writes on the held-deletes queue")
                    .tag("pair", name)
                    .register(meters);
        });
    }

    /** Seconds since the pair's oldest storm that may still hold writes opened, as last read; 0 where none. */
    private double oldestHeldAge(Pair breaker) {
        BreakerState state = breaker.seen;
        if (state == null) {
            return 0;
        }
        return state.oldestHeldSince().map(since -> Math.max(0, Duration.between(since, clock.instant())
                .toMillis() / 1000.0)).orElse(0.0);
    }

    private void refreshQuietly(Pair breaker) {
        if (breaker.off()) {
            return;
        }
        try {
            boolean wasOpen = breaker.open();
            breaker.refresh();
            if (wasOpen && !breaker.open()) {
                LOG.info("Delete breaker closed for pair {}", breaker.pair.name());
            } else if (!wasOpen && breaker.open()) {
                LOG.warn("Delete breaker of pair {} is open: {} (storm {})", breaker.pair.name(),
                        breaker.seen.reason(), breaker.seen.storm());
            }
        } catch (RuntimeException e) {
            LOG.debug("Could not read the delete breaker of pair {}: {}", breaker.pair.name(), e.toString());
        }
    }

    @Override
    public void stop() {
        refresher.shutdownNow();
        try {
            ObjectName name = new ObjectName(OBJECT_NAME);
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            if (server.isRegistered(name)) {
                server.unregisterMBean(name);
            }
        } catch (JMException e) {
            LOG.debug("While unregistering the delete breaker: {}", e.toString());
        }
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }
}
