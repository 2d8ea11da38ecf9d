package io.github.s3drreplicator.audit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import io.github.s3drreplicator.event.RepairRecord;
import io.github.s3drreplicator.failure.OperatorMessage;
import io.github.s3drreplicator.pair.BucketPair;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * The repairs of {@code audit --repair --via-queue}: every drifted key goes to the replication queue as a
 * {@link RepairRecord}, ten to a SendMessageBatch, so that every replica of the service shares the backfill. Sent
 * from a few threads of their own while the audit goes on comparing; the audit waits only while that many batches
 * are on their way. A record SQS refuses in a batch is sent again, up to {@value #ATTEMPTS} times; one still refused
 * (or in a batch that failed after the SDK's own retries) is a repair that failed, said on standard error as the
 * audit's other failures are.
 */
public final class QueuedRepairs implements AutoCloseable {

    static final int BATCH = 10;
    private static final int ATTEMPTS = 3;
    private static final Logger LOG = LoggerFactory.getLogger(QueuedRepairs.class);
    private static final AtomicInteger POOLS = new AtomicInteger();

    /** What one batch send does: SendMessageBatch, or a stand-in in tests. */
    interface Sender {
        SendMessageBatchResponse send(List<SendMessageBatchRequestEntry> entries);
    }

    /** One record waiting to be sent, and whom to tell how it went. */
    private record Pending(String key, String body, Consumer<DriftReport.Repair> done) {
    }

    private final Sender sender;
    private final String queue;
    private final ExecutorService threads;
    private final Semaphore room;
    private final int bound;
    private List<Pending> gathered = new ArrayList<>(BATCH);

    QueuedRepairs(Sender sender, String queue, int senders) {
        this.sender = sender;
        this.queue = queue;
        int pool = POOLS.incrementAndGet();
        AtomicInteger count = new AtomicInteger();
        this.threads = Executors.newFixedThreadPool(senders, r -> {
            Thread thread = new Thread(r, "audit-queue-" + pool + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.bound = senders * 2;
        this.room = new Semaphore(bound);
    }

    /**
     * To the queue named, its URL asked with sqs:GetQueueUrl (of that account, where one is given).
     *
     * @param senders batches sent at once
     */
    public static QueuedRepairs to(SqsClient sqs, String queueName, String accountId, int senders) {
        String url = sqs.getQueueUrl(r -> r.queueName(queueName).queueOwnerAWSAccountId(accountId)).queueUrl();
        return new QueuedRepairs(entries -> sqs.sendMessageBatch(r -> r.queueUrl(url).entries(entries)), queueName,
                senders);
    }

    /** The queue's name, for the report. */
    public String queue() {
        return queue;
    }

    /**
     * Sends the repair of a drifted key of the pair (gathered into a batch first); {@code done} is told how it went,
     * {@link DriftReport.Repair#QUEUED} or {@link DriftReport.Repair#FAILED}, from another thread. Any thread may
     * call it.
     */
    public void send(BucketPair pair, Drift drift, Consumer<DriftReport.Repair> done) {
        Pending pending = new Pending(drift.key(), body(pair, drift, Instant.now()), done);
        List<Pending> full = null;
        synchronized (this) {
            gathered.add(pending);
            if (gathered.size() == BATCH) {
                full = gathered;
                gathered = new ArrayList<>(BATCH);
            }
        }
        if (full != null) {
            submit(full);
        }
    }

    /** The record of a drifted key: its action, and the listing's size and ETag where DR lacks the key. */
    static String body(BucketPair pair, Drift drift, Instant now) {
        RepairRecord.Action action = switch (drift.kind()) {
            case EXTRA -> RepairRecord.Action.REMOVE;
            case TAGS -> RepairRecord.Action.TAGS;
            case MISSING, CHANGED, METADATA -> RepairRecord.Action.COPY;
            case RETAINED -> throw new IllegalArgumentException("a copy kept by the delete mode is no drift");
        };
        boolean announced = drift.kind() == Drift.Kind.MISSING && drift.source() != null
                && drift.source().eTag() != null;
        return RepairRecord.message(action, pair.name(), drift.kind().name().toLowerCase(), pair.sourceBucket(),
                drift.key(), announced ? drift.source().size() : null, announced ? drift.source().eTag() : null,
                now);
    }

    /** Sends what is gathered, and waits until every record handed over was sent or failed. */
    public void flush() {
        List<Pending> rest;
        synchronized (this) {
            rest = gathered;
            gathered = new ArrayList<>(BATCH);
        }
        if (!rest.isEmpty()) {
            submit(rest);
        }
        try {
            room.acquire(bound);
            room.release(bound);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending repairs", e);
        }
    }

    private void submit(List<Pending> batch) {
        try {
            room.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending repairs", e);
        }
        threads.execute(() -> {
            try {
                sendWithRetries(batch);
            } finally {
                room.release();
            }
        });
    }

    private void sendWithRetries(List<Pending> batch) {
        Map<String, Pending> left = new HashMap<>();
        for (int i = 0; i < batch.size(); i++) {
            left.put(String.valueOf(i), batch.get(i));
        }
        Map<String, String> why = new HashMap<>();
        for (int attempt = 1; attempt <= ATTEMPTS && !left.isEmpty(); attempt++) {
            if (attempt > 1 && !pause(attempt)) {
                break;
            }
            List<SendMessageBatchRequestEntry> entries = left.entrySet().stream()
                    .map(e -> SendMessageBatchRequestEntry.builder().id(e.getKey()).messageBody(e.getValue().body())
                            .build()).toList();
            SendMessageBatchResponse answer;
            try {
                answer = sender.send(entries);
            } catch (RuntimeException e) {
                // the SDK retried it already, or it failed in this process: every record of the batch failed
                left.keySet().forEach(id -> why.put(id, OperatorMessage.of(e).oneLine()));
                break;
            }
            answer.successful().forEach(ok -> {
                Pending sent = left.remove(ok.id());
                if (sent != null) {
                    sent.done().accept(DriftReport.Repair.QUEUED);
                }
            });
            for (BatchResultErrorEntry refused : answer.failed()) {
                why.put(refused.id(), refused.code() + ": " + refused.message());
                if (Boolean.TRUE.equals(refused.senderFault())) {
                    // the record itself is refused (too large, say): sending it again changes nothing
                    Pending failed = left.remove(refused.id());
                    if (failed != null) {
                        fail(failed, why.get(refused.id()));
                    }
                }
            }
        }
        left.forEach((id, pending) -> fail(pending, why.getOrDefault(id, "not sent")));
    }

    /** A short pause before records SQS refused for now (throttled, an internal error) are sent again. */
    private static boolean pause(int attempt) {
        try {
            TimeUnit.MILLISECONDS.sleep(200L * attempt);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void fail(Pending pending, String reason) {
        // one line an operator can act on, as for a repair that failed in the audit's own process
        LOG.warn("Could not queue the repair of '{}' on {}: {}", pending.key(), queue, reason);
        pending.done().accept(DriftReport.Repair.FAILED);
    }

    @Override
    public void close() {
        threads.shutdownNow();
        try {
            threads.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
