package io.github.s3drreplicator.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.s3drreplicator.audit.AuditCommand;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Failback while production is live: {@code restore} copies DR back while the application writes the same keys in
 * production. Every copy is conditioned on what production held when restore looked, so no write the application made
 * after that is ever overwritten: S3 refuses the copy, restore looks again and keeps the newer write.
 */
class RestoreWhileWritingIT {

    private static final String PROD = AwsTestEnvironment.SOURCE_BUCKET;
    private static final String DR = AwsTestEnvironment.TARGET_BUCKET;
    private static final int KEYS = 150;

    @Test
    void restoreNeverOverwritesAWriteNewerThanWhatItSaw() throws Exception {
        try (AwsTestEnvironment environment = SandboxEnvironment.start(false)) {
            S3Client s3 = environment.s3Client();
            List<String> keys = new ArrayList<>();
            for (int i = 0; i < KEYS; i++) {
                String key = "live/object " + i;
                keys.add(key);
                // what DR kept through the outage; production lost all of it
                s3.putObject(r -> r.bucket(DR).key(key), RequestBody.fromString("from DR " + key));
            }

            // the application comes back and writes every key while the restore runs
            Map<String, String> written = new ConcurrentHashMap<>();
            CompletableFuture<JsonNode> restore = CompletableFuture.supplyAsync(() -> {
                try {
                    return Commands.json("restore", environment, Map.of(), AuditCommand.IN_SYNC);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            for (String key : keys) {
                String content = "written by the application " + key;
                s3.putObject(r -> r.bucket(PROD).key(key), RequestBody.fromString(content));
                written.put(key, content);
            }
            JsonNode report = restore.join().at("/pairs/0");

            Map<String, String> production = Buckets.contents(s3, PROD, "live/");
            assertThat(production).hasSize(KEYS);
            for (String key : keys) {
                assertThat(production.get(key)).as("production's %s after the restore", key)
                        .isEqualTo(Buckets.sha256Of(written.get(key)));
            }
            assertThat(report.get("failed").asLong()).isZero();
        }
    }
}
