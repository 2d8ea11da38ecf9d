package io.github.s3drreplicator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import io.github.s3drreplicator.sandbox.HoldRule;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.Tag;

/**
 * DR holds exactly what production holds, whatever the history: two replicas on one queue, a random history of
 * writes, metadata edits (copies in place), tag edits, deletes, re-creations and server-side copies over a few keys
 * (some under hidden prefixes), while the sandbox holds back or answers late one request of the replicators' at a time
 * (their looks, copies, tag writes and deletes). Afterwards DR equals production in every key of the whole bucket,
 * and in every key's bytes, metadata and tags. The seed is printed on failure; {@code -Dhistory.seed=...} replays it,
 * {@code -Dhistory.operations=...} makes it longer.
 */
class OneDirectionHistoryIT {

    private static final String PROD = AwsTestEnvironment.SOURCE_BUCKET;
    private static final String DR = AwsTestEnvironment.TARGET_BUCKET;
    private static final List<String> KEYS = List.of("reports/a.csv", "reports/b.csv", "images/logo.png",
            ".hidden/config.json", ".s3-dr-replicator/looks-like-ours.json", "deep/er/key with spaces.txt");
    private static final int OPERATIONS = Integer.getInteger("history.operations", 80);
    private static final Duration WAIT = Duration.ofSeconds(120);
    // what the replicators do to a key, any of which may be held or answered late
    private static final List<String[]> REPLICATOR_REQUESTS = List.of(
            new String[] {"HeadObject", DR}, new String[] {"HeadObject", PROD}, new String[] {"CopyObject", DR},
            new String[] {"PutObjectTagging", DR}, new String[] {"GetObjectTagging", DR},
            new String[] {"GetObjectTagging", PROD}, new String[] {"DeleteObject", DR});

    @Test
    void drEndsHoldingExactlyWhatProductionHolds() throws Exception {
        long seed = Long.getLong("history.seed", System.nanoTime());
        Random random = new Random(seed);
        try (SandboxEnvironment environment = SandboxEnvironment.start(true)) {
            S3Client s3 = environment.s3Client();
            // a record whose key is rewritten faster than it copies comes back after its visibility timeout
            Map<String, String> settings = Map.of("replicator.sqs.visibility-timeout-seconds", "10");
            List<RunningReplicator> replicas = new ArrayList<>();
            try {
                replicas.add(RunningReplicator.start(environment, settings));
                replicas.add(RunningReplicator.start(environment, settings));
                for (int i = 0; i < OPERATIONS; i++) {
                    if (random.nextInt(3) == 0) {
                        String[] request = REPLICATOR_REQUESTS.get(random.nextInt(REPLICATOR_REQUESTS.size()));
                        String key = KEYS.get(random.nextInt(KEYS.size()));
                        Duration after = Duration.ofMillis(50 + random.nextInt(1500));
                        environment.hold((random.nextBoolean() ? HoldRule.hold(request[0], request[1], key)
                                : HoldRule.late(request[0], request[1], key)).releasedAfter(after));
                    }
                    operate(s3, random, i);
                    if (random.nextInt(4) == 0) {
                        // a pause: some records finish, others are still held
                        long until = System.nanoTime() + Duration.ofMillis(random.nextInt(800)).toNanos();
                        await().pollInterval(Duration.ofMillis(20)).until(() -> System.nanoTime() > until);
                    }
                }
                awaitEqual(environment, seed);
            } finally {
                environment.releaseHolds();
                for (RunningReplicator replica : replicas) {
                    replica.close();
                }
            }
        }
    }

    /** One thing the application does to production. */
    private static void operate(S3Client s3, Random random, int step) {
        String key = KEYS.get(random.nextInt(KEYS.size()));
        int roll = random.nextInt(100);
        try {
            if (roll < 30) {
                byte[] body = new byte[random.nextInt(3000)];
                random.nextBytes(body);
                s3.putObject(r -> r.bucket(PROD).key(key).contentType(random.nextBoolean() ? "text/csv" : null)
                                .metadata(Map.of("step", String.valueOf(step)))
                                .tagging(random.nextBoolean() ? "team=blue&step=" + step : null),
                        RequestBody.fromBytes(body));
            } else if (roll < 45) {
                s3.copyObject(r -> r.sourceBucket(PROD).sourceKey(key).destinationBucket(PROD).destinationKey(key)
                        .metadataDirective(MetadataDirective.REPLACE)
                        .metadata(Map.of("edited", String.valueOf(step)))
                        .cacheControl("max-age=" + step)
                        .contentLanguage(random.nextBoolean() ? "de-CH" : "fr-CH"));
            } else if (roll < 62) {
                if (random.nextInt(4) == 0) {
                    s3.deleteObjectTagging(r -> r.bucket(PROD).key(key));
                } else {
                    s3.putObjectTagging(r -> r.bucket(PROD).key(key).tagging(t -> t.tagSet(
                            Tag.builder().key("team").value(random.nextBoolean() ? "green" : "red").build(),
                            Tag.builder().key("step").value(String.valueOf(step)).build())));
                }
            } else if (roll < 80) {
                s3.deleteObject(r -> r.bucket(PROD).key(key));
            } else if (roll < 90) {
                // deleted and written again at once: the delete's record races the re-creation's
                s3.deleteObject(r -> r.bucket(PROD).key(key));
                s3.putObject(r -> r.bucket(PROD).key(key), RequestBody.fromString("again at " + step));
            } else {
                String from = KEYS.get(random.nextInt(KEYS.size()));
                s3.copyObject(r -> r.sourceBucket(PROD).sourceKey(from).destinationBucket(PROD).destinationKey(key));
            }
        } catch (RuntimeException e) {
            // editing or copying a key that does not exist: production did not change, a workload like any other
        }
    }

    private static void awaitEqual(SandboxEnvironment environment, long seed) {
        S3Client s3 = environment.s3Client();
        await().atMost(WAIT).pollInterval(Duration.ofSeconds(1)).ignoreExceptions().untilAsserted(() -> {
            assertThat(Queues.depth(environment, AwsTestEnvironment.QUEUE)).as("records in flight").isZero();
            Map<String, ObjectProperties> production = everything(s3, PROD);
            assertThat(everything(s3, DR)).as("DR, every key of the bucket, history seed %d", seed)
                    .isEqualTo(production);
            Buckets.assertMirrored(s3, "");
        });
    }

    /** Every key of the whole bucket, no prefix, with its properties and tags. */
    private static Map<String, ObjectProperties> everything(S3Client s3, String bucket) {
        Map<String, ObjectProperties> all = new TreeMap<>();
        for (S3Object object : s3.listObjectsV2Paginator(r -> r.bucket(bucket)).contents()) {
            all.put(object.key(), ObjectProperties.of(s3, bucket, object.key()));
        }
        return all;
    }
}
