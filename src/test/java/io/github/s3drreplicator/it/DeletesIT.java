package io.github.s3drreplicator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.s3drreplicator.audit.AuditCommand;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Tag;

/**
 * Disaster-proof deletes: the delete modes retain and delayed keep DR's copy, marked, and the audit counts it as
 * retained rather than drift. The delete-storm breaker has DeleteStormIT.
 */
class DeletesIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String SOURCE = AwsTestEnvironment.SOURCE_BUCKET;
    private static final String DR = AwsTestEnvironment.TARGET_BUCKET;

    @Test
    void retainKeepsDrsCopyTaggedWithTheTimeOfDeletionAndTheAuditSeesNoDrift() throws Exception {
        try (AwsTestEnvironment environment = SandboxEnvironment.start(true);
             RunningReplicator replicator = RunningReplicator.start(environment,
                     Map.of("replicator.delete.mode", "retain"))) {
            S3Client s3 = environment.s3Client();
            put(s3, "retain/kept.txt", "v1", Map.of("team", "blue"));
            put(s3, "retain/other.txt", "x", Map.of());
            await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> Buckets.assertMirrored(s3, "retain/"));

            Instant before = Instant.now().minusSeconds(1);
            s3.deleteObject(r -> r.bucket(SOURCE).key("retain/kept.txt"));

            await().atMost(WAIT).ignoreExceptions().untilAsserted(() ->
                    assertThat(tags(s3, DR, "retain/kept.txt")).containsKey("replicator-deleted-at"));
            Map<String, String> tags = tags(s3, DR, "retain/kept.txt");
            assertThat(tags).containsEntry("team", "blue").doesNotContainKey("replicator-delete-after-days");
            assertThat(Instant.parse(tags.get("replicator-deleted-at"))).isAfterOrEqualTo(before.minusSeconds(1));
            assertThat(Buckets.contents(s3, DR, "retain/")).containsKeys("retain/kept.txt", "retain/other.txt");

            JsonNode audit = Commands.json("audit", environment, Map.of("replicator.delete.mode", "retain"),
                    AuditCommand.IN_SYNC);
            assertThat(audit.at("/retained").asLong()).isEqualTo(1);
            assertThat(audit.at("/drift/extra").asLong()).isZero();
            JsonNode mirrorAudit = Commands.json("audit", environment, Map.of(), AuditCommand.DRIFT);
            assertThat(mirrorAudit.at("/drift/extra").asLong()).as("in mirror mode a kept copy is drift").isEqualTo(1);

            // back in production: DR's copy is production's again, without the marks
            put(s3, "retain/kept.txt", "v2", Map.of("team", "green"));
            await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> {
                Buckets.assertMirrored(s3, "retain/");
                assertThat(tags(s3, DR, "retain/kept.txt")).containsExactly(Map.entry("team", "green"));
            });
        }
    }

    @Test
    void delayedWritesDrsCopyAnewWithTheDelayTheLifecycleRuleExpiresItBy() throws Exception {
        Map<String, String> delayed = Map.of("replicator.delete.mode", "delayed", "replicator.delete.delay", "7");
        try (AwsTestEnvironment environment = SandboxEnvironment.start(true);
             RunningReplicator replicator = RunningReplicator.start(environment, delayed)) {
            S3Client s3 = environment.s3Client();
            put(s3, "delayed/a.txt", "a", Map.of("team", "blue"));
            await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> Buckets.assertMirrored(s3, "delayed/"));
            Instant copied = s3.headObject(r -> r.bucket(DR).key("delayed/a.txt")).lastModified();
            String content = Buckets.contents(s3, DR, "delayed/").get("delayed/a.txt");

            // S3 counts a lifecycle rule's days from an object's last write: one second later is a later write
            await().pollDelay(Duration.ofMillis(1100)).until(() -> true);
            s3.deleteObject(r -> r.bucket(SOURCE).key("delayed/a.txt"));

            await().atMost(WAIT).ignoreExceptions().untilAsserted(() ->
                    assertThat(tags(s3, DR, "delayed/a.txt")).containsEntry("replicator-delete-after-days", "7")
                            .containsKey("replicator-deleted-at").containsEntry("team", "blue"));
            assertThat(s3.headObject(r -> r.bucket(DR).key("delayed/a.txt")).lastModified()).isAfter(copied);
            assertThat(Buckets.contents(s3, DR, "delayed/")).containsEntry("delayed/a.txt", content);
            assertThat(Commands.json("audit", environment, delayed,
                    AuditCommand.IN_SYNC).at("/retained").asLong()).isEqualTo(1);
        }
    }

    private static void put(S3Client s3, String key, String content, Map<String, String> tags) {
        s3.putObject(r -> r.bucket(SOURCE).key(key).tagging(software.amazon.awssdk.services.s3.model.Tagging.builder()
                .tagSet(tags.entrySet().stream().map(t -> Tag.builder().key(t.getKey()).value(t.getValue()).build())
                        .toList()).build()), RequestBody.fromString(content));
    }

    private static Map<String, String> tags(S3Client s3, String bucket, String key) {
        return s3.getObjectTagging(r -> r.bucket(bucket).key(key)).tagSet().stream()
                .collect(Collectors.toMap(Tag::key, Tag::value));
    }

}
