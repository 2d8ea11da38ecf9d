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
 * Rides out a regional outage on the queue consumer's route, as a Camel route policy: when a message fails because a
 * bucket's region does not answer (after the SDK's and Camel's retries), the consumer is suspended, so that no message
 * is received, and received again, towards the dead-letter queue while nothing can be applied; the messages in flight
 * go back to the queue soon (their visibility cut to the probe interval). Every probe interval the buckets are asked
 * ({@link BucketAvailability}); when all answer, the consumer resumes and DR converges with no operator action.
 * Throttling is no outage: it is retried, more slowly, and never pauses.
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
        if (probing != null) {
            return;
        }
        try {
            suspendOrStopConsumer(route.getConsumer());
        } catch (Exception e) {
            handleException(e);
        }
        availability.probe();
        probing = probes.scheduleWithFixedDelay(() -> resumeWhenUp(route), probeSeconds, probeSeconds,
                TimeUnit.SECONDS);
    }

    private synchronized void resumeWhenUp(Route route) {
        try {
            if (availability.probe()) {
                resumeOrStartConsumer(route.getConsumer());
                probing.cancel(false);
                probing = null;
            }
        } catch (Exception e) {
            handleException(e);
        }
    }

    /** Whether the consumer is paused for an outage. */
    public synchronized boolean paused() {
        return probing != null;
    }

    @Override
    protected void doStop() throws Exception {
        probes.shutdownNow();
        super.doStop();
    }
}
