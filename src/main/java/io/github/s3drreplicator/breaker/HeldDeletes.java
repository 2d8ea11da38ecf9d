package io.github.s3drreplicator.breaker;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;

import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The held-deletes queue ({@code replicator.held-deletes-queue}): the {@code hold-delete} route parks each write the
 * breaker holds there, as the record it came in, with its pair, storm and kind as message attributes. It is the one
 * place a held write lives, so everything about held storms is read from it: {@link #scan} lists them (for
 * {@code breaker status}) and {@link #drain} hands an operator's decision the messages of the storms decided on.
 *
 * <p>Reading a message hides it from everyone else for the queue's visibility timeout (the CloudFormation template
 * sets it for a release: config/held-queue-attributes.json). A drain deletes what it is done with, and sets what it
 * leaves visible again when it ends; should it die, what it had taken comes back after the visibility timeout, for
 * the next run. A drain therefore copes with messages that come back while it runs (it handled them already: deleted
 * again; it left them: left), and, before it ends, waits for messages another run had taken to come back, for at most
 * the visibility timeout.
 */
public class HeldDeletes {

    public static final String STORM = "replicator-storm";
    public static final String PAIR = "replicator-pair";
    public static final String KIND = "replicator-kind";

    private static final Duration MARGIN = Duration.ofSeconds(5);

    private final SqsClient sqs;
    private final String queue;
    private final String queueOwner;
    private final Clock clock;

    /** @param queueOwner the AWS account that owns the queue, or {@code null} */
    public HeldDeletes(SqsClient sqs, String queue, String queueOwner, Clock clock) {
        this.sqs = sqs;
        this.queue = queue;
        this.queueOwner = queueOwner == null || queueOwner.isBlank() ? null : queueOwner.trim();
        this.clock = clock;
    }

    /** One held write: its record, its pair, its storm, its kind, and when it was parked. */
    public record Held(String record, String pair, String storm, String kind, Instant parkedAt) {
    }

    /** What the queue holds of one storm of one pair. */
    public record QueuedStorm(String pair, String storm, String kind, long count, Instant oldest) {
    }

    /**
     * Every storm on the queue with its count and oldest write, as read message by message.
     *
     * @param hidden messages the scan could not read: taken by a release running now, or by one that stopped and whose
     *               messages come back after the visibility timeout
     */
    public record Scan(List<QueuedStorm> storms, long hidden) {
    }

    /**
     * What a drain did.
     *
     * @param done   messages done with (handled, and deleted)
     * @param hidden messages it could not read before it ended (another run's, still hidden): not decided on yet
     */
    public record Drained(long done, long hidden) {
    }

    /**
     * Reads every message of the queue (hiding it for as long as the scan runs, then showing it again at once) and
     * counts them per pair, storm and kind.
     */
    public Scan scan() {
        String url = queueUrl();
        Map<List<String>, QueuedStorm> storms = new LinkedHashMap<>();
        Map<String, String> taken = new HashMap<>();
        try {
            while (true) {
                boolean anythingNew = false;
                for (Message message : receive(url)) {
                    if (taken.put(message.messageId(), message.receiptHandle()) != null) {
                        continue;
                    }
                    anythingNew = true;
                    Held held = held(message);
                    storms.merge(List.of(String.valueOf(held.pair()), held.storm(), held.kind()),
                            new QueuedStorm(held.pair(), held.storm(), held.kind(), 1, held.parkedAt()),
                            (a, b) -> new QueuedStorm(a.pair(), a.storm(), a.kind(), a.count() + 1,
                                    a.oldest().isBefore(b.oldest()) ? a.oldest() : b.oldest()));
                }
                if (!anythingNew) {
                    return new Scan(List.copyOf(storms.values()), Math.max(0, notVisible(url) - taken.size()));
                }
            }
        } finally {
            showAgain(url, taken.values());
        }
    }

