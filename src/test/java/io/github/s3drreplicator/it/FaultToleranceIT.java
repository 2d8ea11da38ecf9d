package io.github.s3drreplicator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import io.github.s3drreplicator.sandbox.Faults;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.spi.CamelEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Slow S3, shutdowns and permanent failures: a sandbox that adds latency to every S3 call, so that records are
 * still being applied when the test looks.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FaultToleranceIT {

    private static final long LATENCY_MS = 400;

    private AwsTestEnvironment environment;
    private S3Client s3;
    private SqsClient sqs;

    @BeforeAll
    void start() throws Exception {
        environment = SandboxEnvironment.start(new Faults(0, 0, LATENCY_MS, 0, 0, 0), true);
        s3 = environment.s3Client();
        sqs = environment.sqsClient();
    }

    @AfterAll
    void stop() throws Exception {
        environment.close();
    }

    private static String unique(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8) + "/";
    }

    @Test
    void aRecordSlowerThanTheVisibilityTimeoutKeepsItsMessageHiddenUntilDone() throws Exception {
        String key = unique("slow") + "takes a while.txt";
        // every S3 call takes longer than the 2 s visibility timeout: the consumer extends it every second (Camel
        // extends at half the timeout, at least every second, so a 1 s timeout would race the extension)
        try (AwsTestEnvironment slow = SandboxEnvironment.start(new Faults(0, 0, 2500, 0, 0, 0), true);
             S3Client slowS3 = slow.s3Client();
             RunningReplicator replicator = RunningReplicator.start(slow,
                     Map.of("replicator.sqs.visibility-timeout-seconds", "2"))) {
            AtomicLong received = replicator.count(event -> event instanceof CamelEvent.ExchangeCreatedEvent created
                    && "consume-s3-events".equals(created.getExchange().getFromRouteId())
                    && created.getExchange().getProperty(org.apache.camel.Exchange.SPLIT_INDEX) == null);
            slowS3.putObject(r -> r.bucket(AwsTestEnvironment.SOURCE_BUCKET).key(key), RequestBody.fromString("slow"));

            await().atMost(Duration.ofSeconds(60)).until(() -> !slowS3.listObjectsV2(r -> r
                    .bucket(AwsTestEnvironment.TARGET_BUCKET).prefix(key)).contents().isEmpty());
            await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6)).until(() -> received.get() == 1);
        }
    }

    @Test
    void sigtermLetsInFlightRecordsFinishAndLosesNothing() throws Exception {
        String prefix = unique("sigterm");
        // messages the stopped replica received but never started reappear after their visibility timeout
        try (ReplicatorProcess process = ReplicatorProcess.start("sigterm", environment,
                Map.of("replicator.sqs.visibility-timeout-seconds", "5"))) {
            for (int i = 0; i < 8; i++) {
                String key = prefix + "object-" + i;
                s3.putObject(r -> r.bucket(AwsTestEnvironment.SOURCE_BUCKET).key(key), RequestBody.fromString(key));
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> !s3.listObjectsV2(r -> r
                    .bucket(AwsTestEnvironment.TARGET_BUCKET).prefix(prefix)).contents().isEmpty());

            int exitCode = process.terminate(Duration.ofSeconds(60));

            assertThat(exitCode).as("exit code after SIGTERM").isIn(0, 143);
            // a normal stop, said as one: Camel's graceful shutdown, under the service's own two lines
            assertThat(process.log()).containsPattern("Stopping \\(SIGTERM\\): finishing \\d+ in-flight records")
                    .containsPattern("Stopped after \\d+\\.\\d s")
                    .contains("Apache Camel 4.18.0 (s3-dr-replicator) shutdown")
                    .doesNotContain("JVM shutdown hook triggered").doesNotContain("Forcing shutdown");
        }
        // whatever the stopped replica had not received yet is still on the queue for the next one
        try (RunningReplicator next = RunningReplicator.start(environment, Map.of())) {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> Buckets.assertMirrored(s3, prefix));
            assertThat(new DeadLetterQueue(sqs).containing(prefix)).isEmpty();
        }
    }

    @Test
    void missingDrBucketIsAPermanentFailureDeadLetteredWithItsReasonAndCounted() throws Exception {
        String queue = "broken-target-events-" + UUID.randomUUID().toString().substring(0, 8);
        String queueUrl = sqs.createQueue(r -> r.queueName(queue)).queueUrl();
        String key = unique("no-dr-bucket") + "orphan.txt";
        s3.putObject(r -> r.bucket(AwsTestEnvironment.SOURCE_BUCKET).key(key), RequestBody.fromString("x"));
        try (RunningReplicator replicator = RunningReplicator.start(environment, Map.of(
                "replicator.queue", queue, "replicator.target.bucket", "no-such-dr-bucket"))) {
            sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(ForgedEvents.notification("ObjectCreated:Put", key)));

            Message parked = new DeadLetterQueue(sqs).awaitOne(key);

            assertThat(DeadLetterQueue.attribute(parked, "replicator-failure-type")).isEqualTo("NoSuchBucket");
            MeterRegistry registry = replicator.context().getRegistry().findSingleByType(MeterRegistry.class);
            assertThat(registry.find("replicator.events.failed").tag("reason", "NoSuchBucket").counter().count())
                    .isEqualTo(1.0);
            // out of service, but alive: a restart would not bring the bucket back
            HttpClient http = HttpClient.newHttpClient();
            assertThat(http.send(HttpRequest.newBuilder(URI.create(replicator.managementUrl("/observe/health/ready")))
                    .build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(503);
            assertThat(http.send(HttpRequest.newBuilder(URI.create(replicator.managementUrl("/observe/health/live")))
                    .build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        }
    }
}
