package io.github.s3drreplicator.audit;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ObjLongConsumer;

import io.github.s3drreplicator.pair.BucketPair;
import io.github.s3drreplicator.pair.BucketPairs;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.StartupListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The drift audit inside the service, run by the {@code drift-audit} route when {@code replicator.audit.schedule}
 * is set: it compares everything (content, metadata, tags), exports what it found as
 * {@code replicator_drift_objects{kind}}, every kind at 0 where none was found, and, with
 * {@code replicator.audit.repair}, repairs it. What it counted of DR goes to the delete breaker, for a threshold in
 * percent of DR's objects.
 */
public class ScheduledAudit implements CamelContextAware, StartupListener {

    private static final Logger LOG = LoggerFactory.getLogger(ScheduledAudit.class);

    private final DriftAudit audit;
    private final BucketPairs pairs;
    private final String schedule;
    private final boolean repair;
    private final ObjLongConsumer<String> drCounts;
    private final Map<String, Map<Drift.Kind, AtomicLong>> drifted = new ConcurrentHashMap<>();
    private CamelContext camelContext;

    /**
     * @param schedule how often, as a Camel duration (6h, 30m); empty or {@code off} for never
     * @param drCounts told each pair's object count in DR after its audit
     */
    public ScheduledAudit(DriftAudit audit, BucketPairs pairs, String schedule, boolean repair,
                          ObjLongConsumer<String> drCounts) {
        this.audit = audit;
        this.pairs = pairs;
        this.schedule = schedule == null ? "" : schedule.trim();
        this.repair = repair;
        this.drCounts = drCounts;
    }

    public boolean isScheduled() {
        return !schedule.isEmpty() && !schedule.equalsIgnoreCase("off");
    }

    public void run() {
        for (BucketPair pair : pairs.all()) {
            DriftReport report = audit.run(pair, "", null, repair, true, new AuditProgress());
            Map<Drift.Kind, AtomicLong> gauges = gauges(pair);
            for (Drift.Kind kind : Drift.Kind.values()) {
                // what is still drift: after a repair, what it could not repair, or left to the delete breaker
                gauges.get(kind).set(repair && kind.isDrift() ? report.remaining(kind) : report.count(kind));
            }
            LOG.info("Scheduled audit of pair {}: {} missing, {} changed, {} with other metadata, {} with other tags,"
                            + " {} extra in DR, {} retained{}", pair.name(),
                    report.count(Drift.Kind.MISSING), report.count(Drift.Kind.CHANGED),
                    report.count(Drift.Kind.METADATA), report.count(Drift.Kind.TAGS),
                    report.count(Drift.Kind.EXTRA), report.count(Drift.Kind.RETAINED),
                    repair ? String.format("; repaired %d, failed %d, held by the delete breaker %d", report.repaired(),
                            report.repairFailures(), report.held()) : "");
            drCounts.accept(pair.name(), report.targetObjects());
        }
    }

    private Map<Drift.Kind, AtomicLong> gauges(BucketPair pair) {
        return drifted.computeIfAbsent(pair.name(), name -> {
            MeterRegistry registry = camelContext.getRegistry().findSingleByType(MeterRegistry.class);
            Map<Drift.Kind, AtomicLong> values = new EnumMap<>(Drift.Kind.class);
            for (Drift.Kind kind : Drift.Kind.values()) {
                AtomicLong value = new AtomicLong();
                values.put(kind, value);
                Gauge.builder("replicator.drift.objects", value, AtomicLong::get)
                        .description("Objects found drifted (or retained, kind=retained) by the last scheduled audit")
                        .tag("kind", kind.name().toLowerCase())
                        .tag("pair", name)
                        .register(registry);
            }
            return values;
        });
    }

    /** Starts the audit route once everything else runs, and only when a schedule is set. */
    @Override
    public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) throws Exception {
        if (isScheduled() && context.getRoute("drift-audit") != null) {
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
