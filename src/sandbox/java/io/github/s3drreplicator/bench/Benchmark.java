package io.github.s3drreplicator.bench;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.s3drreplicator.Application;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * {@code java -jar s3-dr-replicator.jar bench [--quick] [--objects N] [--size BYTES] [--workers W] [--scaling W,W]
 * [--latency-ms MS] [--large-mib M] [--audit-objects N]}: measures the replicator, not the sandbox. The sandbox runs in
 * a process of its own and each replica of the replicator in another, started as a user starts the service, so that
 * the replicator's CPU time is its own. Side by side, on the same sandbox and the same objects: a bare CopyObject loop
 * (the limit) at the same number of requests in flight, the seed's one-message-at-a-time design, and rclone where it
 * is installed. Requests are counted by the sandbox per operation. The main figures are taken with S3 answering 30 ms
 * late, as S3 in a region does; the 0 ms figures follow. Writes {@code target/bench/report.json} and prints a table.
 * Not a test: nothing asserts times (docs/performance.md).
 */
public final class Benchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path OUT = Path.of("target", "bench");
    private static final Path LOGS = OUT.resolve("logs");

    private final Options options;
    private final byte[] body;
    private final ObjectNode report = JSON.createObjectNode();
    private final List<String> notes = new ArrayList<>();
    private Optional<Rclone> rclone = Optional.empty();
    /** Seconds each step of the run took: where a run's minutes go ({@code seconds_by_step} in the report). */
    private final ObjectNode steps = JSON.createObjectNode();

    /** What a run measures, and how much. */
    record Options(boolean quick, int objects, int size, int workers, List<Integer> scaling, long latencyMs,
                   long largeMib, int auditObjects, int sequentialObjects, int warmUp, List<String> parts,
                   boolean jfr, int backfillObjects) {

        /** The parts of a run, in the order they run; {@code --only} picks some, to look at one thing at a time. */
        static final List<String> PARTS = List.of("main", "scaling", "rclone", "backfill", "audit", "zero");

        boolean runs(String part) {
            return parts.contains(part);
        }

        static Options parse(List<String> args) {
            boolean quick = args.contains("--quick");
            int objects = intOption(args, "--objects", quick ? 200 : 500);
            List<Integer> scaling = option(args, "--scaling").map(Options::ints)
                    .orElse(quick ? List.of(16, 64) : List.of(16, 64, 256));
            return new Options(quick, objects, intOption(args, "--size", 4096), intOption(args, "--workers", 16),
                    scaling, intOption(args, "--latency-ms", 30), intOption(args, "--large-mib", quick ? 64 : 1024),
                    intOption(args, "--audit-objects", quick ? 1000 : 4000), Math.max(20, objects / (quick ? 4 : 8)),
                    Math.max(40, Math.min(500, objects / 2)),
                    option(args, "--only").map(only -> List.of(only.split(","))).orElse(PARTS),
                    args.contains("--jfr"), intOption(args, "--backfill-objects", quick ? 300 : 5000));
        }

        private static List<Integer> ints(String list) {
            return java.util.Arrays.stream(list.split(",")).map(String::trim).map(Integer::parseInt).toList();
        }
    }

    private Benchmark(Options options) {
        this.options = options;
        this.body = new byte[options.size()];
        new Random(1).nextBytes(body);
    }

    public static int run(List<String> args) throws Exception {
        Options options = Options.parse(args);
        Files.createDirectories(LOGS);
        ObjectNode report = new Benchmark(options).measure();
        Files.writeString(OUT.resolve("report.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(report));
        System.out.println(BenchTable.of(report));
        System.out.println("Written to " + OUT.resolve("report.json") + "; the processes' logs in " + LOGS);
        return 0;
    }

    private ObjectNode measure() throws Exception {
        long started = System.nanoTime();
        try (BenchSandbox sandbox = BenchSandbox.start("sandbox-" + options.latencyMs() + "ms", options.latencyMs(),
                LOGS)) {
            rclone = Rclone.find(sandbox.s3Endpoint(), LOGS);
            if (rclone.isEmpty()) {
                notes.add("rclone is not installed (Debian package rclone): its rows are skipped");
            }
            mainFigures(sandbox);
        }
        // the audit's buckets in a sandbox of their own: S3Mock answers slower the more objects it holds, and the
        // measurements before leave thousands behind
        if (options.runs("audit")) {
            try (BenchSandbox sandbox = BenchSandbox.start("sandbox-audit", options.latencyMs(), LOGS)) {
                rclone = Rclone.find(sandbox.s3Endpoint(), LOGS);
                report.set("audit", step("audit", () -> audit(sandbox)));
            }
            save();
        }
        if (options.runs("zero") || options.runs("backfill")) {
            try (BenchSandbox sandbox = BenchSandbox.start("sandbox-0ms", 0, LOGS)) {
                rclone = Rclone.find(sandbox.s3Endpoint(), LOGS);
                ObjectNode at0 = report.putObject("at_0_ms");
                if (options.runs("zero")) {
                    step("at 0 ms", () -> zeroLatencyFigures(sandbox, at0));
                    save();
                }
                if (options.runs("backfill")) {
                    step("backfill at 0 ms", () -> backfill(sandbox, at0, "0ms"));
                }
            }
        }
        report.set("targets", BenchTable.json(BenchTable.targets(report)));
        report.set("seconds_by_step", steps);
        ObjectNode setup = report.putObject("setup");
        setup.put("cores", Runtime.getRuntime().availableProcessors());
        setup.put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        setup.put("objects", options.objects());
        setup.put("object_bytes", options.size());
        setup.put("sequential_objects", options.sequentialObjects());
        setup.put("workers", options.workers());
        setup.put("s3_latency_ms", options.latencyMs());
        setup.put("large_object_mib", options.largeMib());
        setup.put("backfill_objects", options.backfillObjects());
        setup.put("replicator_heap", "-Xmx256m");
        setup.put("where", "sandbox (S3Mock, ElasticMQ, the proxy) in a process of its own, each replica in its own,"
                + " the benchmark's clients in a third; all on this machine");
        setup.put("run_seconds", Math.round(seconds(started)));
        ArrayNode notesNode = setup.putArray("notes");
        notes.forEach(notesNode::add);
        return report;
    }

    /** At the S3 latency of a region: throughput, requests, CPU, latency, scaling, heap, rclone, the audit. */
    private void mainFigures(BenchSandbox sandbox) throws Exception {
        int workers = options.workers();
        ArrayNode scaling = report.putArray("scaling");
        if (options.runs("main")) {
            main(sandbox, workers, scaling);
            save();
        }
        if (options.runs("scaling")) {
            scaling(sandbox, workers, scaling);
            save();
        }
        if (options.runs("rclone")) {
            report.set("rclone_copy", step("rclone copy", () -> rcloneCopy(sandbox, workers, "bench/rclone/")));
        }
        save();
        if (options.runs("backfill")) {
            step("backfill", () -> backfill(sandbox, report, options.latencyMs() + "ms"));
            save();
        }
    }

    /** A step of the run: timed into {@code seconds_by_step}, and announced, so that a long run shows where it is. */
    private <T> T step(String name, java.util.concurrent.Callable<T> work) throws Exception {
        System.err.println("bench: " + name + " ...");
        long start = System.nanoTime();
        try {
            return work.call();
        } finally {
            steps.put(name, round(seconds(start)));
            System.err.println("bench: " + name + " took " + steps.path(name).asDouble() + " s");
        }
    }

    /** A step that measures into the report itself. */
    private void step(String name, Work work) throws Exception {
        step(name, () -> {
            work.run();
            return null;
        });
    }

    private interface Work {
        void run() throws Exception;
    }

    /** The report so far, so that a run stopped half way still leaves what it measured. */
    private void save() throws IOException {
        report.set("seconds_by_step", steps);
        Files.writeString(OUT.resolve("report.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(report));
    }

    private void main(BenchSandbox sandbox, int workers, ArrayNode scaling) throws Exception {
        Raw raw = step("main: raw loop", () -> rawCopy(sandbox, workers, "bench/raw/", true));
        putRaw(report, raw);
        report.put("sequential_per_s", step("main: the seed's design", () -> sequential(sandbox,
                "bench/sequential/")));
        try (Replicas replicas = step("main: replica started", () -> replicas(sandbox, "replicator-" + workers,
                workers, 1))) {
            step("main: warm-up", () -> replicas.warmUp(body, options.warmUp()));
            Drain created = step("main: drain of creations", () -> replicas.drainCreated(body, options.objects(),
                    "bench/replicator/"));
            putCreated(report, created);
            report.put("replicator_vs_sequential", ratio(created.perSecond(), report.path("sequential_per_s")
                    .asDouble()));
            report.put("replicator_vs_raw", ratio(created.perSecond(), raw.perSecond()));
            report.put("cpu_vs_raw", ratio(created.cpuMsPerObject(), raw.cpuMsPerObject()));
            Drain deleted = step("main: drain of deletions", () -> replicas.drainDeleted(created.keys()));
            report.put("s3_requests_per_deleted_object", deleted.s3PerObject());
            report.put("sqs_requests_per_deleted_object", deleted.sqsPerObject());
            ObjectNode requests = report.putObject("requests_by_operation");
            requests.set("created", created.counts());
            requests.set("deleted", deleted.counts());
            scaling.add(scalingRow(workers, 1, created, raw));

            replicas.resume();
            step("main: latency at half load", () -> latencyAtHalfLoad(sandbox, replicas.first(),
                    created.perSecond(), report, "bench/latency/"));
            report.set("propagate_one_change", step("main: one change", () -> oneChange(sandbox,
                    "bench/one-change/")));
            report.put("heap_peak_mib_large_object", step("main: large object", () -> heapPeakWhileReplicating(
                    sandbox, replicas.first())));
        }
    }

    private void scaling(BenchSandbox sandbox, int workers, ArrayNode scaling) throws Exception {
        for (int each : options.scaling()) {
            if (each == workers) {
                continue;
            }
            scaling.add(step("scaling: " + each + " workers", () -> {
                Raw rawAt = rawCopy(sandbox, each, "bench/raw-" + each + "/", false);
                try (Replicas replicas = replicas(sandbox, "replicator-" + each, each, 1)) {
                    replicas.warmUp(body, options.warmUp());
                    return scalingRow(each, 1, replicas.drainCreated(body, options.objects(),
                            "bench/replicator-" + each + "/"), rawAt);
                }
            }));
        }
        scaling.add(step("scaling: 2 replicas", () -> {
            try (Replicas replicas = replicas(sandbox, "replicator-2x" + workers, workers, 2)) {
                replicas.warmUp(body, options.warmUp());
                Raw rawAt = rawCopy(sandbox, 2 * workers, "bench/raw-2x/", false);
                return scalingRow(workers, 2, replicas.drainCreated(body, options.objects(),
                        "bench/replicator-2x/"), rawAt);
            }
        }));
    }

    private void zeroLatencyFigures(BenchSandbox sandbox, ObjectNode at0) throws Exception {
        int workers = options.workers();
        putRaw(at0, rawCopy(sandbox, workers, "bench/raw/", true));
        at0.put("sequential_per_s", sequential(sandbox, "bench/sequential/"));
        try (Replicas replicas = replicas(sandbox, "replicator-0ms", workers, 1)) {
            replicas.warmUp(body, options.warmUp());
            Drain created = replicas.drainCreated(body, options.objects(), "bench/replicator/");
            putCreated(at0, created);
            at0.put("sandbox_cpu_ms_per_object", created.sandboxCpuMsPerObject());
            replicas.resume();
            latencyAtHalfLoad(sandbox, replicas.first(), created.perSecond(), at0, "bench/latency/");
        }
    }

    /** The raw loop's figures, the same at 30 ms and at 0 ms. */
    private static void putRaw(ObjectNode into, Raw raw) {
        into.put("raw_copy_per_s", raw.perSecond());
        into.put("raw_cpu_ms_per_object", raw.cpuMsPerObject());
        into.put("raw_jit_ms_per_object", raw.jitMsPerObject());
    }

    /** A drain of creations' figures, the same at 30 ms and at 0 ms. */
    private static void putCreated(ObjectNode into, Drain created) {
        into.put("replicator_per_s", created.perSecond());
        into.put("replicator_cpu_ms_per_object", created.cpuMsPerObject());
        into.put("replicator_jit_ms_per_object", created.jitMsPerObject());
        into.put("s3_requests_per_created_object", created.s3PerObject());
        into.put("sqs_requests_per_object", created.sqsPerObject());
    }

    private static ObjectNode scalingRow(int workers, int replicas, Drain drain, Raw raw) {
        ObjectNode row = JSON.createObjectNode();
        row.put("workers", workers);
        row.put("replicas", replicas);
        row.put("replicator_per_s", drain.perSecond());
        row.put("raw_copy_per_s_same_in_flight", raw.perSecond());
        row.put("replicator_cpu_ms_per_object", drain.cpuMsPerObject());
        row.put("replicator_jit_ms_per_object", drain.jitMsPerObject());
        row.put("sandbox_cpu_ms_per_object", drain.sandboxCpuMsPerObject());
        // the three processes' CPU over the cores: near 1, the machine was the limit
        row.put("cpu_busy", drain.cpuBusy());
        return row;
    }

    /**
     * The bare loop's figures: throughput, this JVM's CPU per object while it ran, and of that its JIT compiler
     * threads' ({@link CompilerCpu}).
     */
    record Raw(double perSecond, double cpuMsPerObject, double jitMsPerObject) {
    }

    /**
     * The limit: a bare CopyObject loop from source to DR, {@code inFlight} requests at a time, in this JVM, the keys
     * put beforehand. The first run warms this JVM up first, as the replicas are warmed up.
     */
    private Raw rawCopy(BenchSandbox sandbox, int inFlight, String prefix, boolean warmUp) throws Exception {
        if (warmUp) {
            List<String> warm = sandbox.put(BenchSandbox.SOURCE, prefix + "warm/", options.warmUp(), body);
            copyAll(sandbox, warm, inFlight);
        }
        sandbox.clear();
        List<String> keys = sandbox.put(BenchSandbox.SOURCE, prefix, options.objects(), body);
        sandbox.purgeQueue();
        long cpu = processCpuNanos();
        long jit = CompilerCpu.of(ProcessHandle.current().pid()).toMillis();
        long start = System.nanoTime();
        copyAll(sandbox, keys, inFlight);
        double seconds = seconds(start);
        double cpuMs = (processCpuNanos() - cpu) / 1e6;
        double jitMs = Math.max(0, CompilerCpu.of(ProcessHandle.current().pid()).toMillis() - jit);
        return new Raw(round(keys.size() / seconds), round2(cpuMs / keys.size()), round2(jitMs / keys.size()));
    }

    private static void copyAll(BenchSandbox sandbox, List<String> keys, int inFlight) throws InterruptedException {
        BenchSandbox.inParallel(keys, inFlight, key -> sandbox.target.copyObject(r -> r
                .sourceBucket(BenchSandbox.SOURCE).sourceKey(key)
                .destinationBucket(BenchSandbox.TARGET).destinationKey(key)));
    }

    /**
     * The seed's design: one message at a time, one CopyObject per event, no checks, no batching, no concurrency, on
     * a queue filled beforehand.
     */
    private double sequential(BenchSandbox sandbox, String prefix) throws Exception {
        int count = options.sequentialObjects();
        sandbox.clear();
        sandbox.purgeQueue();
        sandbox.putAndNotify(prefix, count, body);
        sandbox.awaitQueued(count, Duration.ofMinutes(2));
        long start = System.nanoTime();
        int done = 0;
        while (done < count) {
            List<Message> one = sandbox.sqs.receiveMessage(r -> r.queueUrl(sandbox.queueUrl).maxNumberOfMessages(1)
                    .waitTimeSeconds(1)).messages();
            for (Message message : one) {
                JsonNode record = JSON.readTree(message.body()).path("Records").path(0);
                String key = URLDecoder.decode(record.at("/s3/object/key").asText(), StandardCharsets.UTF_8);
                sandbox.target.copyObject(r -> r.sourceBucket(BenchSandbox.SOURCE).sourceKey(key)
                        .destinationBucket(BenchSandbox.TARGET).destinationKey(key));
                sandbox.sqs.deleteMessage(r -> r.queueUrl(sandbox.queueUrl).receiptHandle(message.receiptHandle()));
                done++;
            }
        }
        return round(count / seconds(start));
    }

    /** The result of a replicator draining a queue filled beforehand. */
    record Drain(List<String> keys, double perSecond, double cpuMsPerObject, double jitMsPerObject,
                 double sandboxCpuMsPerObject,
                 double cpuBusy, double s3PerObject, double sqsPerObject, ObjectNode counts) {
    }

    private Replicas replicas(BenchSandbox sandbox, String name, int workers, int count) throws Exception {
        return Replicas.start(sandbox, name, workers, count, notes, options.jfr());
    }

    /**
     * The replicas' long polls: short, so that a paused replica's last poll ends soon. It changes nothing while the
     * queue holds messages (a poll returns at once), only how often an idle replica asks.
     */
    private static final int WAIT_SECONDS = 1;

    /** One or more replicas of the replicator, each its own JVM, on the same queue. */
    private static final class Replicas implements AutoCloseable {

        private final BenchSandbox sandbox;
        private final List<ReplicatorJvm> jvms;
        private final List<String> notes;

        private Replicas(BenchSandbox sandbox, List<ReplicatorJvm> jvms, List<String> notes) {
            this.sandbox = sandbox;
            this.jvms = jvms;
            this.notes = notes;
        }

        static Replicas start(BenchSandbox sandbox, String name, int workers, int count, List<String> notes,
                              boolean jfr) throws Exception {
            sandbox.purgeQueue();
            List<ReplicatorJvm> jvms = new ArrayList<>();
            try {
                for (int i = 0; i < count; i++) {
                    String replica = count == 1 ? name : name + "-" + (i + 1);
                    // a profile of each replica, to see where its own CPU goes (docs/performance.md)
                    List<String> jvmOptions = jfr ? List.of("-XX:StartFlightRecording=filename="
                            + OUT.resolve(replica + ".jfr") + ",settings=profile") : List.of();
                    jvms.add(ReplicatorJvm.start(replica, sandbox.s3Endpoint(),
                            sandbox.sqsEndpoint(), Map.of("replicator.workers", String.valueOf(workers),
                                    "replicator.sqs.wait-time-seconds", String.valueOf(WAIT_SECONDS),
                                    // a connection for every worker and poller, as an operator raising workers
                                    // must set it: with 256 workers and the default 50, copies timed out
                                    // waiting for a connection from the pool
                                    "replicator.aws.max-connections", String.valueOf(Math.max(50, workers + 16))),
                            jvmOptions, LOGS));
                }
            } catch (Exception e) {
                jvms.forEach(ReplicatorJvm::close);
                throw e;
            }
            return new Replicas(sandbox, jvms, notes);
        }

        ReplicatorJvm first() {
            return jvms.get(0);
        }

        /** Replicates {@code count} objects (not measured), so that the JIT compiled what the measurement runs. */
        void warmUp(byte[] body, int count) throws Exception {
            sandbox.putAndNotify("bench/warm-up-" + System.nanoTime() + "/", count, body);
            sandbox.awaitDrained(Duration.ofMinutes(5));
        }

        /**
         * A suspended consumer still ends the poll under way, and polls on while polls bring messages (greedy): so
         * the queue must stay empty for one long poll after the suspension before it is filled.
         */
        void pause() throws InterruptedException {
            jvms.forEach(ReplicatorJvm::pause);
            sandbox.awaitQueued(0, Duration.ofMinutes(2));
            TimeUnit.MILLISECONDS.sleep(TimeUnit.SECONDS.toMillis(WAIT_SECONDS) + 500);
            sandbox.awaitQueued(0, Duration.ofMinutes(2));
        }

        void resume() {
            jvms.forEach(ReplicatorJvm::resume);
        }

        /** Objects put while the replicas are paused, then drained: throughput, CPU and requests per object. */
        Drain drainCreated(byte[] body, int count, String prefix) throws Exception {
            pause();
            sandbox.clear();
            List<String> keys = sandbox.putAndNotify(prefix, count, body);
            return drain(keys, count);
        }

        /** The same objects deleted from the source while the replicas are paused, then drained. */
        Drain drainDeleted(List<String> keys) throws Exception {
            pause();
            sandbox.deleteAndNotify(keys);
            return drain(keys, keys.size());
        }

        private Drain drain(List<String> keys, int events) throws Exception {
            // every notification in the queue, none being worked on
            sandbox.awaitQueued(events, Duration.ofMinutes(2));
            long queued = sandbox.queueDepth().visible();
            sandbox.resetRequestCounts();
            long cpu = jvms.stream().mapToLong(jvm -> jvm.cpu().toNanos()).sum();
            long jit = jvms.stream().mapToLong(jvm -> jvm.compilerCpu().toMillis()).sum();
            long sandboxCpu = sandbox.cpu().toNanos();
            long harnessCpu = processCpuNanos();
            long start = System.nanoTime();
            resume();
            long end = sandbox.awaitDrained(Duration.ofMinutes(10));
            double seconds = (end - start) / 1e9;
            double cpuMs = (jvms.stream().mapToLong(jvm -> jvm.cpu().toNanos()).sum() - cpu) / 1e6;
            // not below 0: a compiler thread that ended took its time along (CompilerCpu)
            double jitMs = Math.max(0, jvms.stream().mapToLong(jvm -> jvm.compilerCpu().toMillis()).sum() - jit);
            double sandboxCpuMs = (sandbox.cpu().toNanos() - sandboxCpu) / 1e6;
            double harnessCpuMs = (processCpuNanos() - harnessCpu) / 1e6;
            double busy = (cpuMs + sandboxCpuMs + harnessCpuMs) / (seconds * 1000
                    * Runtime.getRuntime().availableProcessors());
            Map<String, Map<String, Long>> counts = sandbox.requestCounts();
            long s3 = counts.getOrDefault("s3", Map.of()).values().stream().mapToLong(Long::longValue).sum();
            long sqs = counts.getOrDefault("sqs", Map.of()).entrySet().stream()
                    .filter(e -> REPLICATOR_SQS.matcher(e.getKey()).matches())
                    .mapToLong(Map.Entry::getValue).sum();
            ObjectNode countsNode = JSON.valueToTree(counts);
            countsNode.put("objects", queued);
            if (queued < events) {
                notes.add((events - queued) + " of " + events + " events of " + keys.get(0).replaceAll("[^/]*$", "")
                        + " were worked on while the replicas paused, and are not counted");
            }
            return new Drain(keys, round(queued / seconds), round2(cpuMs / queued), round2(jitMs / queued),
                    round2(sandboxCpuMs / queued),
                    round2(busy), round2((double) s3 / queued), round2((double) sqs / queued), countsNode);
        }

        @Override
        public void close() {
            jvms.forEach(ReplicatorJvm::close);
        }
    }

    /** The replicator's own SQS requests; GetQueueAttributes and GetQueueUrl are the benchmark's. */
    private static final Pattern REPLICATOR_SQS = Pattern.compile(
            "ReceiveMessage|DeleteMessage(Batch)?|ChangeMessageVisibility(Batch)?");

    /**
     * Event to replica, objects put at half the measured throughput: the lag the replica logs for each record it
     * applied (from the event's time, which the harness sets when the put was answered, to the copy's answer;
     * {@code io.github.s3drreplicator.applied}). The harness's own watching of DR (a HeadObject per pending key, or a
     * listing) measured itself more than the replicator: its sweeps grew with the keys pending on a busy S3Mock.
     */
    private void latencyAtHalfLoad(BenchSandbox sandbox, ReplicatorJvm replica, double perSecond, ObjectNode into,
                                   String prefix) throws InterruptedException, IOException {
        double rate = Math.max(1, perSecond / 2);
        int count = (int) Math.max(20, Math.min(options.objects() / 2.0, rate * (options.quick() ? 5 : 10)));
        long interval = (long) (1_000_000_000L / rate);
        String runPrefix = prefix + System.nanoTime() + "/";
        ScheduledExecutorService putter = Executors.newScheduledThreadPool(8);
        for (int i = 0; i < count; i++) {
            String key = String.format("%sobject-%06d", runPrefix, i);
            putter.schedule(() -> sandbox.putAndNotify(key, RequestBody.fromBytes(body), body.length),
                    i * interval, TimeUnit.NANOSECONDS);
        }
        putter.shutdown();
        putter.awaitTermination(10, TimeUnit.MINUTES);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        List<Long> latencies = appliedLags(replica.log(), runPrefix);
        while (latencies.size() < count && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(200);
            latencies = appliedLags(replica.log(), runPrefix);
        }
        Collections.sort(latencies);
        into.put("latency_objects_per_s", round(rate));
        into.put("latency_objects", latencies.size());
        into.put("latency_p50_ms", Stats.percentile(latencies, 50));
        into.put("latency_p99_ms", Stats.percentile(latencies, 99));
        into.put("latency_max_ms", latencies.isEmpty() ? -1 : latencies.get(latencies.size() - 1));
    }

    private static final Pattern APPLIED = Pattern.compile("s3drreplicator\\.applied - key='([^']*)'.* lag=([0-9.]+)s");

    /** The lags, in ms, of the records under {@code prefix} the replica logged as applied. */
    private static List<Long> appliedLags(Path log, String prefix) throws IOException {
        List<Long> lags = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            Matcher matcher = APPLIED.matcher(line);
            if (matcher.find() && matcher.group(1).startsWith(prefix)) {
                lags.add(Math.round(Double.parseDouble(matcher.group(2)) * 1000));
            }
        }
        return lags;
    }

    /**
     * One object put into a bucket the replicator mirrors: the requests and seconds it takes to reach DR, to set
     * against rclone sync's (in {@link #audit}).
     */
    private ObjectNode oneChange(BenchSandbox sandbox, String prefix) throws InterruptedException {
        String key = prefix + "changed";
        sandbox.resetRequestCounts();
        long start = System.nanoTime();
        sandbox.putAndNotify(key, RequestBody.fromBytes(body), body.length);
        while (!exists(sandbox, key)) {
            TimeUnit.MILLISECONDS.sleep(2);
        }
        double seconds = seconds(start);
        sandbox.awaitDrained(Duration.ofMinutes(1));
        Map<String, Map<String, Long>> counts = sandbox.requestCounts();
        ObjectNode one = JSON.createObjectNode();
        one.put("replicator_seconds", round3(seconds));
        one.put("replicator_s3_requests", counts.getOrDefault("s3", Map.of()).values().stream()
                .mapToLong(Long::longValue).sum());
        one.set("replicator_requests", JSON.valueToTree(counts));
        return one;
    }

    private static boolean exists(BenchSandbox sandbox, String key) {
        try {
            sandbox.harnessTarget.headObject(r -> r.bucket(BenchSandbox.TARGET).key(key));
            return true;
        } catch (software.amazon.awssdk.services.s3.model.NoSuchKeyException e) {
            return false;
        } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    /** The replica's heap peak (read over JMX every 20 ms) while a large object replicates; it runs in 256 MiB. */
    private long heapPeakWhileReplicating(BenchSandbox sandbox, ReplicatorJvm replica) throws Exception {
        AtomicLong peak = new AtomicLong(replica.heapUsed());
        String key = "bench/large/object.bin";
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peak.accumulateAndGet(replica.heapUsed(), Math::max);
                try {
                    TimeUnit.MILLISECONDS.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "bench-heap-sampler");
        sampler.start();
        long bytes = options.largeMib() * 1024 * 1024;
        sandbox.putAndNotify(key, RequestBody.fromContentProvider(() -> new Zeros(bytes), bytes,
                "application/octet-stream"), bytes);
        while (!exists(sandbox, key)) {
            TimeUnit.MILLISECONDS.sleep(100);
        }
        sampler.interrupt();
        sampler.join();
        return peak.get() / (1024 * 1024);
    }

    /** rclone copy of the same number of objects between the same buckets, server-side, as many transfers. */
    private ObjectNode rcloneCopy(BenchSandbox sandbox, int transfers, String prefix) throws Exception {
        ObjectNode row = JSON.createObjectNode();
        if (rclone.isEmpty()) {
            row.put("skipped", "rclone is not installed");
            return row;
        }
        row.put("version", rclone.get().version());
        sandbox.clear();
        sandbox.put(BenchSandbox.SOURCE, prefix, options.objects(), body);
        sandbox.purgeQueue();
        sandbox.resetRequestCounts();
        Rclone.Run run = rclone.get().run("rclone-copy", List.of("copy", "sb:" + BenchSandbox.SOURCE + "/" + prefix,
                "sb:" + BenchSandbox.TARGET + "/" + prefix, "--transfers", String.valueOf(transfers),
                "--checkers", String.valueOf(transfers), "--s3-no-check-bucket"));
        if (run.exit() != 0) {
            throw new IllegalStateException("rclone copy failed (" + run.exit() + "): " + run.output());
        }
        Map<String, Map<String, Long>> counts = sandbox.requestCounts();
        long s3 = counts.getOrDefault("s3", Map.of()).values().stream().mapToLong(Long::longValue).sum();
        row.put("transfers", transfers);
        row.put("copy_per_s", round(options.objects() / run.seconds()));
        row.put("s3_requests_per_object", round2((double) s3 / options.objects()));
        row.set("requests", JSON.valueToTree(counts));
        return row;
    }

    /**
     * Two buckets of {@code auditObjects} objects, 1% missing in DR and 0.2% changed: the audit (a JVM started as a
     * user starts it) and rclone check find the differences; then one change, and what rclone sync pays to find it.
     */
    private ObjectNode audit(BenchSandbox sandbox) throws Exception {
        ObjectNode audit = JSON.createObjectNode();
        String source = "bench-audit-source";
        String target = "bench-audit-dr";
        int objects = options.auditObjects();
        sandbox.harnessSource.createBucket(r -> r.bucket(source));
        sandbox.harnessTarget.createBucket(r -> r.bucket(target)
                .createBucketConfiguration(c -> c.locationConstraint(BenchSandbox.TARGET_REGION)));
        long filling = System.nanoTime();
        List<String> keys = sandbox.put(source, "", objects, body);
        int missing = objects / 100;
        int changed = Math.max(1, objects / 500);
        List<String> inDr = keys.subList(missing, keys.size());
        BenchSandbox.inParallel(inDr, 32, key -> sandbox.harnessTarget.copyObject(r -> r.sourceBucket(source)
                .sourceKey(key).destinationBucket(target).destinationKey(key)));
        byte[] other = body.clone();
        other[0] ^= 1;
        BenchSandbox.inParallel(inDr.subList(0, changed), 32, key -> sandbox.harnessTarget.putObject(r -> r
                .bucket(target).key(key), RequestBody.fromBytes(other)));
        audit.put("fill_seconds", round(seconds(filling)));
        audit.put("objects", objects);
        audit.put("missing", missing);
        audit.put("changed", changed);

        sandbox.resetRequestCounts();
        long start = System.nanoTime();
        ChildJvm jvm = ChildJvm.start("audit", false, List.of(), Map.of(
                "aws.accessKeyId", "bench", "aws.secretAccessKey", "bench",
                "replicator.s3.endpoint", sandbox.s3Endpoint(), "replicator.s3.path-style", "true",
                "replicator.source.bucket", source, "replicator.target.bucket", target),
                // content only, as rclone check compares: the same work, side by side
                Application.class.getName(), List.of("audit", "--content-only", "--json"), LOGS);
        int exit = jvm.waitFor(Duration.ofMinutes(10));
        double seconds = seconds(start);
        JsonNode found = lastJsonLine(Files.readString(jvm.log()));
        Map<String, Map<String, Long>> counts = sandbox.requestCounts();
        audit.put("audit_seconds", round2(seconds));
        audit.put("audit_exit", exit);
        audit.put("audit_found", found.path("drift").path("missing").asLong() + found.path("drift").path("changed")
                .asLong() + found.path("drift").path("extra").asLong());
        audit.put("audit_objects_listed_per_s", round((objects + inDr.size()) / seconds));
        audit.put("audit_s3_requests", counts.getOrDefault("s3", Map.of()).values().stream()
                .mapToLong(Long::longValue).sum());
        if (rclone.isEmpty()) {
            audit.put("rclone", "skipped: rclone is not installed");
            return audit;
        }
        Rclone r = rclone.get();
        sandbox.resetRequestCounts();
        Rclone.Run check = r.run("rclone-check", List.of("check", "sb:" + source, "sb:" + target,
                "--checkers", "16"));
        counts = sandbox.requestCounts();
        audit.put("rclone_check_seconds", round2(check.seconds()));
        audit.put("rclone_check_exit", check.exit());
        audit.put("rclone_check_found", differences(check.output()));
        audit.put("rclone_check_s3_requests", counts.getOrDefault("s3", Map.of()).values().stream()
                .mapToLong(Long::longValue).sum());

        // bring them in sync, then change one object: what rclone sync pays to propagate it
        // --checksum: sizes and MD5s from the listings, rclone's cheapest comparison (by modification time it would
        // ask every object's metadata with a HeadObject)
        Rclone.Run repair = r.run("rclone-sync-repair", List.of("sync", "sb:" + source, "sb:" + target,
                "--checksum", "--checkers", "16", "--transfers", "16", "--s3-no-check-bucket"));
        if (repair.exit() != 0) {
            throw new IllegalStateException("rclone sync failed (" + repair.exit() + "): " + repair.output());
        }
        sandbox.harnessSource.putObject(p -> p.bucket(source).key(keys.get(objects / 2)), RequestBody.fromBytes(other));
        sandbox.resetRequestCounts();
        Rclone.Run sync = r.run("rclone-sync-one", List.of("sync", "sb:" + source, "sb:" + target,
                "--checksum", "--checkers", "16", "--transfers", "16", "--s3-no-check-bucket"));
        counts = sandbox.requestCounts();
        audit.put("rclone_sync_one_change_seconds", round2(sync.seconds()));
        audit.put("rclone_sync_one_change_s3_requests", counts.getOrDefault("s3", Map.of()).values().stream()
                .mapToLong(Long::longValue).sum());
        audit.set("rclone_sync_one_change_requests", JSON.valueToTree(counts));
        // the issue asks for a bucket of 100,000 objects; S3Mock fills one too slowly for a 10-minute run, and a
        // sync's cost is its listing, a page of 1000 keys per request per bucket: scaled, and named as scaled
        long listed = counts.getOrDefault("s3", Map.of()).entrySet().stream()
                .filter(e -> e.getKey().startsWith("ListObjects")).mapToLong(Map.Entry::getValue).sum();
        audit.put("rclone_sync_list_requests", listed);
        long others = counts.getOrDefault("s3", Map.of()).values().stream().mapToLong(Long::longValue).sum() - listed;
        audit.put("rclone_sync_one_change_s3_requests_at_100000_scaled",
                Math.round(listed * 100_000.0 / objects) + others);
        audit.put("rclone_sync_one_change_seconds_at_100000_scaled", round2(sync.seconds() * 100_000.0 / objects));
        return audit;
    }

    private static final String BACKFILL_SOURCE = "bench-backfill-source";
    private static final String BACKFILL_DR = "bench-backfill-dr";

    /**
     * A backfill of an empty DR bucket, the way users wait on it: {@code audit --repair} (a JVM started as a user
     * starts it, {@code replicator.audit.parallelism} at the replicator's workers) against {@code rclone copy}
     * (server-side, as many transfers and checkers), the same objects between the same buckets; then, both buckets
     * in sync, {@code audit --content-only} against {@code rclone check}. Wall time from start to exit, CPU time of
     * the whole process (start-up and JIT included) as the system counts it, requests as the sandbox counts them.
     */
    private void backfill(BenchSandbox sandbox, ObjectNode into, String label) throws Exception {
        int objects = options.backfillObjects();
        int workers = options.workers();
        if (!sandbox.harnessSource.listBuckets().buckets().stream().anyMatch(b -> b.name().equals(BACKFILL_SOURCE))) {
            sandbox.harnessSource.createBucket(r -> r.bucket(BACKFILL_SOURCE));
            sandbox.harnessTarget.createBucket(r -> r.bucket(BACKFILL_DR)
                    .createBucketConfiguration(c -> c.locationConstraint(BenchSandbox.TARGET_REGION)));
        }
        emptied(sandbox, BACKFILL_SOURCE);
        emptied(sandbox, BACKFILL_DR);
        sandbox.put(BACKFILL_SOURCE, "", objects, body);
        into.put("backfill_objects", objects);

        if (rclone.isPresent()) {
            sandbox.resetRequestCounts();
            Rclone.Run copy = rclone.get().run("rclone-backfill-" + label, List.of("copy", "sb:" + BACKFILL_SOURCE,
                    "sb:" + BACKFILL_DR, "--transfers", String.valueOf(workers), "--checkers",
                    String.valueOf(workers), "--s3-no-check-bucket"));
            if (copy.exit() != 0 || sandbox.count(BACKFILL_DR, "") != objects) {
                throw new IllegalStateException("rclone copy failed (" + copy.exit() + "): " + copy.output());
            }
            into.put("rclone_backfill_per_s", round(objects / copy.seconds()));
            into.put("rclone_backfill_seconds", round2(copy.seconds()));
            into.put("rclone_backfill_cpu_ms_per_object", round2(copy.cpuSeconds() * 1000 / objects));
            into.put("rclone_backfill_s3_requests", s3Requests(sandbox));
            sandbox.resetRequestCounts();
            Rclone.Run check = rclone.get().run("rclone-check-in-sync-" + label, List.of("check",
                    "sb:" + BACKFILL_SOURCE, "sb:" + BACKFILL_DR, "--checkers", String.valueOf(workers)));
            into.put("rclone_check_in_sync_seconds", round2(check.seconds()));
            into.put("rclone_check_in_sync_cpu_seconds", round2(check.cpuSeconds()));
            into.put("rclone_check_in_sync_exit", check.exit());
            emptied(sandbox, BACKFILL_DR);
        } else {
            for (String figure : List.of("rclone_backfill_per_s", "rclone_backfill_cpu_ms_per_object",
                    "rclone_check_in_sync_seconds")) {
                into.put(figure, "skipped: rclone is not installed");
            }
        }

        sandbox.resetRequestCounts();
        Command repair = command(sandbox, "backfill-audit-" + label, List.of("audit", "--repair", "--json"),
                Map.of("replicator.audit.parallelism", String.valueOf(workers)));
        JsonNode repaired = repair.report();
        if (repair.exit() != 0 || repaired.at("/repair/repaired").asLong() != objects
                || sandbox.count(BACKFILL_DR, "") != objects) {
            throw new IllegalStateException("audit --repair did not backfill " + objects + " objects (exit "
                    + repair.exit() + "): " + repaired);
        }
        into.put("backfill_per_s", round(objects / repair.seconds()));
        into.put("backfill_seconds", round2(repair.seconds()));
        into.put("backfill_cpu_ms_per_object", round2(repair.cpuSeconds() * 1000 / objects));
        into.put("backfill_s3_requests", s3Requests(sandbox));

        sandbox.resetRequestCounts();
        Command inSync = command(sandbox, "audit-in-sync-" + label, List.of("audit", "--content-only", "--json"),
                Map.of());
        if (inSync.exit() != 0) {
            throw new IllegalStateException("the buckets are not in sync after the backfill: " + inSync.report());
        }
        into.put("audit_in_sync_seconds", round2(inSync.seconds()));
        into.put("audit_in_sync_cpu_seconds", round2(inSync.cpuSeconds()));
        into.put("audit_in_sync_s3_requests", s3Requests(sandbox));
        if (rclone.isPresent()) {
            into.put("backfill_vs_rclone_seconds", ratio(repair.seconds(), into.path("rclone_backfill_seconds")
                    .asDouble()));
            into.put("backfill_vs_rclone_cpu", ratio(into.path("backfill_cpu_ms_per_object").asDouble(),
                    into.path("rclone_backfill_cpu_ms_per_object").asDouble()));
            into.put("audit_in_sync_vs_rclone_check", ratio(inSync.seconds(),
                    into.path("rclone_check_in_sync_seconds").asDouble()));
        }
        emptied(sandbox, BACKFILL_SOURCE);
        emptied(sandbox, BACKFILL_DR);
    }

    /** A command of the jar's, run to its end: its exit status, report, time and CPU. */
    record Command(int exit, JsonNode report, double seconds, double cpuSeconds) {
    }

    /** {@code java ... Application ARGS} against the backfill's buckets, as a user runs it. */
    private Command command(BenchSandbox sandbox, String name, List<String> args, Map<String, String> settings)
            throws Exception {
        Map<String, String> properties = new HashMap<>(Map.of("aws.accessKeyId", "bench",
                "aws.secretAccessKey", "bench", "replicator.s3.endpoint", sandbox.s3Endpoint(),
                "replicator.s3.path-style", "true", "replicator.source.bucket", BACKFILL_SOURCE,
                "replicator.target.bucket", BACKFILL_DR));
        properties.putAll(settings);
        List<String> jvmOptions = options.jfr() ? List.of("-XX:StartFlightRecording=filename="
                + OUT.resolve(name + ".jfr") + ",settings=profile") : List.of();
        java.time.Duration cpu = ReapedCpu.now();
        long start = System.nanoTime();
        ChildJvm jvm = ChildJvm.start(name, false, jvmOptions, properties, Application.class.getName(), args, LOGS);
        int exit = jvm.waitFor(Duration.ofMinutes(10));
        double seconds = seconds(start);
        double cpuSeconds = ReapedCpu.now().minus(cpu).toMillis() / 1000.0;
        return new Command(exit, lastJsonLine(Files.readString(jvm.log())), seconds, cpuSeconds);
    }

    private static long s3Requests(BenchSandbox sandbox) {
        return sandbox.requestCounts().getOrDefault("s3", Map.of()).values().stream().mapToLong(Long::longValue)
                .sum();
    }

    /** Deletes every object of the bucket (harness requests: neither delayed nor counted). */
    private static void emptied(BenchSandbox sandbox, String bucket) {
        var client = bucket.equals(BACKFILL_DR) ? sandbox.harnessTarget : sandbox.harnessSource;
        sandbox.delete(bucket, client.listObjectsV2Paginator(r -> r.bucket(bucket)).contents().stream()
                .map(S3Object::key).toList());
    }

    private static JsonNode lastJsonLine(String output) throws IOException {
        List<String> lines = output.lines().filter(line -> line.startsWith("{")).toList();
        return lines.isEmpty() ? JSON.createObjectNode() : JSON.readTree(lines.get(lines.size() - 1));
    }

    private static final Pattern DIFFERENCES = Pattern.compile("(\\d+) differences found");

    private static long differences(String output) {
        Matcher matcher = DIFFERENCES.matcher(output);
        long found = 0;
        while (matcher.find()) {
            found = Long.parseLong(matcher.group(1));
        }
        return found;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static double ratio(double a, double b) {
        return b == 0 ? 0 : round2(a / b);
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }

    private static double round2(double value) {
        return Math.round(value * 100) / 100.0;
    }

    private static double round3(double value) {
        return Math.round(value * 1000) / 1000.0;
    }

    private static int intOption(List<String> args, String name, int fallback) {
        return option(args, name).map(Integer::parseInt).orElse(fallback);
    }

    private static Optional<String> option(List<String> args, String name) {
        int i = args.indexOf(name);
        return i >= 0 && i + 1 < args.size() ? Optional.of(args.get(i + 1)) : Optional.empty();
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
