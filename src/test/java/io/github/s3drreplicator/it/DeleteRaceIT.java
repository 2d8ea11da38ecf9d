package io.github.s3drreplicator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.s3drreplicator.sandbox.Hold;
import io.github.s3drreplicator.sandbox.HoldRule;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;

/**
 * A delete racing a re-creation, made deterministic by holding back the one request that opens the window: production
 * deletes a key and writes it again while the delete's record is being worked on, and the re-creation's record copies
 * the new object into DR in between. Whatever the delete mode, in one replica and in two, DR ends holding production's
 * new object: a delete never removes a copy of what production holds.
 *
 * <ul>
 *   <li>The delete's look at DR is held until the re-creation's copy has landed (the case that removed DR's live copy
 *   when the source was looked at first): it now comes first, so the look at the source that follows sees the new
 *   object.</li>
 *   <li>The delete's look at the source is answered late, after the re-creation's copy landed: it says "gone", but
 *   the delete is conditioned on what DR held before (the old object), and S3 refuses it.</li>
 * </ul>
 */
class DeleteRaceIT {

    private static final String PROD = AwsTestEnvironment.SOURCE_BUCKET;
    private static final String DR = AwsTestEnvironment.TARGET_BUCKET;
    private static final Duration WAIT = Duration.ofSeconds(60);

    @ParameterizedTest(name = "delete mode {0}")
    @ValueSource(strings = {"mirror", "retain", "delayed"})
    void aDeleteRacingAReCreationLeavesDrWithTheNewObject(String mode) throws Exception {
        try (SandboxEnvironment environment = SandboxEnvironment.start(true)) {
            S3Client s3 = environment.s3Client();
            if (mode.equals("retain")) {
                // its marks go to the version seen: the new copy, another version, stays unmarked
                s3.putBucketVersioning(r -> r.bucket(DR)
                        .versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
            }
            for (int replicas = 1; replicas <= 2; replicas++) {
                List<RunningReplicator> services = new ArrayList<>();
                try {
                    for (int i = 0; i < replicas; i++) {
                        services.add(RunningReplicator.start(environment, Map.of("replicator.delete.mode", mode)));
                    }
                    String prefix = "race/" + mode + "/" + replicas + "/";
                    race(environment, prefix + "dr-look-held.txt",
                            key -> HoldRule.hold("HeadObject", DR, key));
                    race(environment, prefix + "source-look-late.txt",
                            key -> HoldRule.late("HeadObject", PROD, key));
                } finally {
                    for (RunningReplicator service : services) {
                        service.close();
                    }
                }
            }
        }
    }

    /**
     * Production writes {@code key}, DR gets it; production deletes it, and while the delete's record waits on the
     * held request, writes it again and DR gets the new object; then the held request goes on.
     */
    private static void race(SandboxEnvironment environment, String key,
                             java.util.function.Function<String, HoldRule> heldLook) {
        S3Client s3 = environment.s3Client();
        s3.putObject(r -> r.bucket(PROD).key(key), RequestBody.fromString("first " + key));
        awaitDrHolds(environment, key, "first " + key);

        Hold look = environment.hold(heldLook.apply(key));
        s3.deleteObject(r -> r.bucket(PROD).key(key));
        look.awaitArrived(WAIT);

        s3.putObject(r -> r.bucket(PROD).key(key), RequestBody.fromString("again " + key));
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                assertThat(Buckets.contents(s3, DR, key)).as("the re-creation copied into DR")
                        .containsEntry(key, Buckets.sha256Of("again " + key)));
        look.release();
        look.awaitAnswered(WAIT);

        awaitDrHolds(environment, key, "again " + key);
        ObjectProperties.assertMirrored(s3, key);
    }

    private static void awaitDrHolds(SandboxEnvironment environment, String key, String content) {
        S3Client s3 = environment.s3Client();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            assertThat(Queues.depth(environment, AwsTestEnvironment.QUEUE)).as("records in flight").isZero();
            assertThat(Buckets.contents(s3, DR, key)).as("DR's %s", key)
                    .isEqualTo(Map.of(key, Buckets.sha256Of(content)));
        });
    }
}
