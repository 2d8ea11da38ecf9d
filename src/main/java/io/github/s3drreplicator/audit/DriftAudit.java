package io.github.s3drreplicator.audit;

import java.util.Iterator;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

import io.github.s3drreplicator.event.ObjectEvent;
import io.github.s3drreplicator.failure.OperatorMessage;
import io.github.s3drreplicator.pair.BucketPair;
import io.github.s3drreplicator.replicate.KeyReplication;
import io.github.s3drreplicator.replicate.Replications;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds drift and, when asked, repairs it: each drifted key goes through the same {@code reconcile-key} route as an
 * event would (multipart copies, metadata, tags, the delete mode, the convergence rules), several keys at once. A
 * restore is the same walk with the pair reversed, DR to production.
 */
public class DriftAudit implements CamelContextAware {

    private static final Logger LOG = LoggerFactory.getLogger(DriftAudit.class);

    private CamelContext camelContext;
    private final DriftFinder finder;
    private final Replications replications;
    private final int parallelism;

    public DriftAudit(DriftFinder finder, Replications replications, int parallelism) {
        this.finder = finder;
        this.replications = replications;
        this.parallelism = parallelism;
    }

    /**
     * @param sourceListing the source side, or {@code null} to list the source bucket
     * @param repair        bring DR to production's state for every drifted key
     * @param delete        when repairing, also remove (or mark, as the delete mode says) what is only in DR
     * @param progress      counts what was compared, found and repaired as the audit goes, for a display
     */
    public DriftReport run(BucketPair pair, String prefix, Iterator<ListedObject> sourceListing, boolean repair,
                           boolean delete, AuditProgress progress) {
        return run(pair, prefix, sourceListing, repair, delete, progress, drift -> { });
    }

    /** As above, and every drift found is also handed to {@code found} (to write the keys out), from any thread. */
    public DriftReport run(BucketPair pair, String prefix, Iterator<ListedObject> sourceListing, boolean repair,
                           boolean delete, AuditProgress progress, Consumer<Drift> found) {
        return run(pair, prefix, sourceListing, Comparison.EVERYTHING, repair, delete, progress, found);
    }

    /** As above, comparing content only or everything ({@code audit --content-only}). */
    public DriftReport run(BucketPair pair, String prefix, Iterator<ListedObject> sourceListing,
                           Comparison comparison, boolean repair, boolean delete, AuditProgress progress,
                           Consumer<Drift> found) {
        DriftReport report = new DriftReport(comparison);
        walk(pair, prefix, sourceListing, report, repair, drift -> {
            found.accept(drift);
            if (drift.kind().isDrift()) {
                progress.found();
            }
            return drift.kind().isDrift() && (delete || drift.kind() != Drift.Kind.EXTRA);
        }, null, progress);
        return report;
    }

    /**
     * Copies DR back into production where production lacks a key or holds an older version of it (newer versions
     * in production are kept; nothing in production is deleted). Copies kept after a deletion are restored too.
     *
     * @param dryRun only report what would be copied
     */
    public DriftReport restore(BucketPair pair, String prefix, boolean dryRun, AuditProgress progress) {
        // content only: a restore brings back objects, never metadata or tags alone
        DriftReport report = new DriftReport(Comparison.CONTENT);
        walk(pair.reversed(), prefix, null, report, !dryRun, drift -> {
            if (drift.kind() == Drift.Kind.CHANGED && newerInProduction(drift)) {
                report.keep();
                return false;
            }
            boolean toRestore = drift.kind() == Drift.Kind.MISSING || drift.kind() == Drift.Kind.CHANGED;
            if (toRestore) {
                progress.found();
            }
            return toRestore;
        }, java.time.Instant.now(), progress);
        return report;
    }

    /** In a restore the pair is reversed: the drift's "DR" side is production. */
    private static boolean newerInProduction(Drift drift) {
        return drift.dr().lastModified() != null && drift.source().lastModified() != null
                && drift.dr().lastModified().isAfter(drift.source().lastModified());
    }

