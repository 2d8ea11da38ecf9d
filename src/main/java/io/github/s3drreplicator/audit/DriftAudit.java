package io.github.s3drreplicator.audit;

import java.util.Iterator;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

import io.github.s3drreplicator.event.ObjectEvent;
import io.github.s3drreplicator.failure.OperatorMessage;
import io.github.s3drreplicator.pair.BucketPair;
import io.github.s3drreplicator.replicate.KeyReconciler;
import io.github.s3drreplicator.replicate.KeyReplication;
import io.github.s3drreplicator.replicate.Replications;
import io.github.s3drreplicator.replicate.S3Requests;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds drift and, when asked, repairs it: each drifted key goes through the same {@code reconcile-key} route as an
 * event would (multipart copies, metadata, tags, the delete mode, the convergence rules), several keys at once. A key
 * missing in DR is announced by the listing as a creation event announces it, and its one conditioned CopyObject
 * (the fast path) is sent without the routes; whatever that leaves to do goes through them. Or each drifted key is
 * sent to the replication queue ({@link #queue}), for the service's replicas to repair. A restore is the same walk
 * with the pair reversed, DR to production.
 */
public class DriftAudit implements CamelContextAware {

    private static final Logger LOG = LoggerFactory.getLogger(DriftAudit.class);
    private static final AtomicInteger POOLS = new AtomicInteger();

    private CamelContext camelContext;
    private final DriftFinder finder;
    private final Replications replications;
    private final KeyReconciler reconciler;
    private final S3Requests requests = new S3Requests();
    private final int parallelism;
    private Supplier<ProducerTemplate> routes;

    /**
     * @param reconciler  takes the fast path of keys missing in DR outside the routes
     * @param parallelism keys repaired at once
     */
    public DriftAudit(DriftFinder finder, Replications replications, KeyReconciler reconciler, int parallelism) {
        this.finder = finder;
        this.replications = replications;
        this.reconciler = reconciler;
        this.parallelism = parallelism;
    }

    /**
     * How repairs reach {@code reconcile-key}: for a command, routes started only when a repair first needs them
     * (by default, those of the Camel context this bean lives in).
     */
    public DriftAudit routes(Supplier<ProducerTemplate> routes) {
        this.routes = routes;
        return this;
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
        walk(pair, prefix, sourceListing, report, repair, toRepair(delete, progress, found), null, progress);
        return report;
    }

    /**
     * Finds drift as {@link #run} does and sends the repair of every drifted key to the replication queue
     * ({@code audit --repair --via-queue}), where the service's replicas share them as they share events; returns
     * once every repair was sent (or failed to be), the report counting them as queued.
     */
    public DriftReport queue(BucketPair pair, String prefix, Iterator<ListedObject> sourceListing,
                             Comparison comparison, boolean delete, AuditProgress progress, Consumer<Drift> found,
                             QueuedRepairs queue) {
        DriftReport report = new DriftReport(comparison);
        Predicate<Drift> toRepair = toRepair(delete, progress, found);
        report.compared(find(pair, prefix, sourceListing, comparison, drift -> {
            report.add(drift);
            if (toRepair.test(drift)) {
                progress.queued();
                queue.send(pair, drift, outcome -> {
                    report.repaired(drift.kind(), outcome);
                    progress.finished(outcome);
                });
            }
        }, progress));
        progress.listed();
        queue.flush();
        return report;
    }

    /** Which drift an audit repairs: all of it, or all but what is only in DR; each told to {@code found}. */
    private static Predicate<Drift> toRepair(boolean delete, AuditProgress progress, Consumer<Drift> found) {
        return drift -> {
            found.accept(drift);
            if (drift.kind().isDrift()) {
                progress.found();
            }
            return drift.kind().isDrift() && (delete || drift.kind() != Drift.Kind.EXTRA);
        };
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
        int pool = POOLS.incrementAndGet();
        AtomicInteger count = new AtomicInteger();
        ThreadPoolExecutor repairs = new ThreadPoolExecutor(parallelism, parallelism, 0, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(parallelism * 4), r -> {
                    Thread thread = new Thread(r, "audit-repair-" + pool + "-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                }, new ThreadPoolExecutor.CallerRunsPolicy());
        try {
            Consumer<Drift> onDrift = drift -> {
                report.add(drift);
                if (toRepair.test(drift)) {
                    progress.queued();
                    repairs.execute(() -> {
                        DriftReport.Repair outcome = reconcile(pair, drift, restoreStarted);
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
        if (routes == null) {
            routes = new Lazy<>(camelContext::createProducerTemplate);
        }
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    /** @param restoreStarted when the restore began, or {@code null} for an audit's repair */
    private DriftReport.Repair reconcile(BucketPair pair, Drift drift, java.time.Instant restoreStarted) {
        boolean restore = restoreStarted != null;
        // tag drift as a tag change, so that the planner reads both sides' tags whatever their counts say
        String eventName = switch (drift.kind()) {
            case EXTRA -> "ObjectRemoved:Audit";
            case TAGS -> "ObjectTagging:Audit";
            default -> "ObjectCreated:Audit";
        };
        // a key missing in DR: the listing's ETag and size announce it, as a creation event does
        boolean announced = !restore && drift.kind() == Drift.Kind.MISSING;
        ObjectEvent event = new ObjectEvent(eventName, pair.sourceBucket(), drift.key(),
                drift.source() == null ? null : drift.source().size(),
                announced ? drift.source().eTag() : null, null, null, null);
        KeyReplication replication = restore ? replications.restore(pair, event, restoreStarted)
                : replications.repair(pair, event);
        if (announced && reconciler.copyAnnounced(replication, requests)) {
            return DriftReport.Repair.REPAIRED;
        }
        // failures are the audit's to report, not the dead-letter queue's (KeyReplication.reportsItself())
        Exchange result = routes.get().send("direct:reconcile-key",
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
