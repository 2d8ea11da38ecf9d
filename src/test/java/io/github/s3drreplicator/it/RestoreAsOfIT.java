package io.github.s3drreplicator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.s3drreplicator.audit.AuditCommand;
import io.github.s3drreplicator.sandbox.Hold;
import io.github.s3drreplicator.sandbox.HoldRule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketLocationConstraint;

/**
 * {@code restore --as-of} while the application writes: every copy back into production is conditioned on what
 * production held when the restore listed it, so a write the application makes meanwhile is kept, never overwritten.
 * The race is made deterministic by holding the restore's own write until the application has written. And what
 * the command refuses: a DR bucket without versions (a wrong instant is CliTest's).
 * DR's writes are made by hand here, as the replicator would make them (no replicator runs).
 */
class RestoreAsOfIT {

    private static final String PROD = AwsTestEnvironment.SOURCE_BUCKET;
    private static final String DR = AwsTestEnvironment.TARGET_BUCKET;
    private static final Duration WAIT = Duration.ofSeconds(60);

    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.withoutEvents().versioned(DR);

    @Test
    void aWriteMadeWhileTheRestoresCopyWasOnItsWayIsKept() throws Exception {
        S3Client s3 = SANDBOX.s3();
        String key = "held/copy.txt";
        Instant instant = attacked(key, () -> put(s3, key, "original"));

        Hold copy = SANDBOX.hold(HoldRule.hold("CopyObject", PROD, key).copiedFrom(DR));
        CompletableFuture<JsonNode> restore = restore(instant, key);
        copy.awaitArrived(WAIT);
        s3.putObject(r -> r.bucket(PROD).key(key), RequestBody.fromString("written by the application"));
        copy.release();

        JsonNode report = restore.join();
        assertThat(Buckets.contents(s3, PROD, key)).isEqualTo(Map.of(key,
                Buckets.sha256Of("written by the application")));
        assertThat(report.get("toRestore").asLong()).isEqualTo(1);
        assertThat(report.get("restored").asLong()).isZero();
        assertThat(report.get("newerInProductionKept").asLong()).isEqualTo(1);
        assertThat(report.get("failed").asLong()).isZero();
    }

    @Test
    void aWriteMadeWhileTheRestoresCopyInPartsWasOnItsWayIsKept() throws Exception {
        S3Client s3 = SANDBOX.s3();
        String key = "held/in parts.bin";
        Instant instant = attacked(key, () -> {
            Uploads.inParts(s3, PROD, key, 11 << 20, 5 << 20);
            Uploads.inParts(s3, DR, key, 11 << 20, 5 << 20);
        });

        Hold completion = SANDBOX.hold(HoldRule.hold("CompleteMultipartUpload", PROD, key));
        CompletableFuture<JsonNode> restore = restore(instant, key);
        completion.awaitArrived(WAIT);
        s3.putObject(r -> r.bucket(PROD).key(key), RequestBody.fromString("written by the application"));
        completion.release();

        JsonNode report = restore.join();
        assertThat(Buckets.contents(s3, PROD, key)).isEqualTo(Map.of(key,
                Buckets.sha256Of("written by the application")));
        assertThat(report.get("newerInProductionKept").asLong()).isEqualTo(1);
        assertThat(s3.listMultipartUploads(r -> r.bucket(PROD)).uploads()).as("no upload left behind").isEmpty();
    }

    @Test
    void aKeyTheApplicationWroteAgainBeforeThePruneIsKept() throws Exception {
        S3Client s3 = SANDBOX.s3();
        String key = "held/created since.txt";
        Instant instant = Instant.now();
        nextSecond();
        s3.putObject(r -> r.bucket(DR).key(key), RequestBody.fromString("ransom note"));
        s3.putObject(r -> r.bucket(PROD).key(key), RequestBody.fromString("ransom note"));
        nextSecond();

        Hold delete = SANDBOX.hold(HoldRule.hold("DeleteObject", PROD, key));
        CompletableFuture<JsonNode> restore = restore(instant, key, "--prune");
        delete.awaitArrived(WAIT);
        s3.putObject(r -> r.bucket(PROD).key(key), RequestBody.fromString("written by the application"));
        delete.release();

        JsonNode report = restore.join();
        assertThat(Buckets.contents(s3, PROD, key)).isEqualTo(Map.of(key,
                Buckets.sha256Of("written by the application")));
        assertThat(report.get("toPrune").asLong()).isEqualTo(1);
        assertThat(report.get("pruned").asLong()).isZero();
        assertThat(report.get("newerInProductionKept").asLong()).isEqualTo(1);
    }

