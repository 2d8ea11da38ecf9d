package io.github.s3drreplicator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.s3drreplicator.audit.AuditCommand;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.Tag;

/**
 * Ransomware day, end to end, with the replicator running as in production: 60 objects (two uploaded in parts, all
 * with metadata and tags) are mirrored into a versioned DR; then 40 are overwritten with random bytes, 15 deleted and a
 * ransom note written. The replicator mirrors the overwrites, as it must, and the delete breaker (at 5 a minute) lets
 * the first deletes through before it holds the rest. {@code restore --as-of} an instant before the attack brings all
 * 60 back byte for byte with their metadata and tags, from DR's versions, leaves the note until {@code --prune}, and
 * once the breaker is resumed DR mirrors production again. On the sandbox, and on moto where it is installed.
 */
class RansomwareDayIT {

    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final String PROD = AwsTestEnvironment.SOURCE_BUCKET;
    private static final String DR = AwsTestEnvironment.TARGET_BUCKET;
    private static final String PREFIX = "data/";
    private static final String NOTE = "data/READ_ME_TO_RECOVER_YOUR_FILES.txt";
    private static final Map<String, String> BREAKER = Map.of("replicator.delete.breaker.max-per-minute", "5");

    @Test
    void onTheSandbox() throws Exception {
        try (SandboxEnvironment environment = SandboxEnvironment.start(true)) {
            ransomwareDay(environment);
        }
    }

    @Test
    void onMoto() throws Exception {
        try (MotoEnvironment environment = MotoEnvironment.startOrSkip("RansomwareDayIT",
                MotoEnvironment.Delivery.DIRECT)) {
            ransomwareDay(environment);
        }
    }

    private static void ransomwareDay(AwsTestEnvironment environment) throws Exception {
        S3Client s3 = environment.s3Client();
        s3.putBucketVersioning(r -> r.bucket(DR).versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
        try (RunningReplicator replicator = RunningReplicator.start(environment, BREAKER)) {
            List<String> keys = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                keys.add(String.format("%sobject-%02d", PREFIX, i));
            }
            Random random = new Random(60);
            for (int i = 0; i < keys.size(); i++) {
                String key = keys.get(i);
                Map<String, String> metadata = Map.of("owner", "ann", "number", String.valueOf(i));
                String tagging = "team=blue&number=" + i;
                if (i < 2) {
                    // uploaded in parts: restored in its own parts
                    Uploads.inParts(s3, PROD, key, 11 << 20, 5 << 20, b -> b.contentType("application/x-parts")
                            .metadata(metadata).tagging(tagging), length -> RequestBody.fromBytes(bytes(random,
                            (int) length)));
                } else {
                    s3.putObject(r -> r.bucket(PROD).key(key).contentType("text/plain").metadata(metadata)
                            .tagging(tagging), RequestBody.fromBytes(bytes(random, 1000 + 37 * keys.indexOf(key))));
                }
            }
            await().atMost(WAIT).pollInterval(Duration.ofSeconds(1))
                    .until(() -> eTags(s3, DR).size() == 60 && eTags(s3, DR).equals(eTags(s3, PROD)));
            Buckets.assertMirrored(s3, PREFIX);
            Map<String, String> before = Buckets.contents(s3, PROD, PREFIX);
            Map<String, Looks> looksBefore = looks(s3, keys);

            nextSecond();
            Instant instant = Instant.now();
            nextSecond();

            // the attack: 40 encrypted in place (one uploaded in parts), 15 deleted (one uploaded in parts), a note
            List<String> overwritten = new ArrayList<>(keys.subList(2, 41));
            overwritten.add(0, keys.get(0));
            List<String> deleted = new ArrayList<>(keys.subList(41, 55));
            deleted.add(0, keys.get(1));
            for (int i = 0; i < overwritten.size(); i++) {
                String key = overwritten.get(i);
                // half of the same size as before: only their ETags tell them apart
                int size = i % 2 == 0 ? Math.toIntExact(s3.headObject(r -> r.bucket(PROD).key(key)).contentLength())
                        : 4096;
                s3.putObject(r -> r.bucket(PROD).key(key), RequestBody.fromBytes(bytes(random, size)));
            }
            for (String key : deleted) {
                s3.deleteObject(r -> r.bucket(PROD).key(key));
            }
            s3.putObject(r -> r.bucket(PROD).key(NOTE), RequestBody.fromString("Pay 10 BTC to get your files back"));

            // DR mirrors the encryption and the note; the breaker lets the first deletes through, then holds
            await().atMost(WAIT).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                Map<String, String> production = eTags(s3, PROD);
                Map<String, String> dr = eTags(s3, DR);
                for (String key : overwritten) {
                    assertThat(dr.get(key)).as("DR's %s", key).isEqualTo(production.get(key));
                }
                assertThat(dr).containsKey(NOTE);
            });
            await().atMost(WAIT).pollInterval(Duration.ofSeconds(1))
                    .until(() -> Commands.run(environment, BREAKER, "breaker", "status").exit() == 1);
            Map<String, String> dr = eTags(s3, DR);
            long deletedInDr = deleted.stream().filter(key -> !dr.containsKey(key)).count();
            assertThat(deletedInDr).as("the storm's first deletes reached DR").isBetween(1L, 14L);
            nextSecond();

