package io.github.s3drreplicator.it;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/** Reads the dead-letter queue; messages are deleted as they are read and kept here, for every test to look at. */
final class DeadLetterQueue {

    private final SqsClient sqs;
    private final List<Message> received = new CopyOnWriteArrayList<>();

    DeadLetterQueue(SqsClient sqs) {
        this.sqs = sqs;
    }

    synchronized List<Message> all() {
        String url = sqs.getQueueUrl(r -> r.queueName(AwsTestEnvironment.DEAD_LETTER_QUEUE)).queueUrl();
        List<Message> batch;
        do {
            batch = sqs.receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(10)
                    .messageAttributeNames("All").waitTimeSeconds(0)).messages();
            batch.forEach(m -> sqs.deleteMessage(r -> r.queueUrl(url).receiptHandle(m.receiptHandle())));
            received.addAll(batch);
        } while (!batch.isEmpty());
        return received;
    }

    List<Message> containing(String marker) {
        return all().stream().filter(m -> m.body().contains(marker)).toList();
    }

    Message awaitOne(String marker) {
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> containing(marker).stream().findFirst(), Optional::isPresent).orElseThrow();
    }

    static String attribute(Message message, String name) {
        MessageAttributeValue value = message.messageAttributes().get(name);
        return value == null ? null : value.stringValue();
    }
}
