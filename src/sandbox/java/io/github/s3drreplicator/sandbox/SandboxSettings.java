package io.github.s3drreplicator.sandbox;

import java.nio.file.Path;
import java.util.List;

import io.github.s3drreplicator.config.Settings;

/**
 * What the sandbox serves and where. The defaults are a contract other tools rely on: S3 at 127.0.0.1:9000,
 * SQS at 127.0.0.1:9324, buckets {@code prod-bucket} (us-east-1) and {@code dr-bucket} (us-east-2), queues
 * {@code prod-bucket-events} and {@code prod-bucket-events-dlq}, and {@code prod-bucket-events-held-deletes} for the
 * deletes the delete breaker holds; and the replicator's state bucket {@code s3-dr-replicator-state} (us-east-2), whose
 * writes are never notified.
 *
 * @param dataDir         where object bodies are kept on disk; {@code null} for a temporary folder removed on close
 * @param events          whether writes to the source bucket emit S3 event notifications
 * @param sourceRegion    the source bucket's region, and the queues'
 * @param targetRegion    the target bucket's region, and the state bucket's
 * @param stateBucket     the replicator's own bucket ({@code replicator.state.bucket}), in the target region
 * @param notifiedBuckets the buckets whose writes are notified (the source bucket; both, to run the service in
 *                        both directions at once)
 * @param enforceRegions  whether a request signed for another region than its bucket's is refused, as S3 does
 */
public record SandboxSettings(String host, int s3Port, int sqsPort, Path dataDir, boolean events,
                              String sourceBucket, String targetBucket, String queue, String deadLetterQueue,
                              String heldDeletesQueue, String sourceRegion, String targetRegion, String stateBucket,
                              Faults faults, List<String> notifiedBuckets, boolean enforceRegions) {

    /** After this many receives the main queue moves a message to the dead-letter queue. */
    public static final int MAX_RECEIVE_COUNT = 5;

    public static SandboxSettings defaults() {
        return new SandboxSettings("127.0.0.1", 9000, 9324, null, true, "prod-bucket", "dr-bucket",
                "prod-bucket-events", "prod-bucket-events-dlq", "prod-bucket-events-held-deletes", "us-east-1",
                "us-east-2", Settings.STATE_BUCKET.defaultValue(), Faults.NONE, List.of("prod-bucket"), true);
    }

    /**
     * The defaults, overridden by {@code sandbox.*} and {@code replicator.*} system properties; the state bucket by
     * {@code sandbox.state-bucket}, else {@code replicator.state.bucket}.
     */
    public static SandboxSettings fromSystemProperties() {
        SandboxSettings d = defaults();
        String dataDir = System.getProperty("sandbox.data-dir");
        return new SandboxSettings(d.host(),
                Integer.getInteger("sandbox.s3.port", d.s3Port()),
                Integer.getInteger("sandbox.sqs.port", d.sqsPort()),
                dataDir == null || dataDir.isBlank() ? null : Path.of(dataDir),
                Boolean.parseBoolean(System.getProperty("sandbox.events", "true")),
                System.getProperty("replicator.source.bucket", d.sourceBucket()),
                System.getProperty("replicator.target.bucket", d.targetBucket()),
                System.getProperty("replicator.queue", d.queue()),
                System.getProperty("replicator.dead-letter-queue", d.deadLetterQueue()),
                System.getProperty("replicator.held-deletes-queue", d.heldDeletesQueue()),
                System.getProperty("replicator.source.region", d.sourceRegion()),
                System.getProperty("replicator.target.region", d.targetRegion()),
                System.getProperty("sandbox.state-bucket", System.getProperty("replicator.state.bucket",
                        d.stateBucket())),
                Faults.fromSystemProperties(),
                List.of(System.getProperty("sandbox.notified-buckets",
                        System.getProperty("replicator.source.bucket", d.sourceBucket())).split(",")),
                Boolean.parseBoolean(System.getProperty("sandbox.regions.enforce", "true")));
    }

    public SandboxSettings withPorts(int s3Port, int sqsPort) {
        return new SandboxSettings(host, s3Port, sqsPort, dataDir, events, sourceBucket, targetBucket, queue,
                deadLetterQueue, heldDeletesQueue, sourceRegion, targetRegion, stateBucket, faults, notifiedBuckets,
                enforceRegions);
    }

    public SandboxSettings withEvents(boolean events) {
        return new SandboxSettings(host, s3Port, sqsPort, dataDir, events, sourceBucket, targetBucket, queue,
                deadLetterQueue, heldDeletesQueue, sourceRegion, targetRegion, stateBucket, faults, notifiedBuckets,
                enforceRegions);
    }

    public SandboxSettings withFaults(Faults faults) {
        return new SandboxSettings(host, s3Port, sqsPort, dataDir, events, sourceBucket, targetBucket, queue,
                deadLetterQueue, heldDeletesQueue, sourceRegion, targetRegion, stateBucket, faults, notifiedBuckets,
                enforceRegions);
    }

    public SandboxSettings withNotifiedBuckets(String... buckets) {
        return new SandboxSettings(host, s3Port, sqsPort, dataDir, events, sourceBucket, targetBucket, queue,
                deadLetterQueue, heldDeletesQueue, sourceRegion, targetRegion, stateBucket, faults, List.of(buckets),
                enforceRegions);
    }

    public SandboxSettings withRegionsEnforced(boolean enforceRegions) {
        return new SandboxSettings(host, s3Port, sqsPort, dataDir, events, sourceBucket, targetBucket, queue,
                deadLetterQueue, heldDeletesQueue, sourceRegion, targetRegion, stateBucket, faults, notifiedBuckets,
                enforceRegions);
    }

    public String s3Endpoint() {
        return "http://" + host + ":" + s3Port;
    }

    public String sqsEndpoint() {
        return "http://" + host + ":" + sqsPort;
    }
}
