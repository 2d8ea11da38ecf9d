package io.github.s3drreplicator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.s3drreplicator.audit.AuditCommand;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketLocationConstraint;
import software.amazon.awssdk.services.s3.model.StorageClass;

/**
 * Two bucket pairs out of one source bucket: {@code logs/*.gz} goes to its own DR bucket in another region and
 * storage class, everything else to the default pair's. Records are routed by the pairs' filters, deletes follow
 * each to its own DR bucket, and the audit reports pair by pair.
 */
class BucketPairsIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String LOGS_DR = "dr-logs";

    private static Map<String, String> twoPairs() {
        return Map.of(
                "replicator.pairs", "logs,default",
                "replicator.pair.logs.source.bucket", AwsTestEnvironment.SOURCE_BUCKET,
                "replicator.pair.logs.source.prefix", "logs/",
                "replicator.pair.logs.source.suffix", ".gz",
                "replicator.pair.logs.target.bucket", LOGS_DR,
                "replicator.pair.logs.target.region", "us-west-2",
                "replicator.pair.logs.target.storage-class", "STANDARD_IA");
    }

    @Test
    void recordsGoToThePairWhoseFiltersSelectThemAndTheAuditReportsEachPair() throws Exception {
        try (AwsTestEnvironment environment = SandboxEnvironment.start(true)) {
            S3Client s3 = environment.s3Client();
            // in the region the pair names, as config/ would create it
            s3.createBucket(r -> r.bucket(LOGS_DR).createBucketConfiguration(c -> c.locationConstraint(
                    BucketLocationConstraint.US_WEST_2)));
            try (RunningReplicator replicator = RunningReplicator.start(environment, twoPairs())) {
                assertThat(replicator.context().getRegistry().lookupByName("s3Client-us-west-2")).isNotNull();
                for (String key : List.of("logs/app 1.gz", "logs/app.txt", "images/logs/cat.gz", "top.gz")) {
                    s3.putObject(r -> r.bucket(AwsTestEnvironment.SOURCE_BUCKET).key(key), RequestBody.fromString(key));
                }

                await().atMost(WAIT).untilAsserted(() -> {
                    assertThat(Buckets.contents(s3, LOGS_DR, "")).containsOnlyKeys("logs/app 1.gz");
                    assertThat(Buckets.contents(s3, AwsTestEnvironment.TARGET_BUCKET, ""))
                            .containsOnlyKeys("logs/app.txt", "images/logs/cat.gz", "top.gz");
                });
                assertThat(s3.headObject(r -> r.bucket(LOGS_DR).key("logs/app 1.gz")).storageClass())
                        .isEqualTo(StorageClass.STANDARD_IA);

                s3.deleteObject(r -> r.bucket(AwsTestEnvironment.SOURCE_BUCKET).key("logs/app 1.gz"));
                s3.deleteObject(r -> r.bucket(AwsTestEnvironment.SOURCE_BUCKET).key("top.gz"));
                await().atMost(WAIT).untilAsserted(() -> {
                    assertThat(Buckets.contents(s3, LOGS_DR, "")).isEmpty();
                    assertThat(Buckets.contents(s3, AwsTestEnvironment.TARGET_BUCKET, ""))
                            .containsOnlyKeys("logs/app.txt", "images/logs/cat.gz");
                });
            }

            // drift in each pair's DR bucket, while no replicator runs: found and repaired pair by pair
            s3.putObject(r -> r.bucket(AwsTestEnvironment.SOURCE_BUCKET).key("images/late.jpg"),
                    RequestBody.fromString("late"));
            s3.deleteObject(r -> r.bucket(AwsTestEnvironment.TARGET_BUCKET).key("images/logs/cat.gz"));
            s3.putObject(r -> r.bucket(LOGS_DR).key("logs/orphan.gz"), RequestBody.fromString("orphan"));

            JsonNode found = Commands.json("audit", environment, twoPairs(), AuditCommand.DRIFT);
            assertThat(Queues.depth(environment, AwsTestEnvironment.QUEUE))
                    .as("the audit leaves the queue to the service").isEqualTo(1);
            assertThat(found.at("/pairs/0/pair").asText()).isEqualTo("logs");
            assertThat(found.at("/pairs/0/drift/extra").asLong()).isEqualTo(1);
            assertThat(found.at("/pairs/0/drift/missing").asLong()).isZero();
            assertThat(found.at("/pairs/1/pair").asText()).isEqualTo("default");
            assertThat(found.at("/pairs/1/drift/missing").asLong()).isEqualTo(2);
            assertThat(found.at("/drift/missing").asLong() + found.at("/drift/extra").asLong()).isEqualTo(3);

            JsonNode onlyLogs = Commands.json("audit", environment, twoPairs(),
                    AuditCommand.IN_SYNC, "--pair", "logs", "--repair");
            assertThat(onlyLogs.at("/pairs").size()).isEqualTo(1);
            assertThat(Buckets.contents(s3, LOGS_DR, "")).isEmpty();
            Commands.json("audit", environment, twoPairs(), AuditCommand.IN_SYNC, "--repair");
            assertThat(Buckets.contents(s3, AwsTestEnvironment.TARGET_BUCKET, ""))
                    .containsOnlyKeys("logs/app.txt", "images/logs/cat.gz", "images/late.jpg");
        }
    }

}
