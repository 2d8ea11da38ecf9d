package io.github.s3drreplicator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.s3drreplicator.audit.AuditCommand;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The overwrite guard ({@code replicator.overwrite.breaker.max-per-minute}): ransomware encrypting production in
 * place writes new bytes over every key. Copies replacing an object DR holds are counted over every replica, in the
 * breaker's state in the state bucket; beyond the limit the breaker opens for an overwrite storm, DR keeps its
 * versions, and the copies wait on the held-deletes queue, through a restart of every replica, until an operator
 * decides.
 */
class OverwriteStormIT {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String PROD = AwsTestEnvironment.SOURCE_BUCKET;
    private static final String DR = AwsTestEnvironment.TARGET_BUCKET;
    private static final String HELD = "prod-bucket-events-held-deletes";

    @Test
    void theGuardTripsOnAStormSpreadOverTwoReplicasAndHoldsThroughARestartOfBoth() throws Exception {
        Map<String, String> settings = new HashMap<>();
        settings.put("replicator.overwrite.breaker.max-per-minute", "10");
        settings.put("replicator.sqs.visibility-timeout-seconds", "5");
        try (SandboxEnvironment environment = SandboxEnvironment.start(true)) {
            S3Client s3 = environment.s3Client();
            List<String> keys = IntStream.range(0, 40).mapToObj(i -> String.format("enc/%03d", i)).toList();
            keys.forEach(key -> put(s3, key, "content of " + key));
            String stormBefore;
            try (ReplicatorProcess a = ReplicatorProcess.start("overwrite-a", environment, settings);
                 ReplicatorProcess b = ReplicatorProcess.start("overwrite-b", environment, settings)) {
                await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> Buckets.assertMirrored(s3, "enc/"));
                // new keys are no overwrites: 40 copies, none counted
                assertThat(overwritten(a.metrics()) + overwritten(b.metrics())).isZero();

                // encrypted in place, every key, both replicas taking the events
                keys.forEach(key -> put(s3, key, "encrypted " + key));

                await().atMost(WAIT).untilAsserted(() -> assertThat(Queues.depth(environment, HELD))
                        .isGreaterThanOrEqualTo(30));
                await().atMost(WAIT).untilAsserted(() -> assertThat(overwritten(a.metrics())
                        + overwritten(b.metrics())).isEqualTo(10));
                assertThat(encryptedInDr(s3, keys)).as("DR keeps its versions beyond the limit").isEqualTo(10);
                Commands.Result status = Commands.run(environment, Map.of(), "breaker", "status");
                assertThat(status.exit()).as(status.out()).isEqualTo(1);
                assertThat(status.out()).contains("pair default: OPEN", "(overwrite)",
                        "more than 10 copies replacing objects DR holds within a minute"
                                + " (replicator.overwrite.breaker.max-per-minute)", " overwrite ");
                stormBefore = storm(status.out());
                assertThat(stormBefore).isNotEmpty();
                a.kill();
                b.kill();
            }

            try (ReplicatorProcess a = ReplicatorProcess.start("overwrite-a-again", environment, settings);
                 ReplicatorProcess b = ReplicatorProcess.start("overwrite-b-again", environment, settings)) {
                // new pods, the same storm: further copies over DR's objects are held, not applied anew
                List<String> again = keys.subList(0, 5);
                again.forEach(key -> put(s3, key, "encrypted again " + key));
                await().atMost(WAIT).untilAsserted(() -> assertThat(held(a.metrics()) + held(b.metrics()))
                        .isGreaterThanOrEqualTo(5));
                assertThat(overwritten(a.metrics()) + overwritten(b.metrics())).isZero();
                assertThat(encryptedInDr(s3, keys)).isEqualTo(10);
                assertThat(a.metrics()).contains("replicator_delete_breaker_open{pair=\"default\"} 1.0");
                Commands.Result status = Commands.run(environment, Map.of(), "breaker", "status");
                assertThat(status.exit()).isEqualTo(1);
                assertThat(storm(status.out())).isEqualTo(stormBefore);

                // an audit's repairs sent through the queue are the service's: the copies the open breaker holds are
                // parked beside the events', not reported by a process that has already ended
                long parked = Queues.depth(environment, HELD);
                JsonNode sent = Commands.json("audit", environment, Map.of(), AuditCommand.IN_SYNC, "--repair",
                        "--via-queue", "--prefix", "enc/");
                long queued = sent.at("/repair/queued").asLong();
                assertThat(queued).as(sent.toString()).isGreaterThan(5);
                await().atMost(WAIT).untilAsserted(() -> assertThat(Queues.depth(environment, HELD))
                        .isGreaterThanOrEqualTo(parked + queued));
                assertThat(encryptedInDr(s3, keys)).isEqualTo(10);

                // the operator lets them through: DR mirrors production again
                Commands.Result resumed = Commands.run(environment, Map.of(), "breaker", "resume");
                assertThat(resumed.exit()).as(resumed.err()).isZero();
                assertThat(resumed.out()).contains("overwrite storm " + stormBefore + " released")
                        .doesNotContain("failed", "not finished");
                await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> Buckets.assertMirrored(s3, "enc/"));
                assertThat(Queues.depth(environment, HELD)).isZero();
                Commands.Result after = Commands.run(environment, Map.of(), "breaker", "status");
                assertThat(after.exit()).as(after.out()).isZero();
            }
        }
    }

    private static void put(S3Client s3, String key, String content) {
        s3.putObject(r -> r.bucket(PROD).key(key), RequestBody.fromString(content));
    }

    /** DR's objects that hold a version production wrote over the original. */
    private static long encryptedInDr(S3Client s3, List<String> keys) {
        Map<String, String> dr = Buckets.contents(s3, DR, "enc/");
        return keys.stream().filter(key -> !Buckets.sha256Of("content of " + key).equals(dr.get(key))).count();
    }

    private static double overwritten(String metrics) {
        return counter(metrics, "replicator_objects_overwritten_total");
    }

    private static double held(String metrics) {
        return counter(metrics, "replicator_deletes_held_total");
    }

    private static double counter(String metrics, String name) {
        Matcher value = Pattern.compile(name + "\\{pair=\"default\"} (\\S+)").matcher(metrics);
        return value.find() ? Double.parseDouble(value.group(1)) : 0;
    }

    /** The storm the breaker is open for, as breaker status says. */
    private static String storm(String status) {
        Matcher storm = Pattern.compile("for storm (\\S+) ").matcher(status);
        return storm.find() ? storm.group(1) : "";
    }
}