            // finding the instant: what changed since, per kind
            JsonNode dryRun = restore(environment, AuditCommand.DRIFT, instant, "--dry-run");
            assertThat(dryRun.get("unchanged").asLong()).isEqualTo(5);
            assertThat(dryRun.at("/changedSince/overwritten").asLong()).isEqualTo(40);
            assertThat(dryRun.at("/changedSince/deleted").asLong()).isEqualTo(15);
            assertThat(dryRun.at("/changedSince/createdSince").asLong()).isEqualTo(1);
            assertThat(dryRun.get("toRestore").asLong()).isEqualTo(55);
            assertThat(dryRun.get("toPrune").asLong()).isZero();
            assertThat(dryRun.at("/sample/createdSince/0").asText()).isEqualTo(NOTE);
            assertThat(Instant.parse(dryRun.at("/firstChange/overwritten").asText())).isAfter(instant);
            // DR as it is now holds the encryption, and still the originals of the deletes the breaker holds
            JsonNode now = restore(environment, AuditCommand.DRIFT, Instant.now(), "--dry-run");
            assertThat(now.at("/changedSince/overwritten").asLong()).isZero();
            assertThat(now.at("/changedSince/deleted").asLong()).isEqualTo(15 - deletedInDr);
            assertThat(now.get("unchanged").asLong()).isEqualTo(5 + 40 + 1);

            JsonNode restored = restore(environment, AuditCommand.IN_SYNC, instant);
            assertThat(restored.get("restored").asLong()).isEqualTo(55);
            assertThat(restored.get("failed").asLong()).isZero();
            Map<String, String> expected = new HashMap<>(before);
            expected.put(NOTE, Buckets.sha256Of("Pay 10 BTC to get your files back"));
            assertThat(Buckets.contents(s3, PROD, PREFIX)).as("every one of the 60 byte for byte, and the note")
                    .isEqualTo(expected);
            assertThat(looks(s3, keys)).as("with their metadata and tags").isEqualTo(looksBefore);
            assertThat(s3.headObject(r -> r.bucket(PROD).key(keys.get(0))).eTag()).as("in its own parts")
                    .endsWith("-3\"");

            JsonNode pruned = restore(environment, AuditCommand.IN_SYNC, instant, "--prune");
            assertThat(pruned.get("toPrune").asLong()).isEqualTo(1);
            assertThat(pruned.get("pruned").asLong()).isEqualTo(1);
            assertThat(pruned.get("restored").asLong()).isZero();
            assertThat(Buckets.contents(s3, PROD, PREFIX)).isEqualTo(before);

            // the operator resumes the breaker: every held delete is reconciled against production, which has the
            // objects again, and only the note's goes through; DR mirrors production again
            Commands.Result resumed = Commands.run(environment, BREAKER, "breaker", "resume");
            assertThat(resumed.exit()).as(resumed.err()).isZero();
            await().atMost(WAIT).pollInterval(Duration.ofSeconds(1))
                    .until(() -> eTags(s3, DR).equals(eTags(s3, PROD)));
            assertThat(Buckets.contents(s3, DR, PREFIX)).isEqualTo(before);
            assertThat(restore(environment, AuditCommand.IN_SYNC, instant, "--dry-run", "--prune")
                    .get("unchanged").asLong()).isEqualTo(60);
        }
    }

    /** Key to ETag under the prefix, from a listing: the replicator's copies keep their source's ETag. */
    private static Map<String, String> eTags(S3Client s3, String bucket) {
        Map<String, String> eTags = new HashMap<>();
        s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(PREFIX)).contents()
                .forEach(object -> eTags.put(object.key(), object.eTag()));
        return eTags;
    }

    private static JsonNode restore(AwsTestEnvironment environment, int expectedExit, Instant instant,
                                    String... options) throws Exception {
        List<String> arguments = new ArrayList<>(List.of("--as-of", instant.toString(), "--prefix", PREFIX));
        arguments.addAll(List.of(options));
        return Commands.json("restore", environment, BREAKER, expectedExit, arguments.toArray(String[]::new))
                .at("/pairs/0");
    }

    /** What an object carries besides its bytes, as the store kept it. */
    private record Looks(String contentType, Map<String, String> metadata, Map<String, String> tags) {
    }

    private static Map<String, Looks> looks(S3Client s3, List<String> keys) {
        Map<String, Looks> looks = new HashMap<>();
        for (String key : keys) {
            HeadObjectResponse head = s3.headObject(r -> r.bucket(PROD).key(key));
            Map<String, String> tags = s3.getObjectTagging(r -> r.bucket(PROD).key(key)).tagSet().stream()
                    .collect(Collectors.toMap(Tag::key, Tag::value));
            looks.put(key, new Looks(head.contentType(), head.metadata(), tags));
        }
        return looks;
    }

    private static byte[] bytes(Random random, int size) {
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        return bytes;
    }

    /** S3 dates in whole seconds: what follows is in a later second. */
    private static void nextSecond() {
        long now = Instant.now().getEpochSecond();
        await().pollInterval(Duration.ofMillis(50)).until(() -> Instant.now().getEpochSecond() > now);
    }
}
