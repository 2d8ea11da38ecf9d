package io.github.s3drreplicator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import io.github.s3drreplicator.audit.ScheduledAudit;
import io.github.s3drreplicator.breaker.BreakerState;
import io.github.s3drreplicator.breaker.DeleteBreaker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The day production is destroyed: the delete breaker counts deletes alone, over every replica, keeps its open state
 * in the state bucket through any restart, and nothing but an operator's decision (the breaker command) lets a storm's
 * deletes through. It fails closed: a lost state keeps it open, an unreadable one lets no delete through. DR holds
 * only what production wrote. Thresholds are small so that storms are quick; the rules are the production ones.
 */
class DeleteStormIT {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String PROD = AwsTestEnvironment.SOURCE_BUCKET;
    private static final String DR = AwsTestEnvironment.TARGET_BUCKET;
    private static final String HELD = "prod-bucket-events-held-deletes";
    private static final String STATE = AwsTestEnvironment.STATE_BUCKET;
    private static final String STATE_KEY = "delete-breaker/default.json";

    private static Map<String, String> threshold(int maxPerMinute) {
        return Map.of("replicator.delete.breaker.max-per-minute", String.valueOf(maxPerMinute));
    }

    @Test
    void aBurstDeletingHalfOfProductionRightAfterItsWritesKeepsAllButTheThresholdUntilAnOperatorDecides()
            throws Exception {
        try (SandboxEnvironment environment = SandboxEnvironment.start(true);
             RunningReplicator replicator = RunningReplicator.start(environment, threshold(20))) {
            S3Client s3 = environment.s3Client();
            List<String> keys = putAll(s3, "burst/", 200);
            await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> Buckets.assertMirrored(s3, "burst/"));

            // within the same minute as the 200 writes: writes never dilute deletes
            deleteAll(s3, keys.subList(0, 100));

            await().atMost(WAIT).untilAsserted(() -> assertThat(Queues.depth(environment, HELD)).isEqualTo(80));
            assertThat(Buckets.contents(s3, DR, "burst/")).as("DR keeps all but the threshold").hasSize(180);
            assertThat(replicator.get("/observe/health?exposureLevel=full")).contains("delete breaker open");
            assertThat(replicator.get("/observe/health/ready")).as("drains and rollouts go on").doesNotContain("DOWN");
            assertThat(replicator.get("/observe/metrics"))
                    .contains("replicator_delete_breaker_open{pair=\"default\"} 1.0")
                    .contains("replicator_deletes_held_total{pair=\"default\"} 80.0");
            Commands.Result status = Commands.run(environment, Map.of(), "breaker", "status");
            assertThat(status.exit()).as(status.out()).isEqualTo(1);
            assertThat(status.out()).contains("pair default: OPEN", "more than 20 deletes within a minute");
            // the open breaker is in the state bucket, and nothing of the replicator's is in DR
            assertThat(s3.getObjectAsBytes(r -> r.bucket(STATE).key(STATE_KEY)).asUtf8String())
                    .contains("\"open\":true");
            assertOnlyWhatProductionWrote(s3, keys);

            // creates keep flowing; one held key is written again in production before the operator looks
            put(s3, "burst/new", "new");
            String recreated = keys.subList(0, 100).stream()
                    .filter(key -> Buckets.contents(s3, DR, "burst/").containsKey(key)).findFirst().orElseThrow();
            put(s3, recreated, "written again");
            await().atMost(WAIT).untilAsserted(() -> assertThat(Buckets.contents(s3, DR, recreated))
                    .containsEntry(recreated, Buckets.sha256Of("written again")));

            Commands.Result resumed = Commands.run(environment, Map.of(), "breaker", "resume");
            assertThat(resumed.exit()).as(resumed.err()).isZero();
            assertThat(resumed.out()).contains("80 held deletes reconciled again");
            await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> Buckets.assertMirrored(s3, "burst/"));
            assertThat(Buckets.contents(s3, DR, "burst/")).hasSize(102).containsKey(recreated);
            assertThat(Queues.depth(environment, HELD)).isZero();
            assertThat(Commands.run(environment, Map.of(), "breaker", "status").exit()).isZero();

