package io.github.s3drreplicator.audit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ObjLongConsumer;
import java.util.function.Supplier;

import io.github.s3drreplicator.pair.BucketPair;
import io.github.s3drreplicator.pair.BucketPairs;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.StartupListener;
import org.apache.camel.util.TimeUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The drift audit inside the service, run by the {@code drift-audit} route when {@code replicator.audit.schedule}
 * is set, by one replica of the cluster at a time: whichever holds the audit lease in the state bucket
 * ({@link AuditLeaseStore}, decided by {@link AuditLeaseRules}). It compares everything (content, metadata, tags),
 * exports what it found as {@code replicator_drift_objects{kind}}, every kind at 0 where none was found, and, with
 * {@code replicator.audit.repair}, repairs it. What it counted of DR goes to the delete breaker, for a threshold in
 * percent of DR's objects. What it found goes into the lease too, so the replicas that skip export the same drift.
 * Each firing of the schedule counts in {@code replicator_audit_runs_total{outcome}}: {@value #COMPLETED},
 * {@value #FAILED}, {@value #SKIPPED_LEASE_HELD} or {@value #SKIPPED_AUDITED_ELSEWHERE}.
 */
public class ScheduledAudit implements CamelContextAware, StartupListener {

    public static final String COMPLETED = "completed";
    public static final String FAILED = "failed";
    public static final String SKIPPED_LEASE_HELD = "skipped-lease-held";
    public static final String SKIPPED_AUDITED_ELSEWHERE = "skipped-audited-elsewhere";
    public static final List<String> OUTCOMES = List.of(COMPLETED, FAILED, SKIPPED_LEASE_HELD,
            SKIPPED_AUDITED_ELSEWHERE);

    private static final Logger LOG = LoggerFactory.getLogger(ScheduledAudit.class);

    private final DriftAudit audit;
    private final BucketPairs pairs;
    private final String schedule;
    private final boolean repair;
    private final ObjLongConsumer<String> drCounts;
    private final AuditLeaseStore leases;
    private final Supplier<String> replica;
    private final Duration leaseDuration;
    private AuditLeaseRules madeRules;
    private final Clock clock;
    private final Map<String, Map<Drift.Kind, AtomicLong>> drifted = new ConcurrentHashMap<>();
    private final Map<String, Counter> runs = new ConcurrentHashMap<>();
    // the start of the run whose drift the gauges show, this replica's or another's
    private volatile Instant shown = Instant.MIN;
    private CamelContext camelContext;

    /**
     * @param schedule      how often, as a Camel duration (6h, 30m); empty or {@code off} for never
     * @param drCounts      told each pair's object count in DR after its audit
     * @param replica       this replica, as the lease names its holder (asked only where a schedule is set)
     * @param leaseDuration how long the lease lasts without renewal
     */
    public ScheduledAudit(DriftAudit audit, BucketPairs pairs, String schedule, boolean repair,
                          ObjLongConsumer<String> drCounts, AuditLeaseStore leases, Supplier<String> replica,
                          Duration leaseDuration, Clock clock) {
        this.audit = audit;
        this.pairs = pairs;
        this.schedule = schedule == null ? "" : schedule.trim();
        this.repair = repair;
        this.drCounts = drCounts;
        this.leases = leases;
        this.replica = replica;
        this.leaseDuration = leaseDuration;
        this.clock = clock;
    }

    /** Made when first needed: who this replica is costs a look-up of the host's name, which commands never need. */
    private synchronized AuditLeaseRules rules() {
        if (madeRules == null) {
            madeRules = new AuditLeaseRules(replica.get(), leaseDuration, isScheduled()
                    ? Duration.ofMillis(TimeUtils.toMilliSeconds(schedule)) : Duration.ZERO);
        }
        return madeRules;
    }

    public boolean isScheduled() {
        return !schedule.isEmpty() && !schedule.equalsIgnoreCase("off");
    }

    /** This replica, as the audit lease names its holder. */
    public String replica() {
        return rules().me();
    }

    /**
     * One firing of the schedule: audits every pair if this replica takes the lease, else skips. Run by hand (no
     * schedule set), it audits unless another replica holds the lease.
     */
    public void run() {
        AuditLeaseRules rules = rules();
        Instant now = clock.instant();
        Optional<AuditLeaseStore.Stored> stored;
        try {
            stored = leases.read();
        } catch (RuntimeException e) {
            count(FAILED);
            throw e;
        }
        AuditLease before = stored.map(AuditLeaseStore.Stored::lease).orElse(null);
        show(before);
        AuditLeaseRules.Decision decision = rules.onSchedule(before, now);
        switch (decision) {
            case SKIP_HELD -> {
                LOG.info("Scheduled audit skipped: {} holds the audit lease ({}) until {} and audits", before.holder(),
                        leases.where(), before.expiresAt());
                count(SKIPPED_LEASE_HELD);
                return;
            }
            case SKIP_AUDITED_ELSEWHERE -> {
                LOG.info("Scheduled audit skipped: {} audited at {}, within this period ({})",
                        before.lastRun().holder(), before.lastRun().startedAt(), schedule);
                count(SKIPPED_AUDITED_ELSEWHERE);
                return;
            }
            default -> {
                // TAKE, TAKE_OVER: below
            }
        }
        AuditLease taken = rules.taken(before, now);
        Optional<String> eTag;
        try {
            eTag = decision == AuditLeaseRules.Decision.TAKE ? leases.create(taken)
                    : leases.replace(taken, stored.orElseThrow().eTag());
        } catch (RuntimeException e) {
            count(FAILED);
            throw e;
        }
        if (eTag.isEmpty()) {
            LOG.info("Scheduled audit skipped: another replica took the audit lease ({}) first", leases.where());
            count(SKIPPED_LEASE_HELD);
            return;
        }
        if (before != null && !before.released() && !before.live(now) && !rules.mine(before)) {
            LOG.info("Scheduled audit: taking over the audit lease from {}, whose lease lapsed at {}", before.holder(),
                    before.expiresAt());
        }
        LOG.info("Scheduled audit started by {}, holding the audit lease ({})", rules.me(), leases.where());
        audit(new Holding(taken, eTag.get()), now);
    }

    private void audit(Holding holding, Instant started) {
        ScheduledExecutorService renewals = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "audit-lease");
            thread.setDaemon(true);
            return thread;
        });
        long every = rules().renewEvery().toMillis();
        renewals.scheduleWithFixedDelay(holding::renew, every, every, TimeUnit.MILLISECONDS);
        Map<String, Map<String, Long>> found = new LinkedHashMap<>();
        boolean completed = false;
        try {
            for (BucketPair pair : pairs.all()) {
                if (holding.lost()) {
                    break;
                }
                found.put(pair.name(), auditPair(pair));
            }
            completed = !holding.lost();
        } finally {
            // a renewal under way ends first (release waits for it); none starts after
            renewals.shutdown();
            holding.release(new AuditLease.LastRun(rules().me(), started, clock.instant(), completed,
                    completed ? found : Map.of()));
            if (completed) {
                shown = started;
            }
            count(completed ? COMPLETED : FAILED);
        }
    }

    private Map<String, Long> auditPair(BucketPair pair) {
        DriftReport report = audit.run(pair, "", null, repair, true, new AuditProgress());
        Map<String, Long> shownCounts = new LinkedHashMap<>();
        Map<Drift.Kind, AtomicLong> gauges = gauges(pair.name());
        for (Drift.Kind kind : Drift.Kind.values()) {
            // what is still drift: after a repair, what it could not repair, or left to the delete breaker
            long value = repair && kind.isDrift() ? report.remaining(kind) : report.count(kind);
            gauges.get(kind).set(value);
            shownCounts.put(label(kind), value);
        }
        LOG.info("Scheduled audit of pair {}: {} missing, {} changed, {} with other metadata, {} with other tags,"
                        + " {} extra in DR, {} retained{}", pair.name(),
                report.count(Drift.Kind.MISSING), report.count(Drift.Kind.CHANGED),
                report.count(Drift.Kind.METADATA), report.count(Drift.Kind.TAGS),
                report.count(Drift.Kind.EXTRA), report.count(Drift.Kind.RETAINED),
                repair ? String.format("; repaired %d, failed %d, held by the delete breaker %d", report.repaired(),
                        report.repairFailures(), report.held()) : "");
        drCounts.accept(pair.name(), report.targetObjects());
        return shownCounts;
    }

    /** The drift another replica's audit found, where it is newer than what the gauges show. */
    private void show(AuditLease lease) {
        AuditLease.LastRun run = lease == null ? null : lease.lastRun();
        if (run == null || !run.completed() || !run.startedAt().isAfter(shown)) {
            return;
        }
        for (BucketPair pair : pairs.all()) {
            Map<String, Long> counts = run.drift().get(pair.name());
            if (counts != null) {
                gauges(pair.name()).forEach((kind, gauge) -> gauge.set(counts.getOrDefault(label(kind), 0L)));
            }
        }
        shown = run.startedAt();
    }

    private static String label(Drift.Kind kind) {
        return kind.name().toLowerCase(Locale.ROOT);
    }

    /** The lease while this replica audits: renewed on a thread of its own, given back at the end. */
    private final class Holding {

        private AuditLease lease;
        private String eTag;
        // read by the auditing thread between pairs, never waiting for a renewal under way
        private volatile boolean lost;
        private boolean ended;

        Holding(AuditLease lease, String eTag) {
            this.lease = lease;
            this.eTag = eTag;
        }

        boolean lost() {
            return lost;
        }

        synchronized void renew() {
            if (ended || lost) {
                return;
            }
            try {
                AuditLease renewed = rules().renewed(lease, clock.instant());
                Optional<String> written = leases.replace(renewed, eTag);
                if (written.isPresent()) {
                    lease = renewed;
                    eTag = written.get();
                    return;
                }
                Optional<AuditLeaseStore.Stored> now = leases.read();
                if (now.isPresent() && rules().mine(now.get().lease())) {
                    // ours after all (an answer lost on the way): renewed at the next turn
                    lease = now.get().lease();
                    eTag = now.get().eTag();
                } else {
                    lost = true;
                    LOG.warn("Scheduled audit: the audit lease ({}) lapsed and {} took it over; this audit stops after"
                            + " the pair it is on", leases.where(), now.map(s -> s.lease().holder()).orElse("nobody"));
                }
            } catch (RuntimeException e) {
                LOG.warn("Scheduled audit: could not renew the audit lease: {}; trying again in {} ms", e.getMessage(),
                        rules().renewEvery().toMillis());
            }
        }

        synchronized void release(AuditLease.LastRun run) {
            ended = true;
            if (lost) {
                return;
            }
            try {
                if (leases.replace(rules().released(lease, run, clock.instant()), eTag).isEmpty()) {
                    LOG.warn("Scheduled audit: the audit lease ({}) was taken over before this audit gave it back",
                            leases.where());
                }
            } catch (RuntimeException e) {
                LOG.warn("Scheduled audit: could not give the audit lease back: {}; it lapses by itself at {}",
                        e.getMessage(), lease.expiresAt());
            }
        }
    }

    private void count(String outcome) {
        Counter counter = runs.get(outcome);
        if (counter != null) {
            counter.increment();
        }
    }

    private Map<Drift.Kind, AtomicLong> gauges(String pair) {
        return drifted.computeIfAbsent(pair, name -> {
            MeterRegistry registry = camelContext.getRegistry().findSingleByType(MeterRegistry.class);
            Map<Drift.Kind, AtomicLong> values = new EnumMap<>(Drift.Kind.class);
            for (Drift.Kind kind : Drift.Kind.values()) {
                AtomicLong value = new AtomicLong();
                values.put(kind, value);
                if (registry != null) {
                    Gauge.builder("replicator.drift.objects", value, AtomicLong::get)
                            .description("Objects found drifted (or retained, kind=retained) by the last scheduled"
                                    + " audit")
                            .tag("kind", label(kind))
                            .tag("pair", name)
                            .register(registry);
                }
            }
            return values;
        });
    }

    /** Starts the audit route once everything else runs, and only when a schedule is set; its counters at 0. */
    @Override
    public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) throws Exception {
        if (isScheduled() && context.getRoute("drift-audit") != null) {
            MeterRegistry registry = context.getRegistry().findSingleByType(MeterRegistry.class);
            if (registry != null) {
                for (String outcome : OUTCOMES) {
                    runs.computeIfAbsent(outcome, o -> Counter.builder("replicator.audit.runs")
                            .description("Firings of the audit schedule on this replica, by what came of them")
                            .tag("outcome", o)
                            .register(registry));
                }
            }
            context.getRouteController().startRoute("drift-audit");
        }
    }

    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
        // started later, when fully started
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
        try {
            camelContext.addStartupListener(this);
        } catch (Exception e) {
            throw new IllegalStateException("cannot schedule the drift audit", e);
        }
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }
}
