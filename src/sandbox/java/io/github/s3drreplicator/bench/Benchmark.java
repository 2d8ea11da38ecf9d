package io.github.s3drreplicator.bench;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.s3drreplicator.Application;
import io.github.s3drreplicator.sandbox.Sandbox;
import io.github.s3drreplicator.sandbox.SandboxSettings;
import org.apache.camel.main.Main;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * {@code java -jar s3-dr-replicator.jar --bench [--quick] [--objects N] [--size BYTES] [--concurrency C]
 * [--large-mib M]}: measures, side by side on the embedded sandbox, a bare CopyObject loop (the limit), the
 * replicator end to end, the seed's one-message-at-a-time design, latency at half load, and the heap while a large
 * object replicates. Writes {@code target/bench/report.json} and prints a table. Not a test: nothing asserts times.
 */
public final class Benchmark {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final int objects;
    private final int size;
    private final int concurrency;
    private final long largeMib;
    private Sandbox sandbox;
    // one client per bucket region, as the replicator has: the sandbox refuses requests signed for another region
    private S3Client s3;
    private S3Client dr;
    private SqsClient sqs;
    private String queueUrl;

    private Benchmark(int objects, int size, int concurrency, long largeMib) {
        this.objects = objects;
        this.size = size;
        this.concurrency = concurrency;
        this.largeMib = largeMib;
    }

