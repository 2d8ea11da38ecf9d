package io.github.s3drreplicator.outage;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.github.s3drreplicator.failure.FailureClassifier;
import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.apache.camel.support.RoutePolicySupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Watches the buckets and rides out a regional outage, as the queue consumer's route policy. While the route runs,
 * every probe interval the buckets are asked what they answer ({@link BucketAvailability}), whether or not messages
 * fail, so that the gauges and health tell an outage, a 403 or a missing bucket of an idle service too. When a message
 * fails because a bucket's region does not answer (after the SDK's and Camel's retries), the consumer is suspended,
 * so that no message is received, and received again, towards the dead-letter queue while nothing can be applied; the
 * messages in flight go back to the queue soon (their visibility cut to the probe interval). When a probe finds every
 * bucket answering, the consumer resumes and DR converges with no operator action. Throttling is no outage: it is
 * retried, more slowly, and never pauses.
 */
public class OutagePolicy extends RoutePolicySupport {

    private static final Logger LOG = LoggerFactory.getLogger(OutagePolicy.class);

    private final BucketAvailability availability;
    private final FailureClassifier classifier;
    private final SqsClient sqs;
    private final QueueUrl queue;
    private final int probeSeconds;
    private final ScheduledExecutorService probes = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "outage-probe");
        thread.setDaemon(true);
        return thread;
    });
    private ScheduledFuture<?> probing;
    private boolean paused;

    /** The queue's URL, looked up when first needed. */
    public interface QueueUrl {
        String get();
    }

    public OutagePolicy(BucketAvailability availability, FailureClassifier classifier, SqsClient sqs, QueueUrl queue,
                        int probeSeconds) {
        this.availability = availability;
        this.classifier = classifier;
        this.sqs = sqs;
        this.queue = queue;
        this.probeSeconds = probeSeconds;
    }

    /** The probes run while the consumer's route runs, from its start: the service's, never a command's. */
    @Override
    public synchronized void onStart(Route route) {
        if (probing == null) {
            probing = probes.scheduleWithFixedDelay(() -> probe(route), 0, probeSeconds, TimeUnit.SECONDS);
        }
    }

    @Override
    public synchronized void onStop(Route route) {
        if (probing != null) {
            probing.cancel(false);
            probing = null;
        }
    }

    @Override
    public void onExchangeDone(Route route, Exchange exchange) {
        Throwable failure = exchange.getException();
        if (failure == null || !classifier.isOutage(failure)) {
            return;
        }
        returnSoon(exchange);
        pause(route);
    }

    /** The message goes back to the queue after the probe interval instead of its whole visibility timeout. */
    private void returnSoon(Exchange exchange) {
        String receipt = exchange.getMessage().getHeader("CamelAwsSqsReceiptHandle", String.class);
        if (receipt == null) {
            return;
        }
        try {
            sqs.changeMessageVisibility(r -> r.queueUrl(queue.get()).receiptHandle(receipt)
                    .visibilityTimeout(probeSeconds));
        } catch (RuntimeException e) {
            LOG.debug("Could not shorten a failed message's visibility: {}", e.toString());
        }
    }

    private synchronized void pause(Route route) {
        if (paused) {
            return;
        }
        try {
            suspendOrStopConsumer(route.getConsumer());
        } catch (Exception e) {
            handleException(e);
        }
        paused = true;
        LOG.warn("Queue consumer paused: a bucket's region does not answer. Messages wait in the queue; the service"
                + " asks the buckets every {} s and resumes by itself", probeSeconds);
        // what is down shows in the gauges and health at once, not a probe interval later
        probes.execute(() -> probe(route));
    }

    private void probe(Route route) {
        try {
            boolean answering = availability.probe();
            synchronized (this) {
                if (paused && answering) {
                    resumeOrStartConsumer(route.getConsumer());
                    paused = false;
                    LOG.info("Queue consumer resumed: every pair's buckets answer again");
                }
            }
        } catch (Exception e) {
            handleException(e);
        }
    }

    /** Whether the consumer is paused for an outage. */
    public synchronized boolean paused() {
        return paused;
    }

    @Override
    protected void doStop() throws Exception {
        probes.shutdownNow();
        super.doStop();
    }
}
