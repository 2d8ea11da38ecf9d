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
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.Tag;

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

    /**
     * Changes that keep the bytes: metadata edited in place in production (CopyObject onto itself, MetadataDirective
     * REPLACE), a website redirect added the same way, DR's copy with one header of its own, DR's copy outside the
     * pair's storage class, and tags that differ either way. The audit counts them as {@code metadata} and
     * {@code tags}, names the keys and the properties, and exits 1; {@code --content-only} sees none of it;
     * {@code --keys-out} lists the keys that need a copy; {@code --repair} makes every key's properties and tags equal
     * on both sides. Without the website redirect: S3Mock does not keep one.
     */
    @Test
    void metadataAndTagsChangedWithoutNewBytesAreDriftOfTheirOwnAndRepaired() throws Exception {
        try (AwsTestEnvironment environment = SandboxEnvironment.start(false)) {
            propertiesDriftIsFoundAndRepaired(environment, false, true);
        }
    }

    /**
     * The same with moto's S3 (skipped where moto_server is not installed), website redirect included. Without tags
     * only in DR: moto answers a PutObjectTagging of no tags, which removes them on S3, with a 500.
     */
    @Test
    void metadataAndTagDriftOnMoto() throws Exception {
        try (AwsTestEnvironment environment = MotoEnvironment.startOrSkip("DriftAuditIT",
                MotoEnvironment.Delivery.DIRECT)) {
            propertiesDriftIsFoundAndRepaired(environment, true, false);
        }
    }

    private static final String PROPS = "props/";
    /** The pair's storage class: DR's copies must be in it. */
    private static final Map<String, String> STANDARD_IA = Map.of("replicator.target.storage-class", "STANDARD_IA");

    /**
     * @param websiteRedirect with a key whose website redirect production changed (where the store keeps one)
     * @param tagsOnlyInDr    with a key whose tags are only in DR (its repair sets no tags)
     */
    private static void propertiesDriftIsFoundAndRepaired(AwsTestEnvironment environment, boolean websiteRedirect,
                                                          boolean tagsOnlyInDr) throws Exception {
        S3Client s3 = environment.s3Client();
        String source = AwsTestEnvironment.SOURCE_BUCKET;
        for (int i = 0; i < 20; i++) {
            putAndCopy(s3, PROPS + "in sync " + i, "text/plain", Map.of("owner", "ann"), null, "STANDARD_IA");
        }
        String edited = PROPS + "edited metadata.csv";
        String header = PROPS + "header only.txt";
        String redirect = PROPS + "redirect.html";
        String storageClass = PROPS + "storage-class.txt";
        String taggedInProduction = PROPS + "tagged in production.txt";
        String taggedInDr = PROPS + "tagged in DR.txt";
        String otherTags = PROPS + "other tags €.txt";
        List<String> metadataDrift = new ArrayList<>(List.of(edited, header, storageClass));
        List<String> tagDrift = new ArrayList<>(List.of(taggedInProduction, otherTags));
        putAndCopy(s3, edited, "text/plain", Map.of("owner", "ann"), null, "STANDARD_IA");
        putAndCopy(s3, header, "text/plain", Map.of(), null, "STANDARD_IA");
        // the same bytes, so the same ETag: only the header differs
        s3.putObject(r -> r.bucket(AwsTestEnvironment.TARGET_BUCKET).key(header).contentType("text/plain")
                .cacheControl("max-age=60").storageClass("STANDARD_IA"),
                RequestBody.fromString("content of " + header));
        putAndCopy(s3, storageClass, "text/plain", Map.of(), null, null);
        putAndCopy(s3, taggedInProduction, "text/plain", Map.of(), null, "STANDARD_IA");
        putAndCopy(s3, otherTags, "text/plain", Map.of(), "team=blue", "STANDARD_IA");
        // changed in production without new bytes: the ETags stay
        editInPlace(s3, edited, e -> e.metadata(Map.of("owner", "bob", "reviewed", "yes")).contentType("text/csv"));
        s3.putObjectTagging(r -> r.bucket(source).key(taggedInProduction).tagging(t -> t.tagSet(tag("team", "red"))));
        s3.putObjectTagging(r -> r.bucket(source).key(otherTags).tagging(t -> t.tagSet(tag("team", "green"))));
        if (websiteRedirect) {
            putAndCopy(s3, redirect, "text/html", Map.of("owner", "ann"), null, "STANDARD_IA");
            editInPlace(s3, redirect, e -> e.metadata(Map.of("owner", "ann")).contentType("text/html")
                    .websiteRedirectLocation("/latest.html"));
            metadataDrift.add(redirect);
        }
        if (tagsOnlyInDr) {
            putAndCopy(s3, taggedInDr, "text/plain", Map.of(), null, "STANDARD_IA");
            s3.putObjectTagging(r -> r.bucket(AwsTestEnvironment.TARGET_BUCKET).key(taggedInDr)
                    .tagging(t -> t.tagSet(tag("legal", "hold"))));
            tagDrift.add(taggedInDr);
        }
        assertThat(s3.headObject(r -> r.bucket(source).key(edited)).eTag())
                .isEqualTo(s3.headObject(r -> r.bucket(AwsTestEnvironment.TARGET_BUCKET).key(edited)).eTag());

        java.nio.file.Path manifest = java.nio.file.Files.createTempFile("batch-manifest", ".csv");
        JsonNode found = Commands.json("audit", environment, STANDARD_IA, AuditCommand.DRIFT,
                "--keys-out", manifest.toString());
        assertThat(found.at("/compared").asLong()).isEqualTo(20 + metadataDrift.size() + tagDrift.size());
        assertThat(found.at("/checked/metadata").asBoolean()).isTrue();
        assertThat(found.at("/checked/tags").asBoolean()).isTrue();
        assertThat(found.at("/drift/metadata").asLong()).as("%s", found).isEqualTo(metadataDrift.size());
        assertThat(found.at("/drift/tags").asLong()).isEqualTo(tagDrift.size());
        assertThat(found.at("/drift/missing").asLong() + found.at("/drift/changed").asLong()
                + found.at("/drift/extra").asLong()).isZero();
        JsonNode pair = found.at("/pairs/0");
        Map<String, List<String>> differing = new HashMap<>();
        pair.at("/sample/metadata").forEach(entry -> {
            List<String> properties = new ArrayList<>();
            entry.get("properties").forEach(property -> properties.add(property.asText()));
            differing.put(entry.get("key").asText(), properties);
        });
        assertThat(differing).containsOnlyKeys(metadataDrift);
        // S3Mock keeps the Content-Type of a copy in place; S3 and moto take the new one
        assertThat(differing.get(edited)).contains("metadata").isSubsetOf("metadata", "Content-Type");
        assertThat(differing.get(header)).containsExactly("Cache-Control");
        assertThat(differing.get(storageClass)).containsExactly("storage-class");
        if (websiteRedirect) {
            assertThat(differing.get(redirect)).containsExactly("website-redirect");
        }
        List<String> tagged = new ArrayList<>();
        pair.at("/sample/tags").forEach(key -> tagged.add(key.asText()));
        assertThat(tagged).containsExactlyInAnyOrderElementsOf(tagDrift);
        // a Batch Operations copy job gets the keys that need a copy: metadata yes, tags alone no
        assertThat(java.nio.file.Files.readAllLines(manifest).stream().map(line -> java.net.URLDecoder.decode(
                line.substring(line.indexOf(',') + 1), java.nio.charset.StandardCharsets.UTF_8)))
                .containsExactlyInAnyOrderElementsOf(metadataDrift);
        java.nio.file.Files.delete(manifest);
        Commands.Result text = Commands.run(environment, STANDARD_IA, "audit");
        assertThat(text.exit()).isEqualTo(AuditCommand.DRIFT);
        assertThat(text.out()).contains("  metadata " + metadataDrift.size(), "  tags     " + tagDrift.size(),
                header + " (Cache-Control)", storageClass + " (storage-class)", taggedInProduction);

        // content only, as rclone check: none of it seen, and said so
        JsonNode contentOnly = Commands.json("audit", environment, STANDARD_IA, AuditCommand.IN_SYNC,
                "--content-only");
        assertThat(contentOnly.at("/inSync").asBoolean()).isTrue();
        assertThat(contentOnly.at("/checked/metadata").asBoolean()).isFalse();
        assertThat(contentOnly.at("/drift/metadata").isNull()).isTrue();
        assertThat(Commands.run(environment, STANDARD_IA, "audit", "--content-only").out())
                .contains("metadata and tags not compared (--content-only)");

        JsonNode repaired = Commands.json("audit", environment, STANDARD_IA, AuditCommand.IN_SYNC, "--repair");
        assertThat(repaired.at("/repair/repaired").asLong()).isEqualTo(metadataDrift.size() + tagDrift.size());
        assertThat(repaired.at("/repair/failed").asLong()).isZero();
        for (S3Object object : s3.listObjectsV2(r -> r.bucket(source).prefix(PROPS)).contents()) {
            ObjectProperties.assertMirrored(s3, object.key());
            assertThat(s3.headObject(r -> r.bucket(AwsTestEnvironment.TARGET_BUCKET).key(object.key()))
                    .storageClassAsString()).as("DR's class of %s", object.key()).isEqualTo("STANDARD_IA");
        }
        if (tagsOnlyInDr) {
            assertThat(ObjectProperties.of(s3, AwsTestEnvironment.TARGET_BUCKET, taggedInDr).tags()).isEmpty();
        }
        Buckets.assertMirrored(s3, PROPS);

        JsonNode again = Commands.json("audit", environment, STANDARD_IA, AuditCommand.IN_SYNC);
        assertThat(again.at("/inSync").asBoolean()).isTrue();
    }

    /** In production, with these headers and tags, and copied into DR as it is, in that storage class. */
    private static void putAndCopy(S3Client s3, String key, String contentType, Map<String, String> metadata,
                                   String tagging, String storageClass) {
        s3.putObject(r -> r.bucket(AwsTestEnvironment.SOURCE_BUCKET).key(key).contentType(contentType)
                .metadata(metadata).tagging(tagging), RequestBody.fromString("content of " + key));
        s3.copyObject(r -> r.sourceBucket(AwsTestEnvironment.SOURCE_BUCKET).sourceKey(key)
                .destinationBucket(AwsTestEnvironment.TARGET_BUCKET).destinationKey(key).storageClass(storageClass));
    }

    /** A copy onto itself with new metadata (MetadataDirective REPLACE), as {@code aws s3 cp --metadata} does. */
    private static void editInPlace(S3Client s3, String key,
                                    java.util.function.UnaryOperator<CopyObjectRequest.Builder> edit) {
        s3.copyObject(edit.apply(CopyObjectRequest.builder().sourceBucket(AwsTestEnvironment.SOURCE_BUCKET)
                .sourceKey(key).destinationBucket(AwsTestEnvironment.SOURCE_BUCKET).destinationKey(key)
                .metadataDirective(MetadataDirective.REPLACE)).build());
    }

    private static Tag tag(String key, String value) {
        return Tag.builder().key(key).value(value).build();
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
