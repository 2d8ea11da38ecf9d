package io.github.s3drreplicator.aws;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.apache.camel.Service;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.DeleteMessageRequest;
import software.amazon.awssdk.services.sqs.model.DeleteMessageResponse;

/**
 * The queue consumer's SQS client: every call goes to the service's client as it is, except DeleteMessage. Camel's
 * aws2-sqs consumer deletes each message alone once its exchange completed (its records applied or dead-lettered),
 * and offers no batching; here those deletes are gathered into DeleteMessageBatch requests of up to ten, sent when
 * ten wait or {@link #LINGER} after the first. The rule holds: a message is handed here only after its records were
 * applied. A delete that fails, or is lost with the process before it was sent, only lets the message come back
 * after its visibility timeout and be applied again, which changes nothing (Camel too only logs a failed delete).
 */
public final class BatchedMessageDeletes implements Service {

    private static final Logger LOG = LoggerFactory.getLogger(BatchedMessageDeletes.class);

    /**
     * Long enough to gather a whole batch at a few dozen messages a second (in the benchmark, at about 30 a second,
     * 50 ms gathered four a batch and 200 ms five), short against any visibility timeout (2 s at the least).
     */
    static final Duration LINGER = Duration.ofMillis(500);
    static final int BATCH = 10;

    private final SqsClient sqs;
    private final SqsClient client;
    private final Duration linger;
    private final ScheduledThreadPoolExecutor sender = new ScheduledThreadPoolExecutor(1, r -> {
        Thread thread = new Thread(r, "sqs-batched-deletes");
        thread.setDaemon(true);
        return thread;
    });
    // receipt handles waiting, by queue URL
    private final Map<String, List<String>> waiting = new HashMap<>();

    public BatchedMessageDeletes(SqsClient sqs) {
        this(sqs, LINGER);
    }

    BatchedMessageDeletes(SqsClient sqs, Duration linger) {
        this.sqs = sqs;
        this.linger = linger;
        // a JDK proxy rather than a hand-written delegate: SqsClient has dozens of methods, all but one pass through
        this.client = (SqsClient) Proxy.newProxyInstance(SqsClient.class.getClassLoader(),
                new Class<?>[] {SqsClient.class}, new DeletesGathered());
    }

    /** The client to give the consumer ({@code amazonSQSClient}). */
    public SqsClient client() {
        return client;
    }

    private final class DeletesGathered implements InvocationHandler {
        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            if (method.getName().equals("deleteMessage") && args != null && args.length == 1) {
                DeleteMessageRequest request = args[0] instanceof DeleteMessageRequest built ? built
                        : DeleteMessageRequest.builder().applyMutation(asBuilderMutation(args[0])).build();
                add(request.queueUrl(), request.receiptHandle());
                return DeleteMessageResponse.builder().build();
            }
            if (method.getDeclaringClass() == Object.class) {
                return switch (method.getName()) {
                    case "equals" -> proxy == args[0];
                    case "hashCode" -> System.identityHashCode(proxy);
                    default -> "BatchedMessageDeletes(" + sqs + ")";
                };
            }
            try {
                return method.invoke(sqs, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Consumer<DeleteMessageRequest.Builder> asBuilderMutation(Object argument) {
        return (Consumer<DeleteMessageRequest.Builder>) argument;
    }

    private void add(String queueUrl, String receiptHandle) {
        List<String> full = null;
        List<String> started = null;
        synchronized (waiting) {
            List<String> handles = waiting.computeIfAbsent(queueUrl, url -> new ArrayList<>(BATCH));
            if (handles.isEmpty()) {
                started = handles;
            }
            handles.add(receiptHandle);
            if (handles.size() >= BATCH) {
                full = handles;
                // a new list, so that the linger of the batch just sent cannot cut the next one short
                waiting.put(queueUrl, new ArrayList<>(BATCH));
            }
        }
        try {
            if (full != null) {
                List<String> batch = full;
                sender.execute(() -> send(queueUrl, batch));
            } else if (started != null) {
                List<String> batch = started;
                sender.schedule(() -> flush(queueUrl, batch), linger.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (RejectedExecutionException stopped) {
            // a last exchange completing after the stop: its delete is sent at once
            flush(queueUrl, null);
        }
    }

    /** Sends what waits for the queue: the batch given, if still waiting, or whatever waits when {@code null}. */
    private void flush(String queueUrl, List<String> lingering) {
        List<String> batch;
        synchronized (waiting) {
            List<String> handles = waiting.get(queueUrl);
            if (handles == null || handles.isEmpty() || (lingering != null && handles != lingering)) {
                return;
            }
            batch = handles;
            waiting.put(queueUrl, new ArrayList<>(BATCH));
        }
        send(queueUrl, batch);
    }

    private void send(String queueUrl, List<String> receiptHandles) {
        List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>(receiptHandles.size());
        for (int i = 0; i < receiptHandles.size(); i++) {
            entries.add(DeleteMessageBatchRequestEntry.builder().id(String.valueOf(i))
                    .receiptHandle(receiptHandles.get(i)).build());
        }
        try {
            DeleteMessageBatchResponse answer = sqs.deleteMessageBatch(r -> r.queueUrl(queueUrl).entries(entries));
            answer.failed().forEach(failed -> LOG.warn("A message was not deleted ({} {}); it comes back after its"
                    + " visibility timeout and is applied again", failed.code(), failed.message()));
        } catch (SdkException e) {
            LOG.warn("{} messages were not deleted ({}); they come back after their visibility timeout and are applied"
                    + " again", entries.size(), e.toString());
        }
    }

    @Override
    public void start() {
        // nothing to start: the sender thread starts with the first delete
    }

    /** Sends what waits, after the routes stopped (Camel stops services after routes). */
    @Override
    public void stop() {
        List<String> queues;
        synchronized (waiting) {
            queues = List.copyOf(waiting.keySet());
        }
        queues.forEach(queue -> sender.execute(() -> flush(queue, null)));
        // the lingering flushes are not waited for: the flushes just queued send what they would have
        sender.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        sender.shutdown();
        try {
            if (!sender.awaitTermination(10, TimeUnit.SECONDS)) {
                sender.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            sender.shutdownNow();
        }
    }
}