    private void walk(BucketPair pair, String prefix, Iterator<ListedObject> sourceListing, DriftReport report,
                      boolean repair, Predicate<Drift> toRepair, java.time.Instant restoreStarted,
                      AuditProgress progress) {
        if (!repair) {
            report.compared(find(pair, prefix, sourceListing, report.comparison(), drift -> {
                report.add(drift);
                toRepair.test(drift);
            }, progress));
            progress.listed();
            return;
        }
        ThreadPoolExecutor repairs = new ThreadPoolExecutor(parallelism, parallelism, 0, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(parallelism * 4), new ThreadPoolExecutor.CallerRunsPolicy());
        try (ProducerTemplate template = camelContext.createProducerTemplate()) {
            Consumer<Drift> onDrift = drift -> {
                report.add(drift);
                if (toRepair.test(drift)) {
                    progress.queued();
                    repairs.execute(() -> {
                        DriftReport.Repair outcome = reconcile(template, pair, drift, restoreStarted);
                        report.repaired(drift.kind(), outcome);
                        progress.finished(outcome);
                    });
                }
            };
            report.compared(find(pair, prefix, sourceListing, report.comparison(), onDrift, progress));
            progress.listed();
            repairs.shutdown();
            if (!repairs.awaitTermination(7, TimeUnit.DAYS)) {
                throw new IllegalStateException("repairs did not finish");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while repairing", e);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } finally {
            repairs.shutdownNow();
        }
    }

    /** The source side listed, or read from {@code sourceListing} where one is given. */
    private long find(BucketPair pair, String prefix, Iterator<ListedObject> sourceListing, Comparison comparison,
                      Consumer<Drift> drifts, AuditProgress progress) {
        return sourceListing == null ? finder.find(pair, prefix, comparison, drifts, progress::compared)
                : finder.find(pair, prefix, sourceListing, comparison, drifts, progress::compared);
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    /** @param restoreStarted when the restore began, or {@code null} for an audit's repair */
    private DriftReport.Repair reconcile(ProducerTemplate template, BucketPair pair, Drift drift,
                                         java.time.Instant restoreStarted) {
        boolean restore = restoreStarted != null;
        // tag drift as a tag change, so that the planner reads both sides' tags whatever their counts say
        String eventName = switch (drift.kind()) {
            case EXTRA -> "ObjectRemoved:Audit";
            case TAGS -> "ObjectTagging:Audit";
            default -> "ObjectCreated:Audit";
        };
        ObjectEvent event = new ObjectEvent(eventName, pair.sourceBucket(), drift.key(),
                drift.source() == null ? null : drift.source().size(), null, null, null, null);
        KeyReplication replication = restore ? replications.restore(pair, event, restoreStarted)
                : replications.repair(pair, event);
        // failures are the audit's to report, not the dead-letter queue's (KeyReplication.audit())
        Exchange result = template.send("direct:reconcile-key",
                exchange -> exchange.setProperty(KeyReplication.PROPERTY, replication));
        // a write refused because the key changed is caught and decided again: only an unfinished one failed
        Throwable failure = result.getException() != null ? result.getException()
                : result.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (result.getException() != null || !replication.isDone()) {
            // one line an operator can act on, whatever the command's logging (no stack trace, no class names)
            LOG.warn("Could not {} '{}': {}", restore ? "restore" : "repair", drift.key(),
                    failure == null ? "the reconciliation did not end" : OperatorMessage.of(failure).oneLine());
            return DriftReport.Repair.FAILED;
        }
        if ("skipped:production-newer".equals(replication.getOutcome())) {
            return DriftReport.Repair.KEPT;
        }
        return "held".equals(replication.getOutcome()) ? DriftReport.Repair.HELD : DriftReport.Repair.REPAIRED;
    }
}
