package io.github.s3drreplicator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.s3drreplicator.sandbox.Outage;
import io.github.s3drreplicator.sandbox.OutageMode;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A region's S3, or SQS, goes down for longer than the visibility timeout times the queue's maxReceiveCount (here 2 s
 * x 5): the service pauses instead of dead-lettering, looks every second whether the buckets answer, and converges by
 * itself once they do.
 */
class RegionalOutageIT {

    private static final String PROD = AwsTestEnvironment.SOURCE_BUCKET;
    private static final String DR = AwsTestEnvironment.TARGET_BUCKET;
    private static final Duration RECOVERY = Duration.ofSeconds(60);
    /** Compressed timings: a message returns 2 s after it was received; the buckets are asked every second. */
    private static final Map<String, String> QUICK = Map.of(
            "replicator.sqs.visibility-timeout-seconds", "2",
            "replicator.outage.probe-interval-seconds", "1",
            "replicator.retry.max-redeliveries", "1");

    @Test
    void drRegionDownLongerThanTheQueueWouldKeepAMessageLosesNothingAndConvergesByItself() throws Exception {
        try (SandboxEnvironment environment = SandboxEnvironment.start(true);
             RunningReplicator replicator = RunningReplicator.start(environment, QUICK)) {
            S3Client s3 = environment.s3Client();
            List<String> keys = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                keys.add("outage/before " + i);
                put(s3, keys.get(i));
            }
            await().atMost(RECOVERY).ignoreExceptions().untilAsserted(() -> Buckets.assertMirrored(s3, "outage/"));

            environment.outage(Outage.s3("us-east-2", OutageMode.UNAVAILABLE));
            long outageStarted = System.nanoTime();
            for (int i = 0; i < 100; i++) {
                put(s3, "outage/during " + i);
            }
            for (String key : keys) {
                s3.deleteObject(r -> r.bucket(PROD).key(key));
            }
            MeterRegistry meters = replicator.context().getRegistry().findSingleByType(MeterRegistry.class);
            await().atMost(Duration.ofSeconds(30)).until(() -> available(meters, "replicator.target.available") == 0);
            assertThat(replicator.get("/observe/health/ready?exposureLevel=full")).contains("dr-bucket in us-east-2");
            // well past visibility timeout x maxReceiveCount, the gauge still says so
            await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(500))
                    .until(() -> System.nanoTime() - outageStarted > Duration.ofSeconds(20).toNanos());
            assertThat(available(meters, "replicator.target.available")).isZero();
            assertThat(available(meters, "replicator.source.available")).isEqualTo(1);

            environment.recover(Outage.S3, "us-east-2");

            await().atMost(RECOVERY).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                    .untilAsserted(() -> Buckets.assertMirrored(s3, "outage/"));
            assertThat(Buckets.contents(s3, DR, "outage/")).hasSize(100);
            assertThat(Queues.depth(environment, AwsTestEnvironment.DEAD_LETTER_QUEUE)).as("dead letters").isZero();
            assertThat(available(meters, "replicator.target.available")).isEqualTo(1);
        }
    }

    @Test
    void sourceRegionDownDeletesNothingInDrUntilItAnswers() throws Exception {
        // notifications are the test's: production deletes, then its region goes down before the replicator looks
        try (SandboxEnvironment environment = SandboxEnvironment.start(false);
             RunningReplicator replicator = RunningReplicator.start(environment, QUICK)) {
            S3Client s3 = environment.s3Client();
            for (int i = 0; i < 10; i++) {
                String key = "source-down/object " + i;
                put(s3, key);
                s3.copyObject(r -> r.sourceBucket(PROD).sourceKey(key).destinationBucket(DR).destinationKey(key));
            }
            s3.deleteObject(r -> r.bucket(PROD).key("source-down/object 0"));
            s3.deleteObject(r -> r.bucket(PROD).key("source-down/object 1"));
            environment.outage(Outage.s3("us-east-1", OutageMode.UNAVAILABLE));
            String queue = environment.sqsClient().getQueueUrl(r -> r.queueName(AwsTestEnvironment.QUEUE)).queueUrl();
            for (String key : List.of("source-down/object 0", "source-down/object 1")) {
                environment.sqsClient().sendMessage(r -> r.queueUrl(queue)
                        .messageBody(ForgedEvents.notification("ObjectRemoved:Delete", key)));
            }

            MeterRegistry meters = replicator.context().getRegistry().findSingleByType(MeterRegistry.class);
            await().atMost(Duration.ofSeconds(30)).until(() -> available(meters, "replicator.source.available") == 0);
            assertThat(Buckets.contents(s3, DR, "source-down/")).as("nothing deleted while production cannot be read")
                    .hasSize(10);

            environment.recover(Outage.S3, "us-east-1");

            await().atMost(RECOVERY).ignoreExceptions()
                    .untilAsserted(() -> assertThat(Buckets.contents(s3, DR, "source-down/")).hasSize(8));
            Buckets.assertMirrored(s3, "source-down/");
            assertThat(Queues.depth(environment, AwsTestEnvironment.DEAD_LETTER_QUEUE)).as("dead letters").isZero();
        }
    }

    @Test
    void sqsDownForThirtySecondsTheServiceLivesAndConverges() throws Exception {
        try (SandboxEnvironment environment = SandboxEnvironment.start(true);
             RunningReplicator replicator = RunningReplicator.start(environment, QUICK)) {
            S3Client s3 = environment.s3Client();
            environment.outage(Outage.sqs(OutageMode.REFUSE));
            long down = System.nanoTime();
            for (int i = 0; i < 10; i++) {
                put(s3, "sqs-down/object " + i);
            }
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() ->
                    System.nanoTime() - down > Duration.ofSeconds(30).toNanos()
                            && replicator.get("/observe/health/live").contains("UP"));

            environment.recover(Outage.SQS, null);

            await().atMost(RECOVERY).ignoreExceptions().untilAsserted(() -> Buckets.assertMirrored(s3, "sqs-down/"));
            assertThat(Buckets.contents(s3, DR, "sqs-down/")).hasSize(10);
        }
    }

    private static void put(S3Client s3, String key) {
        s3.putObject(r -> r.bucket(PROD).key(key), RequestBody.fromString("content of " + key));
    }

    private static double available(MeterRegistry meters, String gauge) {
        Gauge found = meters.find(gauge).tag("pair", "default").gauge();
        return found == null ? -1 : found.value();
    }
}