    @Test
    void aDrBucketWithoutVersionsIsRefused() {
        S3Client s3 = SANDBOX.s3();
        String unversioned = "unversioned-dr-bucket";
        s3.createBucket(r -> r.bucket(unversioned).createBucketConfiguration(c -> c.locationConstraint(
                BucketLocationConstraint.fromValue(Region.US_EAST_2.id()))));
        Commands.Result run = Commands.run(SANDBOX.environment(), Map.of("replicator.target.bucket", unversioned),
                "restore", "--as-of", "2026-12-06T10:00:00Z", "--dry-run");
        assertThat(run.exit()).isEqualTo(AuditCommand.ERROR);
        assertThat(run.err()).contains(unversioned + " is not versioned");
    }

    @Test
    void theDryRunSaysWhatChangedSinceTheInstantAndAnOffsetNamesTheSameInstant() throws Exception {
        S3Client s3 = SANDBOX.s3();
        String key = "dry/overwritten.txt";
        Instant instant = attacked(key, () -> put(s3, key, "original"));
        JsonNode inUtc = Commands.json("restore", SANDBOX.environment(), Map.of(), AuditCommand.DRIFT, "--as-of",
                instant.toString(), "--prefix", "dry/", "--dry-run").at("/pairs/0");
        JsonNode withOffset = Commands.json("restore", SANDBOX.environment(), Map.of(), AuditCommand.DRIFT, "--as-of",
                instant.atOffset(java.time.ZoneOffset.ofHours(2)).toString(), "--prefix", "dry/", "--dry-run")
                .at("/pairs/0");
        assertThat(inUtc.at("/changedSince/overwritten").asLong()).isEqualTo(1);
        assertThat(withOffset).isEqualTo(inUtc);
        assertThat(Buckets.contents(s3, PROD, key)).as("a dry run writes nothing")
                .isEqualTo(Map.of(key, Buckets.sha256Of("encrypted")));
    }

    /**
     * The key written as {@code original} (in production, and in DR as the replicator copies it), an instant, then
     * overwritten with {@code encrypted} on both sides (the replicator mirrors the attack); returns the instant, with
     * a second gone since the attack.
     */
    private static Instant attacked(String key, Runnable original) {
        original.run();
        nextSecond();
        Instant instant = Instant.now();
        nextSecond();
        S3Client s3 = SANDBOX.s3();
        put(s3, key, "encrypted");
        nextSecond();
        return instant;
    }

    private static void put(S3Client s3, String key, String content) {
        s3.putObject(r -> r.bucket(PROD).key(key), RequestBody.fromString(content));
        s3.putObject(r -> r.bucket(DR).key(key), RequestBody.fromString(content));
    }

    private static CompletableFuture<JsonNode> restore(Instant instant, String prefix, String... options) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                List<String> arguments = new java.util.ArrayList<>(List.of("--as-of", instant.toString(),
                        "--prefix", prefix));
                arguments.addAll(List.of(options));
                return Commands.json("restore", SANDBOX.environment(), Map.of(), AuditCommand.IN_SYNC,
                        arguments.toArray(String[]::new)).at("/pairs/0");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** S3 dates in whole seconds: what follows is written in a later second. */
    private static void nextSecond() {
        long now = Instant.now().getEpochSecond();
        await().pollInterval(Duration.ofMillis(50)).until(() -> Instant.now().getEpochSecond() > now);
    }
}
