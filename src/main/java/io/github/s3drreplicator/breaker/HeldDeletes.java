package io.github.s3drreplicator.breaker;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The held-deletes queue ({@code replicator.held-deletes-queue}): the {@code hold-delete} route parks each delete the
 * breaker holds there, as the record it came in, with its pair and storm as message attributes. An operator's decision
 * then goes through it storm by storm: {@link #drain} hands one storm's messages over (or, for
 * {@link BreakerState#EVERY_STORM}, all of a pair's) and leaves every other message where it was.
 */
public class HeldDeletes {

    public static final String STORM = "replicator-storm";
    public static final String PAIR = "replicator-pair";

    private final SqsClient sqs;
    private final String queue;
    private final String queueOwner;

    /** @param queueOwner the AWS account that owns the queue, or {@code null} */
    public HeldDeletes(SqsClient sqs, String queue, String queueOwner) {
        this.sqs = sqs;
        this.queue = queue;
        this.queueOwner = queueOwner == null || queueOwner.isBlank() ? null : queueOwner.trim();
    }

    /** What one held delete is: its record, its pair, its storm. */
    public record Held(String record, String pair, String storm) {
    }

    /**
     * Hands every message of the pair's storm ({@link BreakerState#ofStorm}) to {@code handle}, deleting those it
     * accepts; messages of other storms or pairs, and those it refuses, stay on the queue. Stops when a look at the
     * queue brings nothing new.
     *
     * @param handle true when the message is done with (applied, or dropped), false to leave it on the queue
     * @return how many messages were done with
     */
    public long drain(String pair, String storm, Predicate<Held> handle) {
        String url = queueUrl();
        Set<String> seen = new HashSet<>();
        List<String> leftHidden = new ArrayList<>();
        long done = 0;
        try {
            while (true) {
                List<Message> messages = sqs.receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(10)
                        .waitTimeSeconds(1).messageAttributeNames("All")).messages();
                boolean anythingNew = false;
                for (Message message : messages) {
                    if (!seen.add(message.messageId())) {
                        leftHidden.add(message.receiptHandle());
                        continue;
                    }
                    anythingNew = true;
                    Held held = new Held(message.body(), attribute(message, PAIR), attribute(message, STORM));
                    if (pair.equals(held.pair()) && BreakerState.ofStorm(held.storm(), storm) && handle.test(held)) {
                        sqs.deleteMessage(r -> r.queueUrl(url).receiptHandle(message.receiptHandle()));
                        done++;
                    } else {
                        leftHidden.add(message.receiptHandle());
                    }
                }
                if (!anythingNew) {
                    return done;
                }
            }
        } finally {
            // what stays is visible again at once, for the next decision
            for (String receipt : leftHidden) {
                try {
                    sqs.changeMessageVisibility(r -> r.queueUrl(url).receiptHandle(receipt).visibilityTimeout(0));
                } catch (RuntimeException e) {
                    // gone already, or expired: it is visible again anyway
                }
            }
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

    private static String attribute(Message message, String name) {
        Map<String, MessageAttributeValue> attributes = message.messageAttributes();
        MessageAttributeValue value = attributes == null ? null : attributes.get(name);
        return value == null ? null : value.stringValue();
    }

    private String queueUrl() {
        return sqs.getQueueUrl(r -> r.queueName(queue).queueOwnerAWSAccountId(queueOwner)).queueUrl();
    }
}
