package io.github.s3drreplicator.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.s3drreplicator.pair.BucketPair;
import io.github.s3drreplicator.pair.DeleteMode;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResultEntry;

/** The audit's repairs on their way to the queue: ten to a batch, refusals sent again, every outcome told. */
class QueuedRepairsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final BucketPair PAIR = new BucketPair("default", "prod-bucket", "us-east-1", "", "",
            "dr-bucket", "us-east-2", null, null, DeleteMode.MIRROR, 30);

    /** Records every batch; answers each entry as {@code answer} says. */
    private static final class Queue implements QueuedRepairs.Sender {
        final List<List<SendMessageBatchRequestEntry>> batches = Collections.synchronizedList(new ArrayList<>());
        final java.util.function.Function<SendMessageBatchRequestEntry, BatchResultErrorEntry> answer;

        Queue(java.util.function.Function<SendMessageBatchRequestEntry, BatchResultErrorEntry> answer) {
            this.answer = answer;
        }

        @Override
        public SendMessageBatchResponse send(List<SendMessageBatchRequestEntry> entries) {
            batches.add(entries);
            List<SendMessageBatchResultEntry> ok = new ArrayList<>();
            List<BatchResultErrorEntry> failed = new ArrayList<>();
            for (SendMessageBatchRequestEntry entry : entries) {
                BatchResultErrorEntry refused = answer.apply(entry);
                if (refused == null) {
                    ok.add(SendMessageBatchResultEntry.builder().id(entry.id()).messageId("m" + entry.id()).build());
                } else {
                    failed.add(refused.toBuilder().id(entry.id()).build());
                }
            }
            return SendMessageBatchResponse.builder().successful(ok).failed(failed).build();
        }
    }

    private static Drift missing(int i) {
        return new Drift(Drift.Kind.MISSING, "key-" + i, new ListedObject("key-" + i, 10, "e" + i, null), null);
    }

    @Test
    void repairsGoTenToABatchAndEachIsToldItWasQueued() {
        Queue queue = new Queue(entry -> null);
        Map<String, DriftReport.Repair> told = new ConcurrentHashMap<>();
        try (QueuedRepairs repairs = new QueuedRepairs(queue, "prod-bucket-events", 3)) {
            for (int i = 0; i < 25; i++) {
                Drift drift = missing(i);
                repairs.send(PAIR, drift, outcome -> told.put(drift.key(), outcome));
            }
            repairs.flush();
        }

        assertThat(queue.batches).hasSize(3).allMatch(batch -> batch.size() <= QueuedRepairs.BATCH);
        assertThat(queue.batches.stream().mapToInt(List::size).sum()).isEqualTo(25);
        assertThat(told).hasSize(25).allSatisfy((key, outcome) -> assertThat(outcome)
                .isEqualTo(DriftReport.Repair.QUEUED));
        List<String> keys = new ArrayList<>();
        queue.batches.forEach(batch -> batch.forEach(entry -> keys.add(record(entry).at("/s3/object/key")
                .asText())));
        assertThat(keys).hasSize(25).doesNotHaveDuplicates();
    }

    @Test
    void aRecordSqsRefusesForNowIsSentAgainAndOneRefusedForGoodFails() {
        AtomicInteger throttled = new AtomicInteger();
        Queue queue = new Queue(entry -> {
            String key = record(entry).at("/s3/object/key").asText();
            if (key.equals("key-1") && throttled.getAndIncrement() == 0) {
                return BatchResultErrorEntry.builder().code("InternalError").message("try again").senderFault(false)
                        .build();
            }
            return key.equals("key-2") ? BatchResultErrorEntry.builder().code("InvalidMessageContents")
                    .message("no").senderFault(true).build() : null;
        });
        Map<String, DriftReport.Repair> told = new ConcurrentHashMap<>();
        try (QueuedRepairs repairs = new QueuedRepairs(queue, "q", 1)) {
            for (int i = 0; i < 4; i++) {
                Drift drift = missing(i);
                repairs.send(PAIR, drift, outcome -> told.put(drift.key(), outcome));
            }
            repairs.flush();
        }

        assertThat(told).containsEntry("key-0", DriftReport.Repair.QUEUED)
                .containsEntry("key-1", DriftReport.Repair.QUEUED)
                .containsEntry("key-2", DriftReport.Repair.FAILED)
                .containsEntry("key-3", DriftReport.Repair.QUEUED);
        // the second batch holds only the record refused for now
        assertThat(queue.batches).hasSize(2);
        assertThat(queue.batches.get(1)).hasSize(1);
    }

    @Test
    void aBatchTheQueueDoesNotTakeFailsEachOfItsRepairs() {
        Map<String, DriftReport.Repair> told = new ConcurrentHashMap<>();
        try (QueuedRepairs repairs = new QueuedRepairs(entries -> {
            throw SdkClientException.create("Unable to execute HTTP request: Connection refused");
        }, "q", 2)) {
            for (int i = 0; i < 12; i++) {
                Drift drift = missing(i);
                repairs.send(PAIR, drift, outcome -> told.put(drift.key(), outcome));
            }
            repairs.flush();
        }

        assertThat(told).hasSize(12).allSatisfy((key, outcome) -> assertThat(outcome)
                .isEqualTo(DriftReport.Repair.FAILED));
    }

    @Test
    void eachKindOfDriftBecomesItsRepairAndOnlyAMissingKeyIsAnnounced() {
        Instant now = Instant.parse("2026-12-07T10:00:00Z");
        ListedObject listed = new ListedObject("k", 10, "abc", null);
        JsonNode missing = body(new Drift(Drift.Kind.MISSING, "k", listed, null), now);
        JsonNode changed = body(new Drift(Drift.Kind.CHANGED, "k", listed, listed), now);
        JsonNode metadata = body(new Drift(Drift.Kind.METADATA, "k", listed, listed, List.of("metadata")), now);
        JsonNode tags = body(new Drift(Drift.Kind.TAGS, "k", listed, listed), now);
        JsonNode extra = body(new Drift(Drift.Kind.EXTRA, "k", null, listed), now);

        assertThat(missing.path("eventName").asText()).isEqualTo("ObjectCreated:Audit");
        assertThat(missing.at("/s3/object/size").asLong()).isEqualTo(10);
        assertThat(missing.at("/s3/object/eTag").asText()).isEqualTo("abc");
        assertThat(changed.path("eventName").asText()).isEqualTo("ObjectCreated:Audit");
        assertThat(changed.at("/s3/object").has("eTag")).isFalse();
        assertThat(metadata.path("eventName").asText()).isEqualTo("ObjectCreated:Audit");
        assertThat(tags.path("eventName").asText()).isEqualTo("ObjectTagging:Audit");
        assertThat(extra.path("eventName").asText()).isEqualTo("ObjectRemoved:Audit");
        assertThat(extra.at("/replicator/drift").asText()).isEqualTo("extra");
        assertThat(extra.at("/replicator/pair").asText()).isEqualTo("default");
    }

    private static JsonNode body(Drift drift, Instant now) {
        try {
            return JSON.readTree(QueuedRepairs.body(PAIR, drift, now)).path("Records").get(0);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode record(SendMessageBatchRequestEntry entry) {
        try {
            return JSON.readTree(entry.messageBody()).path("Records").get(0);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
