package io.github.s3drreplicator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import io.github.s3drreplicator.audit.AuditCommand;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;

/**
 * Failback while production is live: the service runs both directions at once, production to DR and DR back to
 * production, in one replica and in two. A random history writes and deletes a few keys on one side at a time,
 * several times within the replication lag, switching sides at random moments, with a {@code restore} in the middle.
 * At the end both buckets are equal byte for byte, and every key holds its last write (or is gone, if that was a
 * delete): no write is lost to a late replica of an older one, and no deleted key comes back.
 *
 * <p>Both buckets are versioned, as both directions need (docs/convergence.md). A switch of sides leaves a second
 * between the last write on one side and the first on the other: S3's timestamps count whole seconds.
 */
class BothDirectionsHistoryIT {

    private static final String PROD = AwsTestEnvironment.SOURCE_BUCKET;
    private static final String DR = AwsTestEnvironment.TARGET_BUCKET;
    private static final String PREFIX = "history/";
    private static final int KEYS = 6;
    private static final int OPERATIONS = Integer.getInteger("history.operations", 60);
    private static final Duration WAIT = Duration.ofSeconds(90);

    // a record whose key the history rewrites faster than it can copy gives up after its rounds and redeliveries and
    // comes back after the visibility timeout, as it should: 10 s instead of 120 keeps that within the test's wait
    private static final Map<String, String> BOTH_DIRECTIONS = Map.of(
            "replicator.sqs.visibility-timeout-seconds", "10",
            "replicator.pairs", "default,failback",
            "replicator.pair.failback.source.bucket", DR,
            "replicator.pair.failback.source.region", "us-east-2",
            "replicator.pair.failback.target.bucket", PROD,
            "replicator.pair.failback.target.region", "us-east-1");

    @ParameterizedTest(name = "{0} replica(s)")
    @ValueSource(ints = {1, 2})
    void everyKeyEndsHoldingItsLastWriteOnBothSides(int replicas) throws Exception {
        long seed = Long.getLong("history.seed", System.nanoTime());
        Random random = new Random(seed);
        try (AwsTestEnvironment environment =
                     SandboxEnvironment.start(settings -> settings.withNotifiedBuckets(PROD, DR))) {
            S3Client s3 = environment.s3Client();
            for (String bucket : List.of(PROD, DR)) {
                s3.putBucketVersioning(r -> r.bucket(bucket)
                        .versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
            }
            List<RunningReplicator> services = new ArrayList<>();
            try {
                for (int i = 0; i < replicas; i++) {
                    services.add(RunningReplicator.start(environment, BOTH_DIRECTIONS));
                }
                Map<String, String> last = new TreeMap<>();
                History history = new History(s3, random, last);
                history.run(OPERATIONS / 2);
                // failover: production's writes arrive in DR, the application moves there, and production is
                // restored from DR while the service goes on in both directions
                awaitEqual(s3, environment, last, seed);
                history.switchTo(DR);
                history.run(5);
                JsonAssert.report(Commands.json("restore", environment, Map.of(), AuditCommand.IN_SYNC));
                history.run(OPERATIONS - OPERATIONS / 2 - 5);

                awaitEqual(s3, environment, last, seed);
            } finally {
                for (RunningReplicator service : services) {
                    service.close();
                }
            }
        }
    }

    private static void awaitEqual(S3Client s3, AwsTestEnvironment environment, Map<String, String> last, long seed) {
        Map<String, String> expected = new TreeMap<>();
        last.forEach((key, content) -> {
            if (content != null) {
                expected.put(key, Buckets.sha256Of(content));
            }
        });
        await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).ignoreExceptions().untilAsserted(() -> {
            assertThat(Buckets.contents(s3, PROD, PREFIX)).as("production, history seed %d", seed)
                    .isEqualTo(expected);
            assertThat(Buckets.contents(s3, DR, PREFIX)).as("DR, history seed %d", seed).isEqualTo(expected);
            assertThat(Queues.depth(environment, AwsTestEnvironment.QUEUE)).isZero();
        });
    }

    /** The application: writes and deletes on one side at a time, and the last write of every key. */
    private static final class History {
        private final S3Client s3;
        private final Random random;
        private final Map<String, String> last;
        private String side = PROD;
        private int written;
        private long lastWriteSecond;

        History(S3Client s3, Random random, Map<String, String> last) {
            this.s3 = s3;
            this.random = random;
            this.last = last;
        }

        void run(int operations) {
            for (int i = 0; i < operations; i++) {
                if (random.nextInt(8) == 0) {
                    switchTo(side.equals(PROD) ? DR : PROD);
                }
                String key = PREFIX + "key-" + random.nextInt(KEYS);
                if (random.nextInt(4) == 0) {
                    s3.deleteObject(r -> r.bucket(side).key(key));
                    last.put(key, null);
                } else {
                    String content = side + " write " + (++written) + " of " + key;
                    s3.putObject(r -> r.bucket(side).key(key), RequestBody.fromString(content));
                    last.put(key, content);
                }
                lastWriteSecond = Instant.now().getEpochSecond();
            }
        }

        /** The application moves to the other side, in a later second than its last write here. */
        void switchTo(String other) {
            if (!other.equals(side)) {
                await().pollInterval(Duration.ofMillis(50))
                        .until(() -> Instant.now().getEpochSecond() > lastWriteSecond);
                side = other;
            }
        }
    }

    /** The restore's report, checked for failures. */
    private static final class JsonAssert {
        static void report(com.fasterxml.jackson.databind.JsonNode report) {
            assertThat(report.at("/pairs").findValues("failed")).allMatch(failed -> failed.asLong() == 0);
        }
    }

}
