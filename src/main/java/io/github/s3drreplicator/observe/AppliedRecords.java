package io.github.s3drreplicator.observe;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

import io.github.s3drreplicator.event.ObjectEvent;
import io.github.s3drreplicator.replicate.KeyReplication;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end of a record: one log line with its key, event, outcome and lag; its outcome counted for its pair; and, when
 * it changed DR, the lag (event time to applied) into the {@code replicator_replication_lag_seconds} histogram.
 */
public class AppliedRecords {

    private static final Logger LOG = LoggerFactory.getLogger("io.github.s3drreplicator.applied");

    private final ReplicatorMetrics metrics;

    public AppliedRecords(ReplicatorMetrics metrics) {
        this.metrics = metrics;
    }

    public void record(@ExchangeProperty(KeyReplication.PROPERTY) KeyReplication r) {
        ObjectEvent event = r.event();
        String outcome = r.getOutcome();
        Duration sinceEvent = lagOf(event);
        boolean skipped = outcome != null && outcome.startsWith("skipped:");
        if (skipped) {
            metrics.skipped(outcome.substring("skipped:".length()));
        } else if (outcome != null && r.pair() != null) {
            metrics.applied(outcome, r.pair().name(), r.bytesCopied());
            if ("copied".equals(outcome) && r.overwrote()) {
                metrics.overwritten(r.pair().name());
            }
            if (event.isLifecycleExpiration() && !"copied".equals(outcome) && !"tags-synced".equals(outcome)) {
                metrics.expired(r.pair().name());
            }
            // a repair's time since it was queued is a backfill's backlog, not replication lag: kept out of the
            // histogram its alert watches
            if (sinceEvent != null && !event.isRepair()) {
                metrics.lag(r.pair().name(), sinceEvent);
            }
        }
        if (event.isRepair() && outcome != null && r.pair() != null) {
            metrics.repaired(r.pair().name(), skipped ? "skipped" : outcome);
        }
        LOG.info("key='{}' pair={} event={} outcome={} lag={}", event.key(),
                r.pair() == null ? "none" : r.pair().name(), event.eventName(), outcome,
                sinceEvent == null ? "unknown" : String.format("%.3fs", sinceEvent.toMillis() / 1000.0));
    }

    /** A record dead-lettered: where it was a repair from the queue, its pair counts it as failed. */
    public void deadLettered(@ExchangeProperty(KeyReplication.PROPERTY) KeyReplication r) {
        if (r != null && r.pair() != null && r.event().isRepair()) {
            metrics.repaired(r.pair().name(), "failed");
        }
    }

    private static Duration lagOf(ObjectEvent event) {
        if (event.eventTime() == null) {
            return null;
        }
        try {
            return Duration.between(Instant.parse(event.eventTime()), Instant.now());
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
