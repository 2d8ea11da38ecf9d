package io.github.s3drreplicator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.s3drreplicator.audit.AuditCommand;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A backfill shared by the service's replicas: {@code audit --repair --via-queue} sends the repair of every drifted
 * key to the replication queue and returns; two replicas, each a process of its own, apply the repairs as they apply
 * events, each a share, until DR equals production. Keys missing in DR, changed there, and only there (a delete the
 * breaker counts) alike.
 */
class BackfillViaQueueIT {

    private static final String PREFIX = "backfill/";
    private static final String SOURCE = AwsTestEnvironment.SOURCE_BUCKET;
    private static final String DR = AwsTestEnvironment.TARGET_BUCKET;
    /** Each replica works on one message at a time, polling one at a time: neither can take the whole backfill. */
    private static final Map<String, String> SLOW_REPLICA = Map.of("replicator.workers", "1",
            "replicator.sqs.concurrent-consumers", "1");
    private static final Pattern REPAIRS = Pattern.compile(
            "^replicator_repairs_total\\{outcome=\"([a-z-]+)\",pair=\"default\",?} ([0-9.E]+)$", Pattern.MULTILINE);

    @Test
    void twoReplicasShareABackfillTheAuditSentThroughTheQueue() throws Exception {
        try (SandboxEnvironment environment = SandboxEnvironment.start(false)) {
            S3Client s3 = environment.s3Client();
            List<String> keys = new ArrayList<>();
            for (int i = 0; i < 240; i++) {
                keys.add(PREFIX + (i % 9 == 0 ? "dir " + i + "/€ key+" : "object-") + i);
            }
            keys.parallelStream().forEach(key -> s3.putObject(r -> r.bucket(SOURCE).key(key),
                    RequestBody.fromString(key)));
            // 20 copies in DR that are stale, 10 keys only in DR: 220 missing, 20 changed, 10 extra
            for (String key : keys.subList(0, 20)) {
                s3.putObject(r -> r.bucket(DR).key(key), RequestBody.fromString("stale"));
            }
            for (int i = 0; i < 10; i++) {
                String orphan = PREFIX + "orphan-" + i;
                s3.putObject(r -> r.bucket(DR).key(orphan), RequestBody.fromString("x"));
            }

            try (ReplicatorProcess a = ReplicatorProcess.start("backfill-a", environment, SLOW_REPLICA);
                 ReplicatorProcess b = ReplicatorProcess.start("backfill-b", environment, SLOW_REPLICA)) {
                JsonNode sent = Commands.json("audit", environment, Map.of(), AuditCommand.IN_SYNC, "--repair",
                        "--via-queue");

                assertThat(sent.at("/drift/missing").asLong()).isEqualTo(220);
                assertThat(sent.at("/drift/changed").asLong()).isEqualTo(20);
                assertThat(sent.at("/drift/extra").asLong()).isEqualTo(10);
                assertThat(sent.at("/repair/queued").asLong()).isEqualTo(250);
                assertThat(sent.at("/repair/failed").asLong()).isZero();
                assertThat(sent.at("/repair/repaired").asLong()).as("repaired here: none").isZero();
                assertThat(sent.at("/repair/queue").asText()).isEqualTo("prod-bucket-events");

                await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                        .untilAsserted(() -> {
                            assertThat(Queues.depth(environment, "prod-bucket-events")).isZero();
                            assertThat(repairs(a.metrics()) + repairs(b.metrics())).isEqualTo(250);
                        });
                Buckets.assertMirrored(s3, PREFIX);
                // both did a share, and every repair came to a write: 240 copies, 10 deletes
                assertThat(repairs(a.metrics())).isPositive();
                assertThat(repairs(b.metrics())).isPositive();
                assertThat(repairs(a.metrics(), "copied") + repairs(b.metrics(), "copied")).isEqualTo(240);
                assertThat(repairs(a.metrics(), "deleted") + repairs(b.metrics(), "deleted")).isEqualTo(10);
                assertThat(Queues.depth(environment, "prod-bucket-events-dlq")).isZero();
            }

            JsonNode after = Commands.json("audit", environment, Map.of(), AuditCommand.IN_SYNC);
            assertThat(after.at("/inSync").asBoolean()).isTrue();
        }
    }

    /** This replica's repairs from the queue, every outcome or one. */
    private static double repairs(String metrics, String... outcome) {
        double sum = 0;
        Matcher matcher = REPAIRS.matcher(metrics);
        while (matcher.find()) {
            if (outcome.length == 0 || outcome[0].equals(matcher.group(1))) {
                sum += Double.parseDouble(matcher.group(2));
            }
        }
        return sum;
    }
}
