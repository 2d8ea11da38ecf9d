package io.github.s3drreplicator.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.s3drreplicator.audit.AuditCommand;
import io.github.s3drreplicator.audit.InventoryReportWriter;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Lost notifications and objects older than the replicator: with the sandbox's notifications off, DR lacks some
 * objects, holds others changed and some that production no longer has. The audit counts each exactly and exits 1;
 * {@code --repair} makes DR equal to production and exits 0; a second audit finds nothing.
 */
class DriftAuditIT {

    private static final String PREFIX = "audit/";

    @Test
    void auditFindsExactDriftAndRepairBringsDrInSync() throws Exception {
        try (AwsTestEnvironment environment = SandboxEnvironment.start(false)) {
            S3Client s3 = environment.s3Client();
            List<String> keys = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                keys.add(PREFIX + (i % 7 == 0 ? "dir " + i + "/€ object+" : "object-") + i);
            }
            for (String key : keys) {
                s3.putObject(r -> r.bucket(AwsTestEnvironment.SOURCE_BUCKET).key(key), RequestBody.fromString(key));
            }
            // 200 already in DR, 30 of them with other content; 100 missing; 40 in DR only
            for (String key : keys.subList(0, 200)) {
                s3.copyObject(r -> r.sourceBucket(AwsTestEnvironment.SOURCE_BUCKET).sourceKey(key)
                        .destinationBucket(AwsTestEnvironment.TARGET_BUCKET).destinationKey(key));
            }
            for (String key : keys.subList(0, 30)) {
                s3.putObject(r -> r.bucket(AwsTestEnvironment.TARGET_BUCKET).key(key), RequestBody.fromString("stale"));
            }
            for (int i = 0; i < 40; i++) {
                String orphan = PREFIX + "orphan-" + i;
                s3.putObject(r -> r.bucket(AwsTestEnvironment.TARGET_BUCKET).key(orphan), RequestBody.fromString("x"));
            }

            java.nio.file.Path manifest = java.nio.file.Files.createTempFile("batch-manifest", ".csv");
            JsonNode found = Commands.json("audit", environment, Map.of(), AuditCommand.DRIFT,
                    "--keys-out", manifest.toString());
            assertThat(found.at("/drift/missing").asLong()).isEqualTo(100);
            assertThat(found.at("/drift/changed").asLong()).isEqualTo(30);
            assertThat(found.at("/drift/extra").asLong()).isEqualTo(40);
            assertThat(found.at("/compared").asLong()).isEqualTo(300);
            // the keys to copy, as an S3 Batch Operations manifest: bucket, URL-encoded key
            List<String> lines = java.nio.file.Files.readAllLines(manifest);
            assertThat(lines).hasSize(130).allMatch(line -> line.startsWith(AwsTestEnvironment.SOURCE_BUCKET + ","));
            assertThat(lines.stream().map(line -> java.net.URLDecoder.decode(line.substring(line.indexOf(',') + 1),
                    java.nio.charset.StandardCharsets.UTF_8))).containsAll(keys.subList(200, 300))
                    .containsAll(keys.subList(0, 30));
            java.nio.file.Files.delete(manifest);

            JsonNode repaired = Commands.json("audit", environment, Map.of(),
                    AuditCommand.IN_SYNC, "--repair", "--json");
            assertThat(repaired.at("/repair/repaired").asLong()).isEqualTo(170);
            Buckets.assertMirrored(s3, PREFIX);

            JsonNode again = Commands.json("audit", environment, Map.of(), AuditCommand.IN_SYNC, "--json");
            assertThat(again.at("/inSync").asBoolean()).isTrue();
        }
    }

    @Test
    void keysUnderTheReplicatorsFormerOwnPrefixAreAuditedRepairedAndRestoredLikeAnyOther() throws Exception {
        // earlier versions kept their state under .s3-dr-replicator/ in DR and left such keys out; now they are users'
        String own = ".s3-dr-replicator/";
        try (AwsTestEnvironment environment = SandboxEnvironment.start(false)) {
            S3Client s3 = environment.s3Client();
            for (String key : List.of(own + "delete-breaker/default.json", own + "notes.txt")) {
                s3.putObject(r -> r.bucket(AwsTestEnvironment.SOURCE_BUCKET).key(key), RequestBody.fromString(key));
            }
            s3.putObject(r -> r.bucket(AwsTestEnvironment.TARGET_BUCKET).key(own + "orphan"),
                    RequestBody.fromString("x"));

            JsonNode found = Commands.json("audit", environment, Map.of(), AuditCommand.DRIFT);
            assertThat(found.at("/drift/missing").asLong()).isEqualTo(2);
            assertThat(found.at("/drift/extra").asLong()).isEqualTo(1);
            Commands.json("audit", environment, Map.of(), AuditCommand.IN_SYNC, "--repair");
            Buckets.assertMirrored(s3, "");
            assertThat(Buckets.contents(s3, AwsTestEnvironment.TARGET_BUCKET, own)).hasSize(2);

            // production loses one; restore brings it back from DR
            s3.deleteObject(r -> r.bucket(AwsTestEnvironment.SOURCE_BUCKET).key(own + "notes.txt"));
            JsonNode restored = Commands.json("restore", environment, NO_SQS, AuditCommand.IN_SYNC).at("/pairs/0");
            assertThat(restored.get("restored").asLong()).isEqualTo(1);
            Buckets.assertMirrored(s3, "");
        }
    }

    /** An SQS endpoint where nothing listens: the audit must never need it. */
    static final Map<String, String> NO_SQS = Map.of("replicator.sqs.endpoint", "http://127.0.0.1:9");

    @Test
    void noDeleteKeepsWhatIsOnlyInDrAndPrefixLimitsTheAuditWhichTalksToS3Only() throws Exception {
        try (AwsTestEnvironment environment = SandboxEnvironment.start(false)) {
            S3Client s3 = environment.s3Client();
            s3.putObject(r -> r.bucket(AwsTestEnvironment.SOURCE_BUCKET).key("kept/new"), RequestBody.fromString("n"));
            s3.putObject(r -> r.bucket(AwsTestEnvironment.TARGET_BUCKET).key("kept/old"), RequestBody.fromString("o"));
            s3.putObject(r -> r.bucket(AwsTestEnvironment.SOURCE_BUCKET).key("elsewhere/x"),
                    RequestBody.fromString("x"));

            Commands.json("audit", environment, NO_SQS,
                    AuditCommand.IN_SYNC, "--repair", "--no-delete", "--prefix", "kept/", "--json");

            assertThat(s3.listObjectsV2(r -> r.bucket(AwsTestEnvironment.TARGET_BUCKET)).contents())
                    .extracting(o -> o.key()).containsExactlyInAnyOrder("kept/new", "kept/old");
            JsonNode after = Commands.json("audit", environment, NO_SQS,
                    AuditCommand.DRIFT, "--prefix", "kept/", "--json");
            assertThat(after.at("/drift/extra").asLong()).isEqualTo(1);
            assertThat(after.at("/drift/missing").asLong()).isZero();
        }
    }

    @Test
    void auditReadsTheSourceSideFromAnInventoryReport() throws Exception {
        try (AwsTestEnvironment environment = SandboxEnvironment.start(false)) {
            S3Client s3 = environment.s3Client();
            // S3 delivers reports into the source's region; copied to a bucket in a region the configuration never
            // names, they read as well
            s3.createBucket(r -> r.bucket("inventory-bucket")
                    .createBucketConfiguration(c -> c.locationConstraint("us-west-2")));
            List<InventoryReportWriter.Row> rows = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                String key = "inventoried/€ " + i;
                s3.putObject(r -> r.bucket(AwsTestEnvironment.SOURCE_BUCKET).key(key), RequestBody.fromString(key));
                var head = s3.headObject(r -> r.bucket(AwsTestEnvironment.SOURCE_BUCKET).key(key));
                rows.add(InventoryReportWriter.Row.current(key, head.contentLength(), head.eTag().replace("\"", ""),
                        head.lastModified()));
                if (i < 40) {
                    s3.copyObject(r -> r.sourceBucket(AwsTestEnvironment.SOURCE_BUCKET).sourceKey(key)
                            .destinationBucket(AwsTestEnvironment.TARGET_BUCKET).destinationKey(key));
                }
            }
            s3.putObject(r -> r.bucket(AwsTestEnvironment.TARGET_BUCKET).key("inventoried/orphan"),
                    RequestBody.fromString("x"));
            String manifest = InventoryReportWriter.write(s3, "inventory-bucket", AwsTestEnvironment.SOURCE_BUCKET,
                    InventoryReportWriter.CURRENT_VERSIONS, List.of(rows.subList(25, 50), rows.subList(0, 25)))
                    .manifestUri();

            JsonNode found = Commands.json("audit", environment, Map.of(),
                    AuditCommand.DRIFT, "--inventory", manifest, "--json");
            assertThat(found.at("/compared").asLong()).isEqualTo(50);
            assertThat(found.at("/drift/missing").asLong()).isEqualTo(10);
            assertThat(found.at("/drift/extra").asLong()).isEqualTo(1);

            Commands.json("audit", environment, Map.of(),
                    AuditCommand.IN_SYNC, "--inventory", manifest, "--repair", "--json");
            Buckets.assertMirrored(s3, "inventoried/");
        }
    }

    @Test
    void scheduledAuditExportsDriftAndRepairsWhenConfigured() throws Exception {
        try (AwsTestEnvironment environment = SandboxEnvironment.start(false)) {
            S3Client s3 = environment.s3Client();
            for (int i = 0; i < 5; i++) {
                String key = "scheduled/" + i;
                s3.putObject(r -> r.bucket(AwsTestEnvironment.SOURCE_BUCKET).key(key), RequestBody.fromString(key));
            }
            try (RunningReplicator replicator = RunningReplicator.start(environment, Map.of(
                    "replicator.audit.schedule", "2s", "replicator.audit.first-delay", "0",
                    "replicator.audit.repair", "true"))) {
                org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).untilAsserted(() ->
                        Buckets.assertMirrored(s3, "scheduled/"));
                assertThat(replicator.context().getRegistry().findSingleByType(
                        io.micrometer.core.instrument.MeterRegistry.class).find("replicator.drift.objects")
                        .tag("kind", "missing").gauge()).isNotNull();
            }
        }
    }
}
