package io.github.s3drreplicator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.s3drreplicator.audit.AuditCommand;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.Tag;

/**
 * Failback after a regional outage: {@code restore} copies DR back into production (missing and older objects, in
 * parts where large, with their metadata, and copies kept after a deletion without their marks) and keeps what is
 * newer in production; and the service run in both directions at once copies every write exactly once.
 */
class FailbackIT {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String PROD = AwsTestEnvironment.SOURCE_BUCKET;
    private static final String DR = AwsTestEnvironment.TARGET_BUCKET;
    // an SQS endpoint where nothing listens: audit and restore talk to S3 only
    private static final Map<String, String> NO_SQS = Map.of("replicator.sqs.endpoint", "http://127.0.0.1:9");

    @Test
    void restoreCopiesMissingAndOlderObjectsBackAndKeepsNewerOnes() throws Exception {
        try (AwsTestEnvironment environment = SandboxEnvironment.start(false)) {
            S3Client s3 = environment.s3Client();
            for (int i = 0; i < 10; i++) {
                String key = "restore/object " + i;
                s3.putObject(r -> r.bucket(PROD).key(key).contentType("text/plain").metadata(Map.of("owner", "ann")),
                        RequestBody.fromString(key));
            }
            // uploaded in parts: copied in its parts both ways
            Uploads.inParts(s3, PROD, "restore/large.bin", 12 << 20, 5 << 20);
            Commands.json("audit", environment, NO_SQS, AuditCommand.IN_SYNC, "--repair");
            Buckets.assertMirrored(s3, "restore/");

            // the outage: production loses objects, one is changed there later, DR holds a newer one, and DR kept
            // one production deleted (delete mode retain)
            for (int i = 0; i < 4; i++) {
                String key = "restore/object " + i;
                s3.deleteObject(r -> r.bucket(PROD).key(key));
            }
            s3.deleteObject(r -> r.bucket(PROD).key("restore/large.bin"));
            await().pollDelay(Duration.ofMillis(1100)).until(() -> true);
            s3.putObject(r -> r.bucket(PROD).key("restore/object 5"), RequestBody.fromString("newer in production"));
            s3.putObject(r -> r.bucket(DR).key("restore/object 6"), RequestBody.fromString("newer in DR"));
            s3.putObject(r -> r.bucket(DR).key("restore/was deleted")
                    .tagging("replicator-deleted-at=2026-11-20T00:00:00Z&team=blue"),
                    RequestBody.fromString("kept by DR"));

            JsonNode dryRun = Commands.json("restore", environment, NO_SQS,
                    AuditCommand.DRIFT, "--dry-run", "--prefix",
                    "restore/").at("/pairs/0");
            assertThat(dryRun.get("missingInProduction").asLong()).isEqualTo(6);
            assertThat(dryRun.get("olderInProduction").asLong()).isEqualTo(1);
            assertThat(dryRun.get("newerInProductionKept").asLong()).isEqualTo(1);
            assertThat(s3.listObjectsV2(r -> r.bucket(PROD).prefix("restore/")).keyCount()).isEqualTo(6);

            JsonNode restored = Commands.json("restore", environment, NO_SQS,
                    AuditCommand.IN_SYNC).at("/pairs/0");
            assertThat(restored.get("restored").asLong()).isEqualTo(7);

            Map<String, String> prod = Buckets.contents(s3, PROD, "restore/");
            Map<String, String> dr = Buckets.contents(s3, DR, "restore/");
            assertThat(prod.get("restore/object 5")).isNotEqualTo(dr.get("restore/object 5"));
            prod.remove("restore/object 5");
            dr.remove("restore/object 5");
            assertThat(prod).isEqualTo(dr);
            HeadObjectResponse back = s3.headObject(r -> r.bucket(PROD).key("restore/object 1"));
            assertThat(back.contentType()).startsWith("text/plain");
            assertThat(back.metadata()).containsEntry("owner", "ann");
            assertThat(tags(s3, PROD, "restore/was deleted")).containsExactly(Map.entry("team", "blue"));

            JsonNode again = Commands.json("restore", environment, NO_SQS,
                    AuditCommand.IN_SYNC, "--dry-run").at("/pairs/0");
            assertThat(again.get("missingInProduction").asLong() + again.get("olderInProduction").asLong()).isZero();
        }
    }

    @Test
    void bothDirectionsAtOnceCopyEveryWriteExactlyOnce() throws Exception {
        Map<String, String> properties = new HashMap<>();
        properties.putAll(Map.of(
                "replicator.pairs", "default,failback",
                "replicator.pair.failback.source.bucket", DR,
                "replicator.pair.failback.source.region", "us-east-2",
                "replicator.pair.failback.target.bucket", PROD,
                "replicator.pair.failback.target.region", "us-east-1"));
        try (AwsTestEnvironment environment =
                     SandboxEnvironment.start(settings -> settings.withNotifiedBuckets(PROD, DR));
             RunningReplicator replicator = RunningReplicator.start(versioned(environment), properties)) {
            S3Client s3 = environment.s3Client();
            for (int i = 0; i < 10; i++) {
                String key = "both/prod " + i;
                s3.putObject(r -> r.bucket(PROD).key(key), RequestBody.fromString(key));
                String drKey = "both/dr " + i;
                s3.putObject(r -> r.bucket(DR).key(drKey), RequestBody.fromString(drKey));
            }
            Uploads.inParts(s3, PROD, "both/large.bin", 12 << 20, 5 << 20);
            await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> {
                assertThat(Buckets.contents(s3, DR, "both/")).hasSize(21);
                assertThat(Buckets.contents(s3, PROD, "both/")).isEqualTo(Buckets.contents(s3, DR, "both/"));
            });
            s3.deleteObject(r -> r.bucket(DR).key("both/prod 3"));
            await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> {
                assertThat(Buckets.contents(s3, PROD, "both/")).hasSize(20);
                assertThat(Buckets.contents(s3, PROD, "both/")).isEqualTo(Buckets.contents(s3, DR, "both/"));
            });

            // every loop ended: the queue is empty and stays so, with one copy per write and one delete
            MeterRegistry meters = replicator.context().getRegistry().findSingleByType(MeterRegistry.class);
            await().atMost(WAIT).during(Duration.ofSeconds(3))
                    .until(() -> Queues.depth(environment, AwsTestEnvironment.QUEUE) == 0);
            assertThat(count(meters, "replicator.objects.copied")).isEqualTo(21);
            assertThat(count(meters, "replicator.objects.deleted")).isEqualTo(1);
        }
    }

    /**
     * Both directions need versioning on both buckets (a delete leaves no other trace, docs/convergence.md), and the
     * service checks it before it consumes anything: turned on before it starts.
     */
    private static AwsTestEnvironment versioned(AwsTestEnvironment environment) {
        S3Client s3 = environment.s3Client();
        for (String bucket : List.of(PROD, DR)) {
            s3.putBucketVersioning(r -> r.bucket(bucket)
                    .versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
        }
        return environment;
    }

    private static double count(MeterRegistry meters, String name) {
        return meters.find(name).counters().stream().mapToDouble(Counter::count).sum();
    }

    private static Map<String, String> tags(S3Client s3, String bucket, String key) {
        return s3.getObjectTagging(r -> r.bucket(bucket).key(key)).tagSet().stream()
                .collect(Collectors.toMap(Tag::key, Tag::value));
    }

}