    /**
     * Hands every message of the pair's storms that {@code decided} selects ({@link BreakerState#ofStorm}: one storm,
     * or all of the pair's for {@code null} or {@link BreakerState#EVERY_STORM}) to {@code handle}, deleting those it
     * is done with; messages of other storms or pairs, and those it refuses, stay on the queue. It ends when the queue
     * has nothing more to read, not before {@code notBefore}, and once messages another run had taken came back (or
     * the visibility timeout passed without).
     *
     * @param handle  true when the message is done with (applied, or dropped), false to leave it on the queue
     * @param waiting told, once, when the drain waits for another run's messages to come back
     */
    public Drained drain(String pair, String decided, Predicate<Held> handle, Instant notBefore,
                         Consumer<String> waiting) {
        String url = queueUrl();
        Duration visibility = visibilityTimeout(url);
        Set<String> done = new HashSet<>();
        Map<String, String> left = new HashMap<>();
        Instant lastNew = clock.instant();
        boolean toldWaiting = false;
        try {
            while (true) {
                boolean anythingNew = false;
                for (Message message : receive(url)) {
                    String id = message.messageId();
                    if (done.contains(id)) {
                        // handled already, and back after the visibility timeout (a slow release): gone for good now
                        deleteQuietly(url, message.receiptHandle());
                        continue;
                    }
                    if (left.containsKey(id)) {
                        left.put(id, message.receiptHandle());
                        continue;
                    }
                    anythingNew = true;
                    Held held = held(message);
                    if (pair.equals(held.pair()) && BreakerState.ofStorm(held.storm(), decided) && handle.test(held)) {
                        sqs.deleteMessage(r -> r.queueUrl(url).receiptHandle(message.receiptHandle()));
                        done.add(id);
                    } else {
                        left.put(id, message.receiptHandle());
                    }
                }
                Instant now = clock.instant();
                if (anythingNew) {
                    lastNew = now;
                    continue;
                }
                if (now.isBefore(notBefore)) {
                    continue;
                }
                long othersHidden = Math.max(0, notVisible(url) - left.size());
                if (othersHidden == 0) {
                    return new Drained(done.size(), 0);
                }
                if (now.isAfter(lastNew.plus(visibility).plus(MARGIN))) {
                    return new Drained(done.size(), othersHidden);
                }
                if (!toldWaiting) {
                    toldWaiting = true;
                    waiting.accept(String.format("%d held writes are hidden on %s, taken by another run (one that"
                            + " stopped midway, or one running now): waiting up to %d s for them to come back",
                            othersHidden, queue, visibility.plus(MARGIN).toSeconds()));
                }
            }
        } finally {
            // what stays is visible again at once, for the next decision
            showAgain(url, left.values());
        }
    }

    /**
     * About how many messages are on the queue, those received and hidden for now (a release in progress) included,
     * or -1 when SQS cannot be asked.
     */
    public long approximateCount() {
        try {
            Map<QueueAttributeName, String> counts = sqs.getQueueAttributes(r -> r.queueUrl(queueUrl())
                    .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
            return Long.parseLong(counts.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                    + Long.parseLong(counts.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
        } catch (RuntimeException e) {
            return -1;
        }
    }

    private List<Message> receive(String url) {
        return sqs.receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1)
                .messageAttributeNames("All")
                .messageSystemAttributeNames(MessageSystemAttributeName.SENT_TIMESTAMP)).messages();
    }

    private Held held(Message message) {
        String sent = message.attributes().get(MessageSystemAttributeName.SENT_TIMESTAMP);
        Instant parkedAt = sent == null ? clock.instant() : Instant.ofEpochMilli(Long.parseLong(sent));
        String kind = attribute(message, KIND);
        // parked before writes had kinds: a delete
        return new Held(message.body(), attribute(message, PAIR), attribute(message, STORM),
                kind == null ? BreakerState.DELETE : kind, parkedAt);
    }

    private long notVisible(String url) {
        return Long.parseLong(sqs.getQueueAttributes(r -> r.queueUrl(url)
                        .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes()
                .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    private Duration visibilityTimeout(String url) {
        String seconds = sqs.getQueueAttributes(r -> r.queueUrl(url)
                .attributeNames(QueueAttributeName.VISIBILITY_TIMEOUT)).attributes()
                .get(QueueAttributeName.VISIBILITY_TIMEOUT);
        return Duration.ofSeconds(seconds == null ? 30 : Long.parseLong(seconds));
    }

    private void showAgain(String url, Iterable<String> receipts) {
        for (String receipt : receipts) {
            try {
                sqs.changeMessageVisibility(r -> r.queueUrl(url).receiptHandle(receipt).visibilityTimeout(0));
            } catch (RuntimeException e) {
                // gone already, or its receipt expired: it is visible again anyway
            }
        }
    }

    private void deleteQuietly(String url, String receipt) {
        try {
            sqs.deleteMessage(r -> r.queueUrl(url).receiptHandle(receipt));
        } catch (RuntimeException e) {
            // it comes back once more, and is deleted then
        }
    }

    private static String attribute(Message message, String name) {
        Map<String, MessageAttributeValue> attributes = message.messageAttributes();
        MessageAttributeValue value = attributes == null ? null : attributes.get(name);
        return value == null ? null : value.stringValue();
    }

    private String queueUrl() {
        return sqs.getQueueUrl(r -> r.queueName(queue).queueOwnerAWSAccountId(queueOwner)).queueUrl();
    }
}
