package io.github.s3drreplicator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;

import io.github.s3drreplicator.audit.ScheduledAudit;
import io.github.s3drreplicator.breaker.BreakerState;
import io.github.s3drreplicator.breaker.DeleteBreaker;
import io.github.s3drreplicator.sandbox.Hold;
import io.github.s3drreplicator.sandbox.HoldRule;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

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
    void aReleaseThatDiedMidwayLeavesItsStormListedBesideANewOneAndRunningItAgainFinishesIt() throws Exception {
        try (SandboxEnvironment environment = SandboxEnvironment.start(true);
             RunningReplicator replicator = RunningReplicator.start(environment, threshold(10))) {
            S3Client s3 = environment.s3Client();
            // what a release took and did not finish comes back after 10 s, not 5 minutes
            heldVisibility(environment, 10);
            List<String> keys = putAll(s3, "stranded/", 100);
            await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> Buckets.assertMirrored(s3, "stranded/"));
            List<String> first = keys.subList(0, 40);
            deleteAll(s3, first);
            await().atMost(WAIT).untilAsserted(() -> assertThat(Queues.depth(environment, HELD)).isEqualTo(30));
            String stormA = storm(Commands.run(environment, Map.of(), "breaker", "status").out());

            // breaker resume, as a process of its own, killed (SIGKILL) while it waits on one of its deletes
            String stuck = first.stream().filter(key -> Buckets.contents(s3, DR, "stranded/").containsKey(key))
                    .findFirst().orElseThrow();
            Hold hold = environment.hold(HoldRule.hold("DeleteObject", DR, stuck));
            Process release = Commands.startJar("breaker-resume-killed", environment, Map.of(), "breaker",
                    "resume");
            try {
                hold.awaitArrived(WAIT);
            } finally {
                release.destroyForcibly().waitFor();
                hold.release();
            }

            // the release closed the breaker: a new storm opens it again, and the first one is not forgotten
            List<String> second = keys.subList(40, 80);
            deleteAll(s3, second);
            await().atMost(WAIT).untilAsserted(() -> assertThat(deletedFromDr(s3, second)).isEqualTo(10));
            await().atMost(WAIT).until(() -> {
                String open = storm(Commands.run(environment, Map.of(), "breaker", "status").out());
                return !open.isEmpty() && !open.equals(stormA);
            });
            // what the killed release had taken is back on the queue, and the new storm's deletes are all parked
            await().atMost(WAIT).until(() -> hidden(environment, HELD) == 0);
            await().atMost(WAIT).untilAsserted(() -> {
                String listed = Commands.run(environment, Map.of(), "breaker", "status").out();
                assertThat(heldOf(listed, storm(listed))).as(listed).isEqualTo(30);
            });
            Commands.Result status = Commands.run(environment, Map.of(), "breaker", "status");
            String stormB = storm(status.out());
            assertThat(status.exit()).isEqualTo(1);
            assertThat(status.out()).as(status.out()).contains("storm " + stormA, "resume decided",
                    "not finished: run breaker resume --storm " + stormA + " again", "storm " + stormB);
            long leftOfA = heldOf(status.out(), stormA);
            assertThat(leftOfA).as(status.out()).isBetween(1L, 30L);
            assertThat(heldOf(status.out(), stormB)).as(status.out()).isEqualTo(30);
            assertThat(replicator.get("/observe/metrics")).contains("replicator_held_storms{pair=\"default\"} 2.0");

            // run again, for that storm alone: it finishes; the new storm's deletes stay held
            Commands.Result again = Commands.run(environment, Map.of(), "breaker", "resume", "--storm", stormA);
            assertThat(again.exit()).as(again.err()).isZero();
            assertThat(again.out()).contains("storm " + stormA + " released: " + leftOfA + " held deletes");
            assertThat(deletedFromDr(s3, first)).as("the first storm, all applied").isEqualTo(40);
            assertThat(deletedFromDr(s3, second)).as("the second storm, still held").isEqualTo(10);
            assertThat(Queues.depth(environment, HELD)).isEqualTo(30);
            Commands.Result after = Commands.run(environment, Map.of(), "breaker", "status");
            assertThat(after.out()).doesNotContain(stormA).contains("storm " + stormB);
            assertThat(state(s3)).doesNotContain(stormA);

            // the operator keeps the second storm's objects: final, even for audit --repair
            Commands.Result discarded = Commands.run(environment, Map.of(), "breaker", "discard", "--storm", stormB);
            assertThat(discarded.out()).contains("storm " + stormB + " discarded: 30 held deletes dropped");
            assertThat(Queues.depth(environment, HELD)).isZero();
            JsonNode audit = Commands.json("audit", environment, Map.of(), 0, "--repair", "--prefix", "stranded/");
            assertThat(audit.path("retained").asLong()).as(audit.toString()).isEqualTo(30);
            assertThat(audit.at("/drift/extra").asLong()).as(audit.toString()).isZero();
            assertThat(Buckets.contents(s3, DR, "stranded/")).as("the 20 never deleted and the 30 kept").hasSize(50);
            Commands.Result quiet = Commands.run(environment, Map.of(), "breaker", "status");
            assertThat(quiet.exit()).as("no storm opened by the repair: " + quiet.out()).isZero();
        }
    }

    @Test
    void aReleaseGoesOnWhenTheBreakerOpensAgainForANewStormMeanwhile() throws Exception {
        try (SandboxEnvironment environment = SandboxEnvironment.start(true);
             RunningReplicator replicator = RunningReplicator.start(environment, threshold(10))) {
            S3Client s3 = environment.s3Client();
            List<String> keys = putAll(s3, "reopened/", 100);
            await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> Buckets.assertMirrored(s3, "reopened/"));
            List<String> first = keys.subList(0, 40);
            deleteAll(s3, first);
            await().atMost(WAIT).untilAsserted(() -> assertThat(Queues.depth(environment, HELD)).isEqualTo(30));
            String stormA = storm(Commands.run(environment, Map.of(), "breaker", "status").out());

            // the release waits on one of its deletes while production deletes more: a new storm opens
            String stuck = first.stream().filter(key -> Buckets.contents(s3, DR, "reopened/").containsKey(key))
                    .findFirst().orElseThrow();
            Hold hold = environment.hold(HoldRule.hold("DeleteObject", DR, stuck));
            CompletableFuture<Commands.Result> release = CompletableFuture.supplyAsync(() -> Commands.run(
                    environment, Map.of(), "breaker", "resume", "--storm", stormA));
            hold.awaitArrived(WAIT);
            List<String> second = keys.subList(40, 80);
            deleteAll(s3, second);
            await().atMost(WAIT).until(() -> state(s3).contains("\"open\":true")
                    && !state(s3).contains("\"storm\":\"" + stormA + "\""));
            await().atMost(WAIT).untilAsserted(() -> assertThat(deletedFromDr(s3, second)).isEqualTo(10));
            hold.release();

            Commands.Result resumed = release.get(3, TimeUnit.MINUTES);
            assertThat(resumed.exit()).as(resumed.err()).isZero();
            assertThat(resumed.out()).contains("storm " + stormA + " released: 30 held deletes");
            assertThat(deletedFromDr(s3, first)).as("the first storm, all applied").isEqualTo(40);
            assertThat(deletedFromDr(s3, second)).as("only new deletes held").isEqualTo(10);
            assertThat(Queues.depth(environment, HELD)).isEqualTo(30);
            Commands.Result status = Commands.run(environment, Map.of(), "breaker", "status");
            assertThat(status.exit()).isEqualTo(1);
            assertThat(status.out()).doesNotContain(stormA);
            assertThat(heldOf(status.out(), storm(status.out()))).as(status.out()).isEqualTo(30);
        }
    }

    @Test
    void aDiscardIsFinalForTheScheduledRepairAndAuditRepairAndProductionWritingAKeyAgainStillReplicates()
            throws Exception {
        Map<String, String> settings = new HashMap<>(threshold(5));
        settings.put("replicator.audit.schedule", "2s");
        settings.put("replicator.audit.first-delay", "1s");
        settings.put("replicator.audit.repair", "true");
        try (SandboxEnvironment environment = SandboxEnvironment.start(true);
             RunningReplicator replicator = RunningReplicator.start(environment, settings)) {
            S3Client s3 = environment.s3Client();
            List<String> keys = putAll(s3, "kept/", 20);
            s3.putObjectTagging(r -> r.bucket(PROD).key(keys.get(0)).tagging(t -> t.tagSet(
                    software.amazon.awssdk.services.s3.model.Tag.builder().key("team").value("blue").build())));
            await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> {
                Buckets.assertMirrored(s3, "kept/");
                assertThat(tags(s3, DR, keys.get(0))).containsEntry("team", "blue");
            });
            deleteAll(s3, keys.subList(0, 10));
            // the scheduled audit's repairs count too: 5 deletes applied, by events or by the audit, the rest held
            await().atMost(WAIT).untilAsserted(() -> assertThat(Queues.depth(environment, HELD))
                    .isGreaterThanOrEqualTo(5));
            List<String> kept = keys.subList(0, 10).stream()
                    .filter(key -> Buckets.contents(s3, DR, "kept/").containsKey(key)).toList();
            assertThat(kept).hasSize(5);

            Commands.Result discarded = Commands.run(environment, Map.of(), "breaker", "discard");
            assertThat(discarded.out()).contains("held deletes dropped, DR keeps those objects");
            assertThat(Queues.depth(environment, HELD)).isZero();
            for (String key : kept) {
                assertThat(tags(s3, DR, key)).as(key).containsKeys("replicator-deleted-at",
                        "replicator-kept-by-discard");
            }

            // two whole scheduled audits with repair after the discard: nothing deleted, no storm
            NotifyBuilder audits = new NotifyBuilder(replicator.context()).fromRoute("drift-audit").whenCompleted(2)
                    .create();
            await().atMost(WAIT).until(audits::matches);
            assertThat(Buckets.contents(s3, DR, "kept/")).as("10 in production, 5 kept").hasSize(15);
            assertThat(replicator.get("/observe/metrics"))
                    .contains("replicator_drift_objects{kind=\"retained\",pair=\"default\"} 5.0")
                    .contains("replicator_drift_objects{kind=\"extra\",pair=\"default\"} 0.0")
                    .contains("replicator_delete_breaker_open{pair=\"default\"} 0.0");
            JsonNode audit = Commands.json("audit", environment, Map.of(), 0, "--repair");
            assertThat(audit.path("retained").asLong()).as(audit.toString()).isEqualTo(5);
            assertThat(Buckets.contents(s3, DR, "kept/")).hasSize(15);
            // a delete event delivered again deletes nothing either
            replicator.context().createProducerTemplate().sendBody("direct:replicate-record",
                    new com.fasterxml.jackson.databind.ObjectMapper().readTree(String.format("""
                            {"eventVersion":"2.1","eventSource":"aws:s3","eventName":"ObjectRemoved:Delete",
                             "eventTime":"2026-11-30T10:00:00.000Z",
                             "s3":{"bucket":{"name":"%s"},"object":{"key":"%s"}}}""", PROD, kept.get(0))));
            assertThat(Buckets.contents(s3, DR, "kept/")).containsKey(kept.get(0));
            Commands.Result status = Commands.run(environment, Map.of(), "breaker", "status");
            assertThat(status.exit()).as(status.out()).isZero();

            // production writes a kept key again: replicated as any write, the marks gone
            String again = kept.get(kept.size() - 1);
            put(s3, again, "written again");
            await().atMost(WAIT).untilAsserted(() -> {
                assertThat(Buckets.contents(s3, DR, again)).containsEntry(again, Buckets.sha256Of("written again"));
                assertThat(tags(s3, DR, again)).isEmpty();
            });
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
            assertThat(status.out()).contains("pair default: OPEN", "for storm " + BreakerState.EVERY_STORM + " ",
                    "is missing while about 10 held deletes wait", "breaker resume|discard");
            deleteAll(s3, keys.subList(20, 25));
            await().atMost(WAIT).untilAsserted(() -> assertThat(Queues.depth(environment, HELD)).isEqualTo(15));
            assertThat(Buckets.contents(s3, DR, "lost/")).as("nothing more deleted").hasSize(30);
            assertThat(s3.getObjectAsBytes(r -> r.bucket(STATE).key(STATE_KEY)).asUtf8String())
                    .as("recovered open, for every replica").contains("\"storm\":\"" + BreakerState.EVERY_STORM);

            Commands.Result resumed = Commands.run(environment, Map.of(), "breaker", "resume");
            assertThat(resumed.exit()).as(resumed.err()).isZero();
            // the ten held for the storm the lost state named, the five held since for every storm
            assertThat(released(resumed.out())).as(resumed.out()).isEqualTo(15);
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

    /** The storm the breaker is open for, as breaker status says. */
    private static String storm(String status) {
        Matcher storm = Pattern.compile("for storm (\\S+) ").matcher(status);
        return storm.find() ? storm.group(1) : "";
    }

    /** The held writes breaker status counts for the storm. */
    private static long heldOf(String status, String storm) {
        Matcher held = Pattern.compile("storm " + Pattern.quote(storm) + " +\\S+ +(\\d+) held").matcher(status);
        return held.find() ? Long.parseLong(held.group(1)) : -1;
    }

    /** The held deletes breaker resume says it applied, all storms together. */
    private static long released(String resumed) {
        Matcher released = Pattern.compile("released: (\\d+) held deletes").matcher(resumed);
        long total = 0;
        while (released.find()) {
            total += Long.parseLong(released.group(1));
        }
        return total;
    }

    /** Messages of the queue received and not yet deleted: hidden for its visibility timeout. */
    private static long hidden(AwsTestEnvironment environment, String queue) {
        SqsClient sqs = environment.sqsClient();
        String url = sqs.getQueueUrl(r -> r.queueName(queue)).queueUrl();
        return Long.parseLong(sqs.getQueueAttributes(r -> r.queueUrl(url).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes()
                .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    /** The held-deletes queue's visibility timeout, shortened so that a killed release's messages come back soon. */
    private static void heldVisibility(AwsTestEnvironment environment, int seconds) {
        SqsClient sqs = environment.sqsClient();
        String url = sqs.getQueueUrl(r -> r.queueName(HELD)).queueUrl();
        sqs.setQueueAttributes(r -> r.queueUrl(url).attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT,
                String.valueOf(seconds))));
    }

    /** The breaker's state as stored. */
    private static String state(S3Client s3) {
        return s3.getObjectAsBytes(r -> r.bucket(STATE).key(STATE_KEY)).asUtf8String();
    }

    private static Map<String, String> tags(S3Client s3, String bucket, String key) {
        Map<String, String> tags = new HashMap<>();
        s3.getObjectTagging(r -> r.bucket(bucket).key(key)).tagSet().forEach(tag -> tags.put(tag.key(),
                tag.value()));
        return tags;
    }

    private static double deleted(MeterRegistry meters) {
        Counter counter = meters.find("replicator.objects.deleted").tag("pair", "default").counter();
        return counter == null ? 0 : counter.count();
    }
}