            // a later storm trips it again, and this time the operator keeps DR as it is
            deleteAll(s3, keys.subList(100, 200));
            await().atMost(WAIT).untilAsserted(() -> assertThat(Commands.run(environment, Map.of(), "breaker",
                    "status").exit()).isEqualTo(1));
            await().atMost(WAIT).untilAsserted(() -> assertThat(Queues.depth(environment, HELD))
                    .isEqualTo(100 - deletedFromDr(s3, keys.subList(100, 200))));
            long applied = deletedFromDr(s3, keys.subList(100, 200));
            assertThat(applied).isLessThanOrEqualTo(20);
            Commands.Result discarded = Commands.run(environment, Map.of(), "breaker", "discard");
            assertThat(discarded.out()).contains((100 - applied) + " held deletes dropped");
            assertThat(Queues.depth(environment, HELD)).isZero();
            assertThat(deletedFromDr(s3, keys.subList(100, 200))).as("DR keeps what was held").isEqualTo(applied);
            List<String> written = new ArrayList<>(keys);
            written.add("burst/new");
            assertOnlyWhatProductionWrote(s3, written);
        }
    }

    @Test
    void aStateLostWhileDeletesAreHeldKeepsTheBreakerOpenAndOneDecisionTakesEveryHeldDelete() throws Exception {
        try (SandboxEnvironment environment = SandboxEnvironment.start(true);
             RunningReplicator replicator = RunningReplicator.start(environment, threshold(10))) {
            S3Client s3 = environment.s3Client();
            List<String> keys = putAll(s3, "lost/", 40);
            await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> Buckets.assertMirrored(s3, "lost/"));
            deleteAll(s3, keys.subList(0, 20));
            await().atMost(WAIT).untilAsserted(() -> assertThat(Queues.depth(environment, HELD)).isEqualTo(10));

            // someone deletes the breaker's state: it must not read as "never used"
            s3.deleteObject(r -> r.bucket(STATE).key(STATE_KEY));
            Commands.Result status = Commands.run(environment, Map.of(), "breaker", "status");
            assertThat(status.exit()).as(status.out()).isEqualTo(1);
            assertThat(status.out()).contains("pair default: OPEN", "storm " + BreakerState.EVERY_STORM + ":",
                    "is missing while about 10 held deletes wait", "breaker resume|discard");
            deleteAll(s3, keys.subList(20, 25));
            await().atMost(WAIT).untilAsserted(() -> assertThat(Queues.depth(environment, HELD)).isEqualTo(15));
            assertThat(Buckets.contents(s3, DR, "lost/")).as("nothing more deleted").hasSize(30);
            assertThat(s3.getObjectAsBytes(r -> r.bucket(STATE).key(STATE_KEY)).asUtf8String())
                    .as("recovered open, for every replica").contains("\"storm\":\"" + BreakerState.EVERY_STORM);

            Commands.Result resumed = Commands.run(environment, Map.of(), "breaker", "resume");
            assertThat(resumed.exit()).as(resumed.err()).isZero();
            assertThat(resumed.out()).contains("storm " + BreakerState.EVERY_STORM + " released: 15 held deletes");
            await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> Buckets.assertMirrored(s3, "lost/"));
            assertThat(Queues.depth(environment, HELD)).isZero();
            assertThat(Commands.run(environment, Map.of(), "breaker", "status").exit()).isZero();
        }
    }

    @Test
    void aStateThatCannotBeReadLetsNoDeleteThroughAndParksItWithTheReason() throws Exception {
        try (SandboxEnvironment environment = SandboxEnvironment.start(true);
             RunningReplicator replicator = RunningReplicator.start(environment, threshold(10))) {
            S3Client s3 = environment.s3Client();
            put(s3, "unreadable/kept", "kept");
            await().atMost(WAIT).until(() -> Buckets.contents(s3, DR, "unreadable/").size() == 1);
            s3.putObject(r -> r.bucket(STATE).key(STATE_KEY), RequestBody.fromString("{\"open\":\"perhaps\"}"));

            s3.deleteObject(r -> r.bucket(PROD).key("unreadable/kept"));

            Message parked = new DeadLetterQueue(environment.sqsClient()).awaitOne("unreadable/kept");
            assertThat(DeadLetterQueue.attribute(parked, "replicator-failure-type"))
                    .isEqualTo("unreadable-breaker-state");
            assertThat(DeadLetterQueue.attribute(parked, "replicator-failure-reason"))
                    .contains("s3://" + STATE + "/" + STATE_KEY, "is not the JSON the replicator writes");
            assertThat(Buckets.contents(s3, DR, "unreadable/")).as("the delete was not applied").hasSize(1);
            assertThat(Queues.depth(environment, HELD)).isZero();
        }
    }

    @Test
    void rewritingEveryObjectAndDeletingItsOriginalAtTheSameRateTrips() throws Exception {
        try (SandboxEnvironment environment = SandboxEnvironment.start(true);
             RunningReplicator replicator = RunningReplicator.start(environment, threshold(20))) {
            S3Client s3 = environment.s3Client();
            List<String> originals = putAll(s3, "victim/", 60);
            await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> Buckets.assertMirrored(s3, "victim/"));

            // ransomware: an encrypted copy of each object under a new key, then the original deleted
            for (String original : originals) {
                put(s3, original + ".encrypted", "encrypted " + original);
                s3.deleteObject(r -> r.bucket(PROD).key(original));
            }

            await().atMost(WAIT).untilAsserted(() -> assertThat(Queues.depth(environment, HELD)).isEqualTo(40));
            await().atMost(WAIT).untilAsserted(() -> assertThat(Buckets.contents(s3, DR, "victim/"))
                    .as("the 60 encrypted copies, and all but 20 originals").hasSize(100));
            assertThat(deletedFromDr(s3, originals)).isEqualTo(20);
        }
    }

    @Test
    void threeReplicasShareOneThreshold() throws Exception {
        try (SandboxEnvironment environment = SandboxEnvironment.start(true)) {
            S3Client s3 = environment.s3Client();
            List<RunningReplicator> replicas = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    replicas.add(RunningReplicator.start(environment, threshold(30)));
                }
                List<String> keys = putAll(s3, "shared/", 90);
                await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> Buckets.assertMirrored(s3, "shared/"));

                // a storm spread over the replicas: none of them alone sees more than the threshold
                deleteAll(s3, keys);

                await().atMost(WAIT).untilAsserted(() -> assertThat(Queues.depth(environment, HELD)).isEqualTo(60));
                assertThat(Buckets.contents(s3, DR, "shared/")).hasSize(60);
                List<Double> perReplica = replicas.stream().map(r -> deleted(r.context().getRegistry()
                        .findSingleByType(MeterRegistry.class))).toList();
                assertThat(perReplica.stream().mapToDouble(Double::doubleValue).sum()).isEqualTo(30.0);
                // every replica holds deletes, whichever tripped it
                await().atMost(WAIT).untilAsserted(() -> assertThat(replicas).allMatch(r -> r.context().getRegistry()
                        .lookupByNameAndType("deleteBreaker", DeleteBreaker.class).isOpen("default")));
            } finally {
                for (RunningReplicator replica : replicas) {
                    replica.close();
                }
            }
        }
    }

    @Test
    void theBreakerStaysOpenWhenEveryReplicaIsKilledAndStartedAgain() throws Exception {
        Map<String, String> settings = new HashMap<>(threshold(10));
        settings.put("replicator.sqs.visibility-timeout-seconds", "5");
        try (SandboxEnvironment environment = SandboxEnvironment.start(true)) {
            S3Client s3 = environment.s3Client();
            List<String> keys = putAll(s3, "killed/", 40);
            try (ReplicatorProcess a = ReplicatorProcess.start("storm-a", environment, settings);
                 ReplicatorProcess b = ReplicatorProcess.start("storm-b", environment, settings)) {
                await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> Buckets.assertMirrored(s3, "killed/"));
                deleteAll(s3, keys.subList(0, 20));
                await().atMost(WAIT).untilAsserted(() -> assertThat(Queues.depth(environment, HELD)).isEqualTo(10));
                a.kill();
                b.kill();
            }
            Commands.Result before = Commands.run(environment, Map.of(), "breaker", "status");
            assertThat(before.exit()).isEqualTo(1);

            try (ReplicatorProcess a = ReplicatorProcess.start("storm-a-again", environment, settings);
                 ReplicatorProcess b = ReplicatorProcess.start("storm-b-again", environment, settings)) {
                // new pods, same storm: further deletes are held, not applied with a fresh allowance (a message
                // abandoned by the killed pods may be parked twice: a released duplicate finds nothing to do)
                deleteAll(s3, keys.subList(20, 25));
                await().atMost(WAIT).untilAsserted(() -> assertThat(held(a.metrics()) + held(b.metrics()))
                        .isGreaterThanOrEqualTo(5));
                assertThat(Buckets.contents(s3, DR, "killed/")).hasSize(30);
                assertThat(a.metrics()).contains("replicator_delete_breaker_open{pair=\"default\"} 1.0");
                Commands.Result after = Commands.run(environment, Map.of(), "breaker", "status");
                assertThat(after.exit()).isEqualTo(1);
                assertThat(storm(after.out())).isEqualTo(storm(before.out())).isNotEmpty();
            }
        }
    }

    @Test
    void theScheduledAuditRepairsNoDeleteWhileTheBreakerIsOpen() throws Exception {
        Map<String, String> settings = new HashMap<>(threshold(5));
        settings.put("replicator.audit.schedule", "2s");
        settings.put("replicator.audit.first-delay", "1s");
        settings.put("replicator.audit.repair", "true");
        try (SandboxEnvironment environment = SandboxEnvironment.start(true);
             RunningReplicator replicator = RunningReplicator.start(environment, settings)) {
            S3Client s3 = environment.s3Client();
            List<String> keys = putAll(s3, "audited/", 20);
            await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> Buckets.assertMirrored(s3, "audited/"));
            deleteAll(s3, keys.subList(0, 10));
            await().atMost(WAIT).untilAsserted(() -> assertThat(Queues.depth(environment, HELD)).isEqualTo(5));

            // two whole audits with repair, both after the breaker opened
            NotifyBuilder audits = new NotifyBuilder(replicator.context()).fromRoute("drift-audit").whenCompleted(2)
                    .create();
            await().atMost(WAIT).until(audits::matches);
            assertThat(Buckets.contents(s3, DR, "audited/")).as("nothing deleted by the audit").hasSize(15);
            assertThat(Queues.depth(environment, HELD)).as("nor parked twice").isEqualTo(5);
            assertThat(replicator.get("/observe/metrics"))
                    .contains("replicator_drift_objects{kind=\"extra\",pair=\"default\"} 5.0");
        }
    }

    @Test
    void aShareOfDrCountedByTheScheduledAuditIsTheThresholdWhereItIsTheSmaller() throws Exception {
        Map<String, String> settings = new HashMap<>(threshold(1000));
        settings.put("replicator.delete.breaker.max-percent-of-dr", "10");
        try (SandboxEnvironment environment = SandboxEnvironment.start(true);
             RunningReplicator replicator = RunningReplicator.start(environment, settings)) {
            S3Client s3 = environment.s3Client();
            List<String> keys = putAll(s3, "share/", 40);
            await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> Buckets.assertMirrored(s3, "share/"));
            // the audit the schedule would run, run now: it counts DR's 40 objects for every replica
            replicator.context().getRegistry().lookupByNameAndType("scheduledAudit", ScheduledAudit.class).run();

            deleteAll(s3, keys.subList(0, 20));

            await().atMost(WAIT).untilAsserted(() -> assertThat(Queues.depth(environment, HELD)).isEqualTo(16));
            assertThat(Buckets.contents(s3, DR, "share/")).as("10% of 40 deleted, no more").hasSize(36);
            assertThat(Commands.run(environment, Map.of(), "breaker", "status").out())
                    .contains("10% of the 40 objects DR held at the last audit");
        }
    }

    /** DR's whole listing, objects and versions (no prefix), holds no key production never wrote. */
    private static void assertOnlyWhatProductionWrote(S3Client s3, List<String> written) {
        List<String> listed = new ArrayList<>();
        s3.listObjectsV2Paginator(r -> r.bucket(DR)).contents().forEach(object -> listed.add(object.key()));
        assertThat(listed).as("ListObjectsV2 of all of DR").isNotEmpty().isSubsetOf(written);
        List<String> versioned = new ArrayList<>();
        s3.listObjectVersionsPaginator(r -> r.bucket(DR)).forEach(page -> {
            page.versions().forEach(version -> versioned.add(version.key()));
            page.deleteMarkers().forEach(marker -> versioned.add(marker.key()));
        });
        assertThat(versioned).as("ListObjectVersions of all of DR").isNotEmpty().isSubsetOf(written);
    }

    private static List<String> putAll(S3Client s3, String prefix, int count) {
        List<String> keys = IntStream.range(0, count).mapToObj(i -> String.format("%s%03d", prefix, i)).toList();
        keys.forEach(key -> put(s3, key, "content of " + key));
        return keys;
    }

    private static void put(S3Client s3, String key, String content) {
        s3.putObject(r -> r.bucket(PROD).key(key), RequestBody.fromString(content));
    }

    private static void deleteAll(S3Client s3, List<String> keys) {
        for (int from = 0; from < keys.size(); from += 1000) {
            List<ObjectIdentifier> batch = keys.subList(from, Math.min(keys.size(), from + 1000)).stream()
                    .map(key -> ObjectIdentifier.builder().key(key).build()).toList();
            s3.deleteObjects(r -> r.bucket(PROD).delete(d -> d.objects(batch)));
        }
    }

    private static long deletedFromDr(S3Client s3, List<String> keys) {
        Map<String, String> dr = Buckets.contents(s3, DR, "");
        return keys.stream().filter(key -> !dr.containsKey(key)).count();
    }

    private static double held(String metrics) {
        Matcher held = Pattern.compile("replicator_deletes_held_total\\{pair=\"default\"} (\\S+)").matcher(metrics);
        return held.find() ? Double.parseDouble(held.group(1)) : 0;
    }

    private static String storm(String status) {
        Matcher storm = Pattern.compile("storm (\\S+):").matcher(status);
        return storm.find() ? storm.group(1) : "";
    }

    private static double deleted(MeterRegistry meters) {
        Counter counter = meters.find("replicator.objects.deleted").tag("pair", "default").counter();
        return counter == null ? 0 : counter.count();
    }
}
