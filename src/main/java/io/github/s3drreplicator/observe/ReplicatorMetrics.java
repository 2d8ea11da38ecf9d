package io.github.s3drreplicator.observe;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.s3drreplicator.pair.BucketPair;
import io.github.s3drreplicator.pair.BucketPairs;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Service;

/**
 * The replicator's counters and its lag histogram, registered when the service starts, at 0, with their labels and
 * for every pair: a dashboard shows 0 rather than "no data", and an {@code absent()} alert means the service is
 * gone, not idle. What each record came to is counted in one place ({@link AppliedRecords}).
 */
public class ReplicatorMetrics implements Service, CamelContextAware {

    /** Why records end without a write: the reasons the reconciler and the routes give. */
    public static final List<String> SKIP_REASONS = List.of("test-event", "unsupported-event-type",
            "no-pair-selects-key", "already-in-sync", "source-gone", "already-absent", "already-retained",
            "source-marked-deleted", "target-newer", "kept-by-discard");
    /**
     * How the repairs an audit queued ({@code audit --repair --via-queue}) ended, counted per pair by the replica that
     * applied them: what a write did, {@code skipped} where DR needed nothing by then, {@code failed} dead-lettered.
     */
    public static final List<String> REPAIR_OUTCOMES = List.of("copied", "deleted", "retained", "tags-synced", "held",
            "skipped", "failed");
    /** The failures the replicator names itself; AWS error codes join them as they occur. */
    public static final List<String> FAILURE_REASONS = List.of("invalid-event", "rejected-record", "malformed-json");

    private final BucketPairs pairs;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Timer> lags = new ConcurrentHashMap<>();
    private final CompositeMeterRegistry meters = new CompositeMeterRegistry();
    private CamelContext camelContext;

    public ReplicatorMetrics(BucketPairs pairs) {
        this.pairs = pairs;
    }

    @Override
    public void start() {
        registerAll();
        // counted from the start, and shown once the service's registry is there (none for the commands)
        meters.add(new SimpleMeterRegistry());
        MetricsRegistry.whenBound(camelContext, found -> {
            if (!meters.getRegistries().contains(found)) {
                meters.add(found);
            }
        });
    }

    private void registerAll() {
        for (BucketPair pair : pairs.all()) {
            for (String outcome : List.of("copied", "deleted", "retained", "tags-synced", "held")) {
                perPair(outcome, pair.name());
            }
            counter("replicator.bytes.copied", "Bytes DR copies were made of", "pair", pair.name());
            expired0(pair.name());
            overwritten0(pair.name());
            REPAIR_OUTCOMES.forEach(outcome -> repairs0(pair.name(), outcome));
            lag(pair.name());
        }
        SKIP_REASONS.forEach(this::skipped0);
        FAILURE_REASONS.forEach(this::failed0);
    }

    /** Where the meters are: a composite that forwards to the service's Prometheus registry once it is bound. */
    public MeterRegistry registry() {
        return meters;
    }

    /** A record's outcome, for its pair: copied, deleted, retained, tags-synced or held. */
    public void applied(String outcome, String pair, long bytes) {
        perPair(outcome, pair).increment();
        if (bytes > 0) {
            counter("replicator.bytes.copied", "Bytes DR copies were made of", "pair", pair).increment(bytes);
        }
    }

    /**
     * A removal by production's lifecycle rules applied in DR (deleted, retained or held as the delete mode and the
     * breaker say), counted apart from the deletes people and applications make; it counts as its outcome too.
     */
    public void expired(String pair) {
        expired0(pair).increment();
    }

    private Counter expired0(String pair) {
        return counter("replicator.lifecycle.expirations", "Objects production's lifecycle rules expired, applied in"
                + " DR by the delete mode", "pair", pair);
    }

    /**
     * A copy replaced an object DR held (it counts as copied too): what ransomware encrypting in place makes many
     * of, watched by an alert and, where it is on, held beyond a limit by the overwrite guard.
     */
    public void overwritten(String pair) {
        overwritten0(pair).increment();
    }

    private Counter overwritten0(String pair) {
        return counter("replicator.objects.overwritten", "DR copies replaced by a newer version of their object",
                "pair", pair);
    }

    /**
     * A repair record from the queue ended, for its pair: {@code copied}, {@code deleted}, {@code retained},
     * {@code tags-synced}, {@code held}, {@code skipped} or {@code failed}. It counts as its outcome too.
     */
    public void repaired(String pair, String outcome) {
        repairs0(pair, outcome).increment();
    }

    private Counter repairs0(String pair, String outcome) {
        return counters.computeIfAbsent("replicator.repairs|" + pair + "|" + outcome, ignored ->
                Counter.builder("replicator.repairs").description("Repairs an audit sent through the queue"
                        + " (audit --repair --via-queue), by how they ended").tag("pair", pair).tag("outcome", outcome)
                        .register(meters));
    }

    public void skipped(String reason) {
        skipped0(reason).increment();
    }

    public void failed(String reason) {
        failed0(reason).increment();
    }

    /** From an event's time to its record applied in DR. */
    public void lag(String pair, Duration sinceEvent) {
        lag(pair).record(sinceEvent.isNegative() ? Duration.ZERO : sinceEvent);
    }

    private Counter perPair(String outcome, String pair) {
        return switch (outcome) {
            case "copied" -> counter("replicator.objects.copied", "Objects copied to DR", "pair", pair);
            case "deleted" -> counter("replicator.objects.deleted", "Objects deleted from DR", "pair", pair);
            case "retained" -> counter("replicator.objects.retained",
                    "DR copies of deleted objects kept and marked (delete modes retain and delayed)", "pair", pair);
            case "tags-synced" -> counter("replicator.tags.synced", "DR copies given the source's tags", "pair", pair);
            case "held" -> counter("replicator.deletes.held", "Deletes (and, with the overwrite guard, copies"
                    + " replacing objects DR holds) the breaker held instead of applying", "pair", pair);
            default -> throw new IllegalArgumentException("no counter for the outcome " + outcome);
        };
    }

    private Counter skipped0(String reason) {
        return counter("replicator.events.skipped", "Records that needed no write, by reason", "reason", reason);
    }

    private Counter failed0(String reason) {
        return counter("replicator.events.failed", "Messages and records dead-lettered, by reason", "reason", reason);
    }

    private Counter counter(String name, String description, String tag, String value) {
        return counters.computeIfAbsent(name + "|" + tag + "=" + value,
                ignored -> Counter.builder(name).description(description).tag(tag, value).register(meters));
    }

    private Timer lag(String pair) {
        return lags.computeIfAbsent(pair, name -> Timer.builder("replicator.replication.lag")
                .description("From the event's time to the record applied in DR")
                .tag("pair", name)
                .publishPercentileHistogram()
                .maximumExpectedValue(Duration.ofHours(1))
                .register(meters));
    }

    @Override
    public void stop() {
        // the registry goes with the context
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
