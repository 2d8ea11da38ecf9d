package io.github.s3drreplicator.sandbox;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Sends an event notification to the queue for every successful write or tag change in a notified bucket (the source
 * bucket), one message per object, in the order the writes completed. Size, ETag and a tag change's version are read
 * back from the store, as S3 reports them.
 */
final class S3EventPublisher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(S3EventPublisher.class);

    private final Set<String> notifiedBuckets;
    private final S3Client store;
    private final SqsClient sqs;
    private final String queueUrl;
    private final S3EventNotifications notifications;
    private final Faults faults;
    // one thread: notifications leave in the order the writes finished, unless faults shuffle them on purpose
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "sandbox-s3-events");
        thread.setDaemon(true);
        return thread;
    });

    S3EventPublisher(Collection<String> notifiedBuckets, S3Client store, SqsClient sqs, String queueUrl,
                     S3EventNotifications notifications, Faults faults) {
        this.notifiedBuckets = Set.copyOf(notifiedBuckets);
        this.store = store;
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.notifications = notifications;
        this.faults = faults;
    }

    void published(S3Write write, List<String> keys) {
        if (!notifiedBuckets.contains(write.bucket())) {
            return;
        }
        executor.execute(() -> keys.forEach(key -> publish(write, key)));
    }

    private void publish(S3Write write, String key) {
        try {
            String body;
            if (write.isTagging()) {
                HeadObjectResponse head = store.headObject(r -> r.bucket(write.bucket()).key(key)
                        .versionId(write.versionId()));
                body = notifications.tagging(write.eventName(), write.bucket(), key,
                        head.eTag() == null ? null : head.eTag().replace("\"", ""), versioned(head.versionId()));
            } else if (write.eventName().startsWith("ObjectCreated:")) {
                HeadObjectResponse head = store.headObject(r -> r.bucket(write.bucket()).key(key));
                body = notifications.notification(write.eventName(), write.bucket(), key, head.contentLength(),
                        head.eTag() == null ? null : head.eTag().replace("\"", ""));
            } else {
                body = notifications.notification(write.eventName(), write.bucket(), key, null, null);
            }
            send(body);
            if (faults.nextNotificationDuplicated()) {
                send(body);
            }
        } catch (NoSuchKeyException gone) {
            LOG.debug("No event for '{}': removed again before it could be described", key);
        } catch (RuntimeException e) {
            LOG.warn("Could not publish the {} event for '{}': {}", write.eventName(), key, e.toString());
        }
    }

    /** A version id the store gave, or {@code null} where the bucket is not versioned (which it says "null"). */
    private static String versioned(String versionId) {
        return versionId == null || versionId.isEmpty() || "null".equals(versionId) ? null : versionId;
    }

    private void send(String body) {
        long delay = faults.nextNotificationDelayMs();
        if (delay == 0) {
            sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(body));
        } else {
            executor.schedule(() -> {
                try {
                    sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(body));
                } catch (RuntimeException e) {
                    LOG.warn("Could not publish a held-back event: {}", e.toString());
                }
            }, delay, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void close() throws InterruptedException {
        executor.shutdown();
        executor.awaitTermination(10, TimeUnit.SECONDS);
    }
}
