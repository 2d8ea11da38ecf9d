package io.github.s3drreplicator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.s3drreplicator.audit.AuditCommand;
import io.github.s3drreplicator.sandbox.Hold;
import io.github.s3drreplicator.sandbox.HoldRule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * Failback while production is live: {@code restore} copies DR back while the application writes and deletes the same
 * keys in production. Every copy is conditioned on what production held when the restore looked; when S3 refuses one
 * because production changed, the restore looks again and keeps the application's newer state, a write or a
 * deletion. The race is made deterministic by holding the restore's own write into production until the application
 * has acted.
 */
class RestoreWhileWritingIT {

    private static final String PROD = AwsTestEnvironment.SOURCE_BUCKET;
    private static final String DR = AwsTestEnvironment.TARGET_BUCKET;
    private static final Duration WAIT = Duration.ofSeconds(60);

    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.withoutEvents().versioned(PROD);

    @Test
    void aWriteMadeWhileTheRestoresCopyWasOnItsWayIsKept() throws Exception {
        S3Client s3 = SANDBOX.s3();
        String key = "held/copy.txt";
        s3.putObject(r -> r.bucket(DR).key(key), RequestBody.fromString("from DR"));

        Hold copy = SANDBOX.hold(HoldRule.hold("CopyObject", PROD, key).copiedFrom(DR));
        CompletableFuture<JsonNode> restore = restore(key);
        copy.awaitArrived(WAIT);
        s3.putObject(r -> r.bucket(PROD).key(key), RequestBody.fromString("written by the application"));
        copy.release();

        JsonNode report = restore.join().at("/pairs/0");
        assertThat(Buckets.contents(s3, PROD, key)).isEqualTo(Map.of(key,
                Buckets.sha256Of("written by the application")));
        assertThat(report.get("restored").asLong()).isZero();
        assertThat(report.get("newerInProductionKept").asLong()).isEqualTo(1);
        assertThat(report.get("failed").asLong()).isZero();
    }

    @Test
    void aWriteMadeWhileTheRestoresCopyInPartsWasOnItsWayIsKept() throws Exception {
        S3Client s3 = SANDBOX.s3();
        String key = "held/in parts.bin";
        uploadInParts(s3, DR, key);

        Hold completion = SANDBOX.hold(HoldRule.hold("CompleteMultipartUpload", PROD, key));
        CompletableFuture<JsonNode> restore = restore(key);
        completion.awaitArrived(WAIT);
        s3.putObject(r -> r.bucket(PROD).key(key), RequestBody.fromString("written by the application"));
        completion.release();

        JsonNode report = restore.join().at("/pairs/0");
        assertThat(Buckets.contents(s3, PROD, key)).isEqualTo(Map.of(key,
                Buckets.sha256Of("written by the application")));
        assertThat(report.get("newerInProductionKept").asLong()).isEqualTo(1);
        assertThat(s3.listMultipartUploads(r -> r.bucket(PROD)).uploads()).as("no upload left behind").isEmpty();
    }

    @Test
    void aDeletionMadeWhileTheRestoresCopyWasOnItsWayIsKept() throws Exception {
        S3Client s3 = SANDBOX.s3();
        String key = "held/deleted.txt";
        // production holds an older version than DR's, written before the restore begins: the restore overwrites it
        s3.putObject(r -> r.bucket(PROD).key(key), RequestBody.fromString("older in production"));
        nextSecond();
        s3.putObject(r -> r.bucket(DR).key(key), RequestBody.fromString("newer in DR"));
        nextSecond();

        Hold copy = SANDBOX.hold(HoldRule.hold("CopyObject", PROD, key).copiedFrom(DR));
        CompletableFuture<JsonNode> restore = restore(key);
        copy.awaitArrived(WAIT);
        s3.deleteObject(r -> r.bucket(PROD).key(key));
        copy.release();

        JsonNode report = restore.join().at("/pairs/0");
        assertThat(Buckets.contents(s3, PROD, key)).as("the application's deletion, kept").isEmpty();
        assertThat(report.get("newerInProductionKept").asLong()).isEqualTo(1);
        assertThat(report.get("failed").asLong()).isZero();
    }

    /** The application writes every key while a restore of 150 runs, each write racing the restore's copy. */
    @Test
    void restoreNeverOverwritesAWriteOfTheApplication() throws Exception {
        S3Client s3 = SANDBOX.s3();
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            String key = "live/object " + i;
            keys.add(key);
            // what DR kept through the outage; production lost all of it
            s3.putObject(r -> r.bucket(DR).key(key), RequestBody.fromString("from DR " + key));
        }
        Map<String, String> written = new ConcurrentHashMap<>();
        CompletableFuture<JsonNode> restore = restore("live/");
        for (String key : keys) {
            String content = "written by the application " + key;
            s3.putObject(r -> r.bucket(PROD).key(key), RequestBody.fromString(content));
            written.put(key, content);
        }
        JsonNode report = restore.join().at("/pairs/0");

        Map<String, String> production = Buckets.contents(s3, PROD, "live/");
        assertThat(production).hasSize(keys.size());
        for (String key : keys) {
            assertThat(production.get(key)).as("production's %s after the restore", key)
                    .isEqualTo(Buckets.sha256Of(written.get(key)));
        }
        assertThat(report.get("failed").asLong()).isZero();
    }

    private static CompletableFuture<JsonNode> restore(String prefix) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return Commands.json("restore", SANDBOX.environment(), Map.of(), AuditCommand.IN_SYNC,
                        "--prefix", prefix);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static void uploadInParts(S3Client s3, String bucket, String key) {
        byte[] part = new byte[5 * 1024 * 1024];
        new Random(7).nextBytes(part);
        String uploadId = s3.createMultipartUpload(r -> r.bucket(bucket).key(key)).uploadId();
        List<CompletedPart> parts = new ArrayList<>();
        for (int number = 1; number <= 3; number++) {
            int partNumber = number;
            byte[] body = number == 3 ? java.util.Arrays.copyOf(part, 1024) : part;
            String eTag = s3.uploadPart(r -> r.bucket(bucket).key(key).uploadId(uploadId).partNumber(partNumber),
                    RequestBody.fromBytes(body)).eTag();
            parts.add(CompletedPart.builder().partNumber(partNumber).eTag(eTag).build());
        }
        s3.completeMultipartUpload(r -> r.bucket(bucket).key(key).uploadId(uploadId)
                .multipartUpload(u -> u.parts(parts)));
    }

    /** S3 dates in whole seconds: what follows is written in a later second. */
    private static void nextSecond() {
        long now = Instant.now().getEpochSecond();
        await().pollInterval(Duration.ofMillis(50)).until(() -> Instant.now().getEpochSecond() > now);
    }
}
