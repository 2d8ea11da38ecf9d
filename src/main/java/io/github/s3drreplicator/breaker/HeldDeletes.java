package io.github.s3drreplicator.breaker;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.ServiceStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The held-deletes queue ({@code replicator.held-deletes-queue}): the {@code hold-delete} route parks the deletes the
 * breaker holds there, and the {@code release-held-deletes} route, started only when an operator resumes, applies
 * them. Discarding drains it, logging every message dropped.
 */
public class HeldDeletes implements CamelContextAware {

    public static final String RELEASE_ROUTE = "release-held-deletes";
    private static final Logger LOG = LoggerFactory.getLogger(HeldDeletes.class);

    private final SqsClient sqs;
    private final String queue;
    private final String queueOwner;
    private CamelContext camelContext;

    /** @param queueOwner the AWS account that owns the queue, or empty */
    public HeldDeletes(SqsClient sqs, String queue, String queueOwner) {
        this.sqs = sqs;
        this.queue = queue;
        this.queueOwner = queueOwner == null || queueOwner.isBlank() ? null : queueOwner.trim();
    }

    /** Applies the held deletes, in the background (a route start must not wait on the thread asking for it). */
    void startReleasing() {
        if (camelContext == null) {
            return;
        }
        CompletableFuture.runAsync(() -> {
            try {
                if (camelContext.getRoute(RELEASE_ROUTE) != null) {
                    camelContext.getRouteController().startRoute(RELEASE_ROUTE);
                }
            } catch (Exception e) {
                LOG.error("Cannot start applying the held deletes: {}", e.getMessage(), e);
            }
        });
    }

    /** Stops applying held deletes, in the background: the breaker opened again. */
    void stopReleasing() {
        if (camelContext != null) {
            CompletableFuture.runAsync(this::stopRoute);
        }
    }

    private void stopRoute() {
        try {
            if (camelContext.getRoute(RELEASE_ROUTE) != null
                    && camelContext.getRouteController().getRouteStatus(RELEASE_ROUTE) != ServiceStatus.Stopped) {
                camelContext.getRouteController().stopRoute(RELEASE_ROUTE);
            }
        } catch (Exception e) {
            LOG.error("Cannot stop applying the held deletes: {}", e.getMessage(), e);
        }
    }

    /** About how many messages wait on the queue, or -1 when SQS cannot be asked. */
    long approximateCount() {
        try {
            return Long.parseLong(sqs.getQueueAttributes(r -> r.queueUrl(queueUrl())
                            .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).attributes()
                    .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /** Drops every held delete, each logged; returns how many messages were dropped. */
    long discard() {
        stopRoute();
        String url = queueUrl();
        long dropped = 0;
        while (true) {
            List<Message> messages = sqs.receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1))
                    .messages();
            if (messages.isEmpty()) {
                return dropped;
            }
            for (Message message : messages) {
                LOG.warn("Discarded held delete: {}", message.body());
                sqs.deleteMessage(r -> r.queueUrl(url).receiptHandle(message.receiptHandle()));
                dropped++;
            }
        }
    }

    private String queueUrl() {
        return sqs.getQueueUrl(r -> r.queueName(queue).queueOwnerAWSAccountId(queueOwner)).queueUrl();
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