    public static int run(List<String> args) throws Exception {
        boolean quick = args.contains("--quick");
        int objects = intOption(args, "--objects", quick ? 200 : 2000);
        int size = intOption(args, "--size", 4096);
        int concurrency = intOption(args, "--concurrency", 4);
        long largeMib = intOption(args, "--large-mib", quick ? 64 : 1024);
        ObjectNode report = new Benchmark(objects, size, concurrency, largeMib).measure();
        Path out = Path.of("target", "bench");
        Files.createDirectories(out);
        Files.writeString(out.resolve("report.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(report));
        System.out.println(table(report));
        System.out.println("Written to " + out.resolve("report.json"));
        return 0;
    }

    private ObjectNode measure() throws Exception {
        int s3Port = Sandbox.freePort();
        int sqsPort = Sandbox.freePort();
        System.setProperty("aws.accessKeyId", "bench");
        System.setProperty("aws.secretAccessKey", "bench");
        // -Dsandbox.faults.* apply: s3-latency-ms stands in for the network between a replica and real S3
        sandbox = Sandbox.start(SandboxSettings.fromSystemProperties().withPorts(s3Port, sqsPort).withEvents(true));
        try {
            s3 = S3Client.builder().endpointOverride(URI.create(sandbox.settings().s3Endpoint())).forcePathStyle(true)
                    .region(Region.US_EAST_1).credentialsProvider(credentials())
                    .httpClientBuilder(ApacheHttpClient.builder().maxConnections(64)).build();
            dr = S3Client.builder().endpointOverride(URI.create(sandbox.settings().s3Endpoint())).forcePathStyle(true)
                    .region(Region.of(sandbox.settings().targetRegion())).credentialsProvider(credentials())
                    .httpClientBuilder(ApacheHttpClient.builder().maxConnections(64)).build();
            sqs = SqsClient.builder().endpointOverride(URI.create(sandbox.settings().sqsEndpoint()))
                    .region(Region.US_EAST_1).credentialsProvider(credentials()).build();
            queueUrl = sqs.getQueueUrl(r -> r.queueName(sandbox.settings().queue())).queueUrl();

            ObjectNode report = JSON.createObjectNode();
            report.put("raw_copy_per_s", round(rawCopyPerSecond()));
            report.put("sequential_per_s", round(sequentialPerSecond()));
            Main replicator = startReplicator(s3Port, sqsPort);
            try {
                double replicatorPerSecond = replicatorPerSecond();
                report.put("replicator_per_s", round(replicatorPerSecond));
                List<Long> latencies = latenciesAt(replicatorPerSecond / 2);
                report.put("latency_p50_ms", percentile(latencies, 50));
                report.put("latency_p99_ms", percentile(latencies, 99));
                report.put("heap_peak_mib_large_object", heapPeakWhileReplicating());
            } finally {
                replicator.stop();
            }
            ObjectNode setup = report.putObject("setup");
            setup.put("cores", Runtime.getRuntime().availableProcessors());
            setup.put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
            setup.put("max_heap_mib", Runtime.getRuntime().maxMemory() / (1024 * 1024));
            setup.put("objects", objects);
            setup.put("object_bytes", size);
            setup.put("concurrency", concurrency);
            setup.put("large_object_mib", largeMib);
            setup.put("where", "embedded sandbox (S3Mock + ElasticMQ) in the same JVM");
            return report;
        } finally {
            sandbox.close();
        }
    }

    /** The limit: a bare CopyObject loop from source to DR, at the replicator's concurrency. */
    private double rawCopyPerSecond() throws InterruptedException {
        List<String> keys = putObjects("bench/raw/", objects);
        purgeQueue();
        long start = System.nanoTime();
        inParallel(keys, key -> dr.copyObject(r -> r.sourceBucket(sandbox.settings().sourceBucket()).sourceKey(key)
                .destinationBucket(sandbox.settings().targetBucket()).destinationKey(key)));
        return keys.size() / seconds(start);
    }

    /** The seed's design: one message at a time, one CopyObject per event, no batching, no concurrency. */
    private double sequentialPerSecond() throws InterruptedException {
        purgeQueue();
        putObjects("bench/sequential/", objects);
        long start = System.nanoTime();
        int done = 0;
        while (done < objects) {
            List<Message> one = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(1)
                    .waitTimeSeconds(1)).messages();
            for (Message message : one) {
                JsonNode record = readTree(message.body()).path("Records").path(0);
                String key = URLDecoder.decode(record.at("/s3/object/key").asText(), StandardCharsets.UTF_8);
                dr.copyObject(r -> r.sourceBucket(sandbox.settings().sourceBucket()).sourceKey(key)
                        .destinationBucket(sandbox.settings().targetBucket()).destinationKey(key));
                sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
                done++;
            }
        }
        return objects / seconds(start);
    }

    /** End to end: objects put, notifications through SQS and the routes, until DR holds them all. */
    private double replicatorPerSecond() throws InterruptedException {
        String prefix = "bench/replicator/";
        long start = System.nanoTime();
        putObjects(prefix, objects);
        while (count(sandbox.settings().targetBucket(), prefix) < objects) {
            TimeUnit.MILLISECONDS.sleep(50);
        }
        return objects / seconds(start);
    }

    /** Event to visible in DR, with objects put at a steady rate. */
    private List<Long> latenciesAt(double perSecond) throws InterruptedException {
        String prefix = "bench/latency/";
        int count = Math.max(20, Math.min(objects / 2, (int) (perSecond * 20)));
        long interval = (long) (1_000_000_000L / Math.max(perSecond, 1));
        Map<String, Long> putAt = new ConcurrentHashMap<>();
        Map<String, Long> seenAt = new ConcurrentHashMap<>();
        Thread watcher = new Thread(() -> {
            while (seenAt.size() < count && !Thread.currentThread().isInterrupted()) {
                long now = System.nanoTime();
                for (S3Object object : dr.listObjectsV2Paginator(r -> r.bucket(sandbox.settings().targetBucket())
                        .prefix(prefix)).contents()) {
                    seenAt.putIfAbsent(object.key(), now);
                }
            }
        }, "bench-latency-watcher");
        watcher.start();
        byte[] body = new byte[size];
        long next = System.nanoTime();
        for (int i = 0; i < count; i++) {
            String key = prefix + i;
            s3.putObject(r -> r.bucket(sandbox.settings().sourceBucket()).key(key), RequestBody.fromBytes(body));
            putAt.put(key, System.nanoTime());
            next += interval;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
        }
        watcher.join(TimeUnit.MINUTES.toMillis(5));
        watcher.interrupt();
        List<Long> latencies = new ArrayList<>();
        putAt.forEach((key, put) -> {
            Long seen = seenAt.get(key);
            if (seen != null) {
                latencies.add(Math.max(0, TimeUnit.NANOSECONDS.toMillis(seen - put)));
            }
        });
        Collections.sort(latencies);
        return latencies;
    }

    /** The JVM's heap peak (sandbox included) while a large object replicates. */
    private long heapPeakWhileReplicating() throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        AtomicLong peak = new AtomicLong(memory.getHeapMemoryUsage().getUsed());
        String key = "bench/large/object.bin";
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    TimeUnit.MILLISECONDS.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "bench-heap-sampler");
        sampler.start();
        long bytes = largeMib * 1024 * 1024;
        s3.putObject(r -> r.bucket(sandbox.settings().sourceBucket()).key(key),
                RequestBody.fromContentProvider(() -> new Zeros(bytes), bytes, "application/octet-stream"));
        while (count(sandbox.settings().targetBucket(), key) < 1) {
            TimeUnit.MILLISECONDS.sleep(100);
        }
        sampler.interrupt();
        sampler.join();
        return peak.get() / (1024 * 1024);
    }

    private Main startReplicator(int s3Port, int sqsPort) {
        purgeQueue();
        Main main = Application.newMain();
        main.addOverrideProperty("replicator.s3.endpoint", "http://127.0.0.1:" + s3Port);
        main.addOverrideProperty("replicator.s3.path-style", "true");
        main.addOverrideProperty("replicator.sqs.endpoint", "http://127.0.0.1:" + sqsPort);
        main.addOverrideProperty("replicator.sqs.concurrent-consumers", String.valueOf(concurrency));
        main.addOverrideProperty("camel.management.port", String.valueOf(Sandbox.freePort()));
        main.start();
        return main;
    }

    private List<String> putObjects(String prefix, int count) throws InterruptedException {
        byte[] body = new byte[size];
        new Random(1).nextBytes(body);
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            keys.add(prefix + "object-" + i);
        }
        inParallel(keys, key -> s3.putObject(r -> r.bucket(sandbox.settings().sourceBucket()).key(key),
                RequestBody.fromBytes(body)));
        return keys;
    }

    private void inParallel(List<String> keys, java.util.function.Consumer<String> work) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        keys.forEach(key -> pool.execute(() -> work.accept(key)));
        pool.shutdown();
        pool.awaitTermination(1, TimeUnit.HOURS);
    }

    private void purgeQueue() {
        sqs.purgeQueue(r -> r.queueUrl(queueUrl));
    }

    private long count(String bucket, String prefix) {
        S3Client client = bucket.equals(sandbox.settings().targetBucket()) ? dr : s3;
        return client.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix)).contents().stream().count();
    }

    private static JsonNode readTree(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long percentile(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return -1;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }

    private static int intOption(List<String> args, String name, int fallback) {
        int i = args.indexOf(name);
        return i >= 0 && i + 1 < args.size() ? Integer.parseInt(args.get(i + 1)) : fallback;
    }

    private static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench"));
    }

    private static String table(ObjectNode report) {
        StringBuilder out = new StringBuilder("\nBenchmark (embedded sandbox)\n");
        for (String field : List.of("raw_copy_per_s", "replicator_per_s", "sequential_per_s", "latency_p50_ms",
                "latency_p99_ms", "heap_peak_mib_large_object")) {
            out.append(String.format("  %-28s %10s%n", field, report.path(field).asText()));
        }
        out.append("  ").append(report.path("setup")).append('\n');
        return out.toString();
    }

    /** Zeros made as they are read. */
    private static final class Zeros extends InputStream {
        private long remaining;

        Zeros(long size) {
            this.remaining = size;
        }

        @Override
        public int read() {
            if (remaining == 0) {
                return -1;
            }
            remaining--;
            return 0;
        }

        @Override
        public int read(byte[] target, int offset, int length) {
            if (remaining == 0) {
                return -1;
            }
            int n = (int) Math.min(length, remaining);
            java.util.Arrays.fill(target, offset, offset + n, (byte) 0);
            remaining -= n;
            return n;
        }
    }
}
