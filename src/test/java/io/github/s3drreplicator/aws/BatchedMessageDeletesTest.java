package io.github.s3drreplicator.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.GetQueueUrlRequest;
import software.amazon.awssdk.services.sqs.model.GetQueueUrlResponse;

class BatchedMessageDeletesTest {

    private static final String QUEUE = "https://sqs.example/123/events";

    /** An SQS client that answers GetQueueUrl and records every DeleteMessageBatch. */
    private static final class RecordingSqs implements SqsClient {
        final List<List<String>> batches = new CopyOnWriteArrayList<>();

        @Override
        public DeleteMessageBatchResponse deleteMessageBatch(DeleteMessageBatchRequest request) {
            batches.add(request.entries().stream().map(DeleteMessageBatchRequestEntry::receiptHandle).toList());
            return DeleteMessageBatchResponse.builder().build();
        }

        @Override
        public GetQueueUrlResponse getQueueUrl(GetQueueUrlRequest request) {
            return GetQueueUrlResponse.builder().queueUrl(QUEUE).build();
        }

        @Override
        public String serviceName() {
            return "sqs";
        }

        @Override
        public void close() {
        }
    }

    private static void delete(SqsClient client, int from, int to) {
        for (int i = from; i < to; i++) {
            String handle = "receipt-" + i;
            client.deleteMessage(r -> r.queueUrl(QUEUE).receiptHandle(handle));
        }
    }

    @Test
    void tenDeletesGoOutAsOneBatchAtOnce() {
        RecordingSqs sqs = new RecordingSqs();
        // a linger no test waits for: a full batch must not wait for it
        BatchedMessageDeletes deletes = new BatchedMessageDeletes(sqs, Duration.ofHours(1));

        delete(deletes.client(), 0, 13);

        await().atMost(Duration.ofSeconds(5)).until(() -> !sqs.batches.isEmpty());
        assertThat(sqs.batches).containsExactly(List.of("receipt-0", "receipt-1", "receipt-2", "receipt-3",
                "receipt-4", "receipt-5", "receipt-6", "receipt-7", "receipt-8", "receipt-9"));
        deletes.stop();
        assertThat(sqs.batches.get(1)).containsExactly("receipt-10", "receipt-11", "receipt-12");
    }

    @Test
    void fewerThanTenGoOutOnceTheLingerIsOver() {
        RecordingSqs sqs = new RecordingSqs();
        BatchedMessageDeletes deletes = new BatchedMessageDeletes(sqs, Duration.ofMillis(20));

        delete(deletes.client(), 0, 1);

        // however busy the machine, the one delete waits for no other
        await().atMost(Duration.ofSeconds(5)).until(() -> !sqs.batches.isEmpty());
        assertThat(sqs.batches).containsExactly(List.of("receipt-0"));
        deletes.stop();
    }

    @Test
    void stoppingSendsWhatWaits() {
        RecordingSqs sqs = new RecordingSqs();
        BatchedMessageDeletes deletes = new BatchedMessageDeletes(sqs, Duration.ofHours(1));

        delete(deletes.client(), 0, 3);
        deletes.stop();

        assertThat(sqs.batches).containsExactly(List.of("receipt-0", "receipt-1", "receipt-2"));
    }

    @Test
    void otherCallsGoToTheServiceClientAsTheyAre() {
        BatchedMessageDeletes deletes = new BatchedMessageDeletes(new RecordingSqs(), Duration.ofMillis(20));

        assertThat(deletes.client().getQueueUrl(r -> r.queueName("events")).queueUrl()).isEqualTo(QUEUE);
        deletes.stop();
    }
}
