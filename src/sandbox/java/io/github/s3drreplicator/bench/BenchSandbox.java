package io.github.s3drreplicator.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.s3drreplicator.sandbox.EventNotifications;
import io.github.s3drreplicator.sandbox.Sandbox;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * The sandbox in a process of its own ({@link SandboxProcess}), and the benchmark's clients of it. Two kinds of S3
 * client: the <em>measured</em> ones send requests as any client does (added latency, counted), for the loops that are
 * measured (the raw copy loop, the seed's design); the <em>harness</em> one marks its requests as the sandbox's own
 * (no added latency, not counted, notified all the same), for filling buckets and watching DR, so that the counts of
 * a measurement are the replicator's requests alone.
 */
final class BenchSandbox implements AutoCloseable {

    /** The header the sandbox's proxy reads as "one of the sandbox's own requests" (NotifyingS3Proxy). */
    public static final String HARNESS_HEADER = "x-sandbox-internal";

    static final String SOURCE = "prod-bucket";
    static final String TARGET = "dr-bucket";
    static final String SOURCE_REGION = "us-east-1";
    static final String TARGET_REGION = "us-east-2";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ChildJvm jvm;
    private final int s3Port;
    private final int sqsPort;
    private final long latencyMs;
    /** Measured: requests signed for the bucket's region, counted, with the added latency. */
    final S3Client source;
    final S3Client target;
    /** The harness's: neither counted nor delayed. */
    final S3Client harnessSource;
    final S3Client harnessTarget;
    final SqsClient sqs;
    final String queueUrl;
    private final HttpClient http = HttpClient.newHttpClient();
    private final EventNotifications events = new EventNotifications(
            bucket -> TARGET.equals(bucket) ? TARGET_REGION : SOURCE_REGION);

    private BenchSandbox(ChildJvm jvm, int s3Port, int sqsPort, long latencyMs) {
        this.jvm = jvm;
        this.s3Port = s3Port;
        this.sqsPort = sqsPort;
        this.latencyMs = latencyMs;
        this.source = s3(SOURCE_REGION, false);
        this.target = s3(TARGET_REGION, false);
        this.harnessSource = s3(SOURCE_REGION, true);
        this.harnessTarget = s3(TARGET_REGION, true);
        this.sqs = SqsClient.builder().endpointOverride(URI.create(sqsEndpoint())).region(Region.of(SOURCE_REGION))
                .credentialsProvider(credentials()).build();
        this.queueUrl = sqs.getQueueUrl(r -> r.queueName("prod-bucket-events")).queueUrl();
    }

    /**
     * Starts the sandbox's process, S3 answering every request {@code latencyMs} later. Regions are not enforced:
     * rclone names one region per remote and copies between the two buckets only within one remote (the replicator
     * signs each request for its bucket's region all the same, as the integration tests check).
     */
    static BenchSandbox start(String name, long latencyMs, Path logDir) throws IOException, InterruptedException {
        int s3Port = Sandbox.freePort();
        int sqsPort = Sandbox.freePort();
        Map<String, String> properties = new TreeMap<>();
        properties.put("sandbox.s3.port", String.valueOf(s3Port));
        properties.put("sandbox.sqs.port", String.valueOf(sqsPort));
        properties.put("sandbox.regions.enforce", "false");
        // the benchmark sends the notifications itself (EventNotifications): the sandbox's publisher sends one at a
        // time, from one thread, and would be what a throughput measures
        properties.put("sandbox.events", "false");
        properties.put("sandbox.faults.s3-latency-ms", String.valueOf(latencyMs));
        ChildJvm jvm = ChildJvm.start(name, true, List.of(), properties, SandboxProcess.class.getName(), List.of(),
                logDir);
        try {
            jvm.awaitLogLine(SandboxProcess.READY, Duration.ofMinutes(3));
            return new BenchSandbox(jvm, s3Port, sqsPort, latencyMs);
        } catch (IOException | InterruptedException | RuntimeException e) {
            jvm.close();
            throw e;
        }
    }

    String s3Endpoint() {
        return "http://127.0.0.1:" + s3Port;
    }

    String sqsEndpoint() {
        return "http://127.0.0.1:" + sqsPort;
    }

    long latencyMs() {
        return latencyMs;
    }

    Duration cpu() {
        return jvm.cpu();
    }

    private S3Client s3(String region, boolean harness) {
        return S3Client.builder().endpointOverride(URI.create(s3Endpoint())).forcePathStyle(true)
                .region(Region.of(region)).credentialsProvider(credentials())
                .overrideConfiguration(o -> {
                    if (harness) {
                        o.putHeader(HARNESS_HEADER, "true");
                    }
                })
                .httpClientBuilder(ApacheHttpClient.builder().maxConnections(300)).build();
    }

    static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench"));
    }

    /** Puts {@code count} objects of {@code body} under {@code prefix} (not measured); returns their keys. */
    List<String> put(String bucket, String prefix, int count, byte[] body) throws InterruptedException {
        List<String> keys = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            keys.add(String.format("%sobject-%06d", prefix, i));
        }
        S3Client client = SOURCE.equals(bucket) ? harnessSource : harnessTarget;
        inParallel(keys, 32, key -> client.putObject(r -> r.bucket(bucket).key(key), RequestBody.fromBytes(body)));
        return keys;
    }

    /** Puts objects into the source bucket and sends their notifications to the queue, ten a request. */
    List<String> putAndNotify(String prefix, int count, byte[] body) throws InterruptedException {
        Map<String, String> eTags = new java.util.concurrent.ConcurrentHashMap<>();
        List<String> keys = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            keys.add(String.format("%sobject-%06d", prefix, i));
        }
        inParallel(keys, 32, key -> eTags.put(key, harnessSource.putObject(r -> r.bucket(SOURCE).key(key),
                RequestBody.fromBytes(body)).eTag()));
        notify(keys.stream().map(key -> events.created(SOURCE, key, body.length, eTags.get(key))).toList());
        return keys;
    }

    /**
     * Puts one object into the source bucket and sends its notification at once, as S3 does; returns when the put
     * was answered ({@link System#nanoTime}).
     */
    long putAndNotify(String key, RequestBody body, long size) {
        String eTag = harnessSource.putObject(r -> r.bucket(SOURCE).key(key), body).eTag();
        long put = System.nanoTime();
        sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(events.created(SOURCE, key, size, eTag)));
        return put;
    }

    /** Deletes the keys from the source bucket, and sends their notifications. */
    void deleteAndNotify(List<String> keys) throws InterruptedException {
        delete(SOURCE, keys);
        notify(keys.stream().map(key -> events.removed(SOURCE, key)).toList());
    }

    private void notify(List<String> bodies) throws InterruptedException {
        List<String> batches = new ArrayList<>();
        for (int from = 0; from < bodies.size(); from += 10) {
            batches.add(String.valueOf(from));
        }
        inParallel(batches, 8, first -> {
            int from = Integer.parseInt(first);
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
            for (int i = from; i < Math.min(bodies.size(), from + 10); i++) {
                entries.add(SendMessageBatchRequestEntry.builder().id(String.valueOf(i)).messageBody(bodies.get(i))
                        .build());
            }
            var answer = sqs.sendMessageBatch(r -> r.queueUrl(queueUrl).entries(entries));
            if (!answer.failed().isEmpty()) {
                throw new IllegalStateException("notifications not sent: " + answer.failed());
            }
        });
    }

    void delete(String bucket, List<String> keys) {
        S3Client client = SOURCE.equals(bucket) ? harnessSource : harnessTarget;
        for (int from = 0; from < keys.size(); from += 1000) {
            List<ObjectIdentifier> batch = keys.subList(from, Math.min(keys.size(), from + 1000)).stream()
                    .map(key -> ObjectIdentifier.builder().key(key).build()).toList();
            client.deleteObjects(r -> r.bucket(bucket).delete(d -> d.objects(batch).quiet(true)));
        }
    }

    /**
     * Deletes what earlier steps left under {@code bench/} in both buckets, so that every throughput measurement finds
     * the same, near-empty buckets and does not pay for the objects of those before (a listing still goes through
     * every key of a bucket, and S3Mock's own store read all of them for every request before the sandbox's
     * {@code CachingBucketStore}).
     */
    void clear() {
        for (String bucket : List.of(SOURCE, TARGET)) {
            S3Client client = SOURCE.equals(bucket) ? harnessSource : harnessTarget;
            delete(bucket, client.listObjectsV2Paginator(r -> r.bucket(bucket).prefix("bench/")).contents().stream()
                    .map(software.amazon.awssdk.services.s3.model.S3Object::key).toList());
        }
    }

    long count(String bucket, String prefix) {
        S3Client client = SOURCE.equals(bucket) ? harnessSource : harnessTarget;
        return client.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix)).contents().stream().count();
    }

    /** Messages waiting in the queue, and messages received and not yet deleted. */
    record QueueDepth(long visible, long inFlight) {
        boolean empty() {
            return visible == 0 && inFlight == 0;
        }
    }

    QueueDepth queueDepth() {
        Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        return new QueueDepth(Long.parseLong(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)),
                Long.parseLong(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)));
    }

    /** Waits until the queue holds at least {@code visible} messages and none is being worked on. */
    void awaitQueued(long visible, Duration atMost) throws InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        QueueDepth depth = queueDepth();
        while (depth.visible() < visible || depth.inFlight() > 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the queue holds " + depth + ", not " + visible
                        + " messages at rest, after " + atMost);
            }
            TimeUnit.MILLISECONDS.sleep(50);
            depth = queueDepth();
        }
    }

    /** Waits until every message was deleted; returns when that was seen. */
    long awaitDrained(Duration atMost) throws InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (!queueDepth().empty()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the queue still holds " + queueDepth() + " after " + atMost);
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
        return System.nanoTime();
    }

    void purgeQueue() throws InterruptedException {
        sqs.purgeQueue(r -> r.queueUrl(queueUrl));
        // notifications of the last writes may still be on their way
        TimeUnit.MILLISECONDS.sleep(300);
        sqs.purgeQueue(r -> r.queueUrl(queueUrl));
    }

    /** The requests clients sent since the last reset: service to operation to count. */
    Map<String, Map<String, Long>> requestCounts() {
        JsonNode answer;
        try {
            answer = JSON.readTree(control("GET"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Map<String, Long>> counts = new TreeMap<>();
        answer.fields().forEachRemaining(service -> {
            Map<String, Long> operations = new TreeMap<>();
            service.getValue().fields().forEachRemaining(op -> operations.put(op.getKey(), op.getValue().asLong()));
            counts.put(service.getKey(), operations);
        });
        return counts;
    }

    void resetRequestCounts() {
        control("DELETE");
    }

    private String control(String method) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(s3Endpoint()
                    + "/_sandbox/requests")).method(method, HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException("/_sandbox/requests answered " + response.statusCode());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Runs {@code work} for every key, {@code threads} at a time; fails on the first failure. */
    static void inParallel(List<String> keys, int threads, Consumer<String> work) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>(keys.size());
            keys.forEach(key -> done.add(pool.submit(() -> work.accept(key))));
            for (Future<?> each : done) {
                each.get();
            }
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("a request failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    @Override
    public void close() {
        source.close();
        target.close();
        harnessSource.close();
        harnessTarget.close();
        sqs.close();
        jvm.close();
    }
}
