package io.github.s3drreplicator.audit;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

import io.github.s3drreplicator.event.ObjectEvent;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

/**
 * Finds drift and, when asked, repairs it: each drifted key goes through the same {@code reconcile-key} route as an
 * event would (multipart copies, metadata, tags, the convergence rules), several keys at once.
 */
public class DriftAudit implements CamelContextAware {

    private CamelContext camelContext;
    private final DriftFinder finder;
    private final String sourceBucket;
    private final int parallelism;

    public DriftAudit(DriftFinder finder, String sourceBucket, int parallelism) {
        this.finder = finder;
        this.sourceBucket = sourceBucket;
        this.parallelism = parallelism;
    }

    /**
     * @param repair   bring DR to production's state for every drifted key
     * @param delete   when repairing, also delete what is only in DR
     * @param progress told the number of keys repaired so far, now and then
     */
    public DriftReport run(String prefix, boolean repair, boolean delete, LongConsumer progress) {
        DriftReport report = new DriftReport();
        if (!repair) {
            report.compared(finder.find(prefix, report::add));
            return report;
        }
        ThreadPoolExecutor repairs = new ThreadPoolExecutor(parallelism, parallelism, 0, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(parallelism * 4), new ThreadPoolExecutor.CallerRunsPolicy());
        try (ProducerTemplate template = camelContext.createProducerTemplate()) {
            report.compared(finder.find(prefix, drift -> {
                report.add(drift);
                if (delete || drift.kind() != Drift.Kind.EXTRA) {
                    repairs.execute(() -> {
                        report.repaired(reconcile(template, drift));
                        progress.accept(report.repaired() + report.repairFailures());
                    });
                }
            }));
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
        return report;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    private boolean reconcile(ProducerTemplate template, Drift drift) {
        String eventName = drift.kind() == Drift.Kind.EXTRA ? "ObjectRemoved:Audit" : "ObjectCreated:Audit";
        ObjectEvent event = new ObjectEvent(eventName, sourceBucket, drift.key(),
                drift.source() == null ? null : drift.source().size(), null, null, null, null);
        Exchange result = template.send("direct:reconcile-key", exchange -> {
            exchange.setProperty("replicatorEvent", event);
            // failures are the audit's to report, not the dead-letter queue's
            exchange.setProperty("replicatorAudit", true);
        });
        return result.getException() == null && result.getProperty(Exchange.EXCEPTION_CAUGHT) == null;
    }
}
