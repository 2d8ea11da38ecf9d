package io.github.s3drreplicator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import io.github.s3drreplicator.config.ShippedPolicies;
import io.github.s3drreplicator.iam.Access;
import io.github.s3drreplicator.iam.AccessReport;
import io.github.s3drreplicator.iam.Policy;
import io.github.s3drreplicator.iam.SdkActionRecorder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.Tag;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Least privilege, proven: the service in each delete mode, its breaker commands, {@code audit}, {@code audit
 * --repair} (on a versioned and an unversioned DR), {@code restore} (plain and {@code --as-of ... --prune}) and the
 * service running both directions do their work against the sandbox while {@link SdkActionRecorder} records every S3
 * and SQS call they make, signed with an access key of their own ({@link ProductCredentials}). Every action each call needs must be allowed, on its
 * resource, by the policy shipped for that principal in config/ (filled in as config/README.md does) and by the
 * CloudFormation template's equivalent, and denied by no bucket policy ({@link Access}). A failure lists each missing
 * action with its resources and the policy that lacks it. What the policies grant and no call used is printed after
 * the last test, and kept in {@code target/least-privilege/unused-grants.txt}: information, not a failure.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LeastPrivilegeIT {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String PROD = AwsTestEnvironment.SOURCE_BUCKET;
    private static final String DR = AwsTestEnvironment.TARGET_BUCKET;
    private static final String UNVERSIONED_DR = "dr-bucket-unversioned";
    private static final String HELD = "prod-bucket-events-held-deletes";
    /** ElasticMQ's account, which SandboxEnvironment names as replicator.aws.account-id. */
    private static final String ACCOUNT = "000000000000";
    private static final String ROLE_NAME = "s3-dr-replicator";
    private static final String ROLE = "arn:aws:iam::" + ACCOUNT + ":role/" + ROLE_NAME;
    /** Whoever runs audit and restore: not the replicator's role. */
    private static final String OPERATOR = "arn:aws:iam::" + ACCOUNT + ":role/operator";
    private static final String BOTH_DIRECTIONS = "replicator-role-policy-both-directions.json";

    private final AccessReport report = new AccessReport();
    /** The config/ files checked, for the list of what they grant unused. */
    private final Set<String> checkedFiles = new LinkedHashSet<>();

    // ---- the service and its breaker commands, with the role's policy of each delete mode

    @Test
    void theServiceInModeMirrorWithAStormHeldAndReleasedByTheBreakerCommands() throws Exception {
        try (SandboxEnvironment environment = SandboxEnvironment.start(true)) {
            S3Client s3 = environment.s3Client();
            versioned(s3, DR);
            check("the service in mode mirror and breaker status|resume|discard", "role-mirror",
                    replicator("mirror", deployment(DR)), () -> {
                        try (RunningReplicator replicator = RunningReplicator.start(environment, Map.of(
                                "replicator.delete.mode", "mirror",
                                "replicator.delete.breaker.max-per-minute", "5"))) {
                            workload(environment, s3, "mirror/", "mirror");
                            storms(environment, s3);
                        }
                    });
        }
    }

    @Test
    void theServiceInModeRetainWithItsScheduledAudit() throws Exception {
        String extra = "retain extra/in DR only.txt";
        try (SandboxEnvironment environment = SandboxEnvironment.start(true)) {
            S3Client s3 = environment.s3Client();
            versioned(s3, DR);
            // only in DR: the scheduled audit's repair keeps it, marked (a tag on the version it saw)
            put(s3, DR, extra, "extra", Map.of(), "team=blue");
            check("the service in mode retain with its scheduled audit", "role-retain",
                    replicator("retain", deployment(DR)), () -> {
                        try (RunningReplicator replicator = RunningReplicator.start(environment, Map.of(
                                "replicator.delete.mode", "retain",
                                "replicator.audit.schedule", "2s", "replicator.audit.first-delay", "0",
                                "replicator.audit.repair", "true"))) {
                            await().atMost(WAIT).untilAsserted(() -> assertThat(tags(s3, DR, extra))
                                    .containsKey("replicator-deleted-at"));
                            workload(environment, s3, "retain/", "retain");
                        }
                    });
        }
    }

    @Test
    void theServiceInModeDelayed() throws Exception {
        try (SandboxEnvironment environment = SandboxEnvironment.start(true)) {
            S3Client s3 = environment.s3Client();
            versioned(s3, DR);
            check("the service in mode delayed", "role-delayed", replicator("delayed", deployment(DR)), () -> {
                try (RunningReplicator replicator = RunningReplicator.start(environment, Map.of(
                        "replicator.delete.mode", "delayed"))) {
                    workload(environment, s3, "delayed/", "delayed");
                }
            });
        }
    }

    // ---- the commands an operator runs, with their own policies, in one sandbox

    @Test
    void auditAuditRepairAndRestoreWithTheirOwnPolicies() throws Exception {
        try (SandboxEnvironment environment = SandboxEnvironment.start(false)) {
            S3Client s3 = environment.s3Client();
            versioned(s3, DR);
            s3.createBucket(r -> r.bucket(UNVERSIONED_DR).createBucketConfiguration(c -> c.locationConstraint(
                    "us-east-2")));
            // production unversioned for the audits; versioned for the restores, which then tag the versions they make
            auditAndAuditRepairInEachDeleteMode(environment, s3, DR);
            auditAndAuditRepairInEachDeleteMode(environment, s3, UNVERSIONED_DR);
            versioned(s3, PROD);
            restoreAndItsDryRun(environment, s3);
            restoreAsOfAndPrune(environment, s3);
        }
    }

    /**
     * Drift of every kind under a prefix per delete mode, audited, then repaired; in mode mirror without its deletes,
     * then with them as the replicator's role.
     */
    private void auditAndAuditRepairInEachDeleteMode(SandboxEnvironment environment, S3Client s3, String dr)
            throws Exception {
        Map<String, String> deployment = deployment(dr);
        for (String mode : List.of("mirror", "retain", "delayed")) {
            String prefix = mode + "/";
            drift(s3, dr, prefix);
            Map<String, String> settings = Map.of("replicator.delete.mode", mode, "replicator.target.bucket", dr);
            check("audit in mode " + mode + " (DR " + dr + ")", "operator-audit",
                    command("audit-policy.json", "AuditPolicy", deployment),
                    () -> assertExit(Commands.run(environment, settings, "audit", "--prefix", prefix), 1));
            if (mode.equals("mirror")) {
                // a backfill through the queue: the replicas (none here) would apply what it sends
                check("audit --repair --via-queue --prefix mirror/ (DR " + dr + ")", "operator-audit-via-queue",
                        command("audit-repair-via-queue-policy.json", "AuditRepairViaQueuePolicy", deployment),
                        () -> assertExit(Commands.run(environment, settings, "audit", "--repair", "--via-queue",
                                "--prefix", prefix), 0));
            }
            // mode mirror deletes extras, which audit-repair-policy.json does not allow: --no-delete there
            List<String> repair = new ArrayList<>(List.of("audit", "--repair", "--prefix", prefix));
            if (mode.equals("mirror")) {
                repair.add("--no-delete");
            }
            check("audit " + String.join(" ", repair.subList(1, repair.size())) + " in mode " + mode + " (DR "
                            + dr + ")", "operator-audit-repair",
                    command("audit-repair-policy.json", "AuditRepairPolicy", deployment),
                    () -> assertExit(Commands.run(environment, settings, repair.toArray(String[]::new)), 0));
            if (mode.equals("mirror")) {
                // with its deletes, as config/README.md says: under the replicator's role, through the breaker
                check("audit --repair --prefix mirror/ in mode mirror as the replicator's role (DR " + dr + ")",
                        "role-mirror", replicator("mirror", deployment), () -> assertExit(Commands.run(environment,
                                settings, "audit", "--repair", "--prefix", prefix), 0));
                assertThat(Buckets.contents(s3, dr, prefix)).as("the extra deleted")
                        .doesNotContainKey(prefix + "extra.txt");
            } else {
                assertThat(tags(s3, dr, prefix + "extra.txt")).as("the extra kept, marked")
                        .containsKey("replicator-deleted-at");
            }
        }
    }

    /** Missing, older, marked and in-parts objects brought back from DR. */
    private void restoreAndItsDryRun(SandboxEnvironment environment, S3Client s3) throws Exception {
        put(s3, PROD, "restore/in both.txt", "same", Map.of(), null);
        put(s3, DR, "restore/in both.txt", "same", Map.of(), null);
        put(s3, PROD, "restore/older in production.txt", "v1", Map.of(), null);
        nextSecond();
        put(s3, DR, "restore/older in production.txt", "v2", Map.of("owner", "ann"), "team=blue");
        put(s3, DR, "restore/only in DR.txt", "lost in production", Map.of(), "team=blue");
        put(s3, DR, "restore/kept after a deletion.txt", "kept", Map.of(),
                "replicator-deleted-at=2026-11-20T00:00:00Z&team=green");
        Uploads.inParts(s3, DR, "restore/large.bin", 12 << 20, 5 << 20);
        for (String[] arguments : List.of(new String[] {"restore", "--prefix", "restore/", "--dry-run"},
                new String[] {"restore", "--prefix", "restore/"})) {
            check(String.join(" ", arguments), "operator-restore",
                    command("restore-policy.json", "RestorePolicy", deployment(DR)),
                    () -> assertExit(Commands.run(environment, Map.of(), arguments), arguments.length == 4 ? 1 : 0));
        }
        assertThat(Buckets.contents(s3, PROD, "restore/")).isEqualTo(Buckets.contents(s3, DR, "restore/"));
    }

    /**
     * Ransomware day, in short: what DR held at an instant comes back from its versions, and what was created since
     * goes with --prune (the restore policy's one delete, in production).
     */
    private void restoreAsOfAndPrune(SandboxEnvironment environment, S3Client s3) throws Exception {
        Map<String, String> before = Buckets.contents(s3, PROD, "restore/");
        nextSecond();
        String instant = Instant.now().toString();
        nextSecond();
        for (String bucket : List.of(PROD, DR)) {
            put(s3, bucket, "restore/older in production.txt", "encrypted", Map.of(), null);
            put(s3, bucket, "restore/note.txt", "pay", Map.of(), null);
            s3.deleteObject(r -> r.bucket(bucket).key("restore/in both.txt"));
        }
        nextSecond();
        for (String[] arguments : List.of(
                new String[] {"restore", "--as-of", instant, "--prefix", "restore/", "--dry-run", "--prune"},
                new String[] {"restore", "--as-of", instant, "--prefix", "restore/", "--prune"})) {
            check(String.join(" ", arguments), "operator-restore-as-of",
                    command("restore-policy.json", "RestorePolicy", deployment(DR)),
                    () -> assertExit(Commands.run(environment, Map.of(), arguments), arguments.length == 7 ? 1 : 0));
        }
        assertThat(Buckets.contents(s3, PROD, "restore/")).isEqualTo(before);
    }

    /** S3 dates to the second: what follows is in a later one. */
    private static void nextSecond() {
        Instant now = Instant.now();
        await().pollInterval(Duration.ofMillis(50)).until(() -> Instant.now().getEpochSecond() > now.getEpochSecond());
    }

    // ---- both directions: the role holds the policy of each direction (config/ with the names swapped)

    @Test
    void theServiceRunningBothDirections() throws Exception {
        Map<String, String> pairs = new HashMap<>(Map.of(
                "replicator.pairs", "default,failback",
                "replicator.pair.failback.source.bucket", DR,
                "replicator.pair.failback.source.region", "us-east-2",
                "replicator.pair.failback.target.bucket", PROD,
                "replicator.pair.failback.target.region", "us-east-1"));
        try (SandboxEnvironment environment = SandboxEnvironment.start(s -> s.withNotifiedBuckets(PROD, DR))) {
            S3Client s3 = environment.s3Client();
            versioned(s3, PROD);
            versioned(s3, DR);
            Map<String, String> deployment = deployment(DR);
            Map<String, String> swapped = swapped(deployment);
            List<Policy> identity = List.of(
                    configPolicy("replicator-role-policy-mirror.json", deployment),
                    configPolicy("replicator-role-policy-mirror.json", swapped),
                    configPolicy(BOTH_DIRECTIONS, deployment));
            // config/ only: the template deploys one direction (config/README.md, "Why least privilege")
            List<Access> accesses = List.of(new Access("config/ files, each direction's policy and "
                    + BOTH_DIRECTIONS, ROLE, identity, configBucketPolicies(deployment)));
            check("the service running both directions", "role-both-directions", accesses, () -> {
                try (RunningReplicator replicator = RunningReplicator.start(environment, pairs)) {
                    put(s3, PROD, "both/from production.txt", "p", Map.of("owner", "ann"), "team=blue");
                    put(s3, DR, "both/from DR.txt", "d", Map.of(), null);
                    Uploads.inParts(s3, PROD, "both/large.bin", 12 << 20, 5 << 20);
                    awaitEqual(s3, "both/", 3);
                    s3.putObjectTagging(r -> r.bucket(DR).key("both/from production.txt")
                            .tagging(t -> t.tagSet(Tag.builder().key("team").value("green").build())));
                    await().atMost(WAIT).ignoreExceptions().untilAsserted(() ->
                            assertThat(tags(s3, PROD, "both/from production.txt")).containsEntry("team", "green"));
                    put(s3, DR, "both/from production.txt", "written in DR", Map.of(), null);
                    s3.deleteObject(r -> r.bucket(PROD).key("both/from DR.txt"));
                    s3.deleteObject(r -> r.bucket(DR).key("both/large.bin"));
                    awaitEqual(s3, "both/", 1);
                    await().atMost(WAIT).until(() -> Queues.depth(environment, AwsTestEnvironment.QUEUE) == 0);
                }
            });
        }
    }

    // ---- what no call used

    @AfterAll
    void listWhatThePoliciesGrantAndNoCallUsed() throws IOException {
        StringBuilder text = new StringBuilder("What the policies of config/ grant and no call of LeastPrivilegeIT"
                + " used (the template's are the same documents):\n");
        for (String file : checkedFiles) {
            List<String> unused = report.unused("config/" + file, ShippedPolicies.shipped(file));
            text.append("  config/").append(file).append(unused.isEmpty() ? ": everything used\n" : ":\n");
            unused.forEach(line -> text.append("    ").append(line).append('\n'));
        }
        System.out.print(text);
        Path file = Path.of("target", "least-privilege", "unused-grants.txt");
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    // ---- the check

    private interface Work {
        void run() throws Exception;
    }

    /**
     * Runs the work with the product signing as {@code accessKey}, then checks every call made with that key against
     * each access; fails naming each action missing, on which resources, and which policy lacks it.
     */
    private void check(String scenario, String accessKey, List<Access> accesses, Work work) throws Exception {
        List<SdkActionRecorder.Call> calls;
        try (ProductCredentials credentials = ProductCredentials.as(accessKey);
             SdkActionRecorder.Recording recording = SdkActionRecorder.arm(ACCOUNT)) {
            work.run();
            calls = recording.callsOf(accessKey);
        }
        assertThat(calls).as("%s made no call signed %s: is SdkActionRecorder in its clients?", scenario, accessKey)
                .isNotEmpty();
        List<String> problems = report.check(calls, accesses);
        System.out.println(scenario + ": " + calls.size() + " calls, " + calls.stream()
                .map(SdkActionRecorder.Call::operation).distinct().sorted().collect(Collectors.joining(", ")));
        if (!problems.isEmpty()) {
            fail(scenario + " does what its shipped policies do not allow (action on resources (call), why"
                    + " [which form]):\n  " + String.join("\n  ", problems));
        }
    }

    private void assertExit(Commands.Result result, int expected) {
        assertThat(result.exit()).as("exit status; out: %s; err: %s", result.out(), result.err()).isEqualTo(expected);
    }

    // ---- the policies, filled in as config/README.md does, and the template's

    /** The placeholders of config/ for this deployment: the sandbox's names, in ElasticMQ's account. */
    private static Map<String, String> deployment(String targetBucket) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("ACCOUNT_ID", ACCOUNT);
        values.put("SOURCE_REGION", "us-east-1");
        values.put("SOURCE_BUCKET", PROD);
        values.put("TARGET_BUCKET", targetBucket);
        values.put("TARGET_REGION", "us-east-2");
        values.put("STATE_BUCKET", AwsTestEnvironment.STATE_BUCKET);
        values.put("QUEUE_NAME", AwsTestEnvironment.QUEUE);
        values.put("DLQ_NAME", AwsTestEnvironment.DEAD_LETTER_QUEUE);
        values.put("HELD_QUEUE_NAME", HELD);
        values.put("ROLE_NAME", ROLE_NAME);
        values.put("INVENTORY_BUCKET", "prod-bucket-inventory");
        return values;
    }

    /** The same files for the other direction: source and target swapped, the DR side's queues. */
    private static Map<String, String> swapped(Map<String, String> deployment) {
        Map<String, String> values = new LinkedHashMap<>(deployment);
        values.put("SOURCE_BUCKET", deployment.get("TARGET_BUCKET"));
        values.put("SOURCE_REGION", deployment.get("TARGET_REGION"));
        values.put("TARGET_BUCKET", deployment.get("SOURCE_BUCKET"));
        values.put("TARGET_REGION", deployment.get("SOURCE_REGION"));
        values.put("QUEUE_NAME", "dr-bucket-events");
        values.put("DLQ_NAME", "dr-bucket-events-dlq");
        values.put("HELD_QUEUE_NAME", "dr-bucket-events-held-deletes");
        return values;
    }

    /** The role in this delete mode: config/'s file of the mode, and the template deployed with that mode. */
    private List<Access> replicator(String mode, Map<String, String> deployment) {
        String file = "replicator-role-policy-" + mode + ".json";
        return List.of(
                new Access("config/", ROLE, List.of(configPolicy(file, deployment)), configBucketPolicies(deployment)),
                new Access("template, DeleteMode=" + mode, ROLE, List.of(templatePolicy("ReplicatorRole", mode,
                        deployment)), templateBucketPolicies(deployment)));
    }

    /** An operator's command: its config/ file and the template's managed policy of the same name. */
    private List<Access> command(String file, String logicalId, Map<String, String> deployment) {
        return List.of(
                new Access("config/", OPERATOR, List.of(configPolicy(file, deployment)),
                        configBucketPolicies(deployment)),
                new Access("template", OPERATOR, List.of(templatePolicy(logicalId, "mirror", deployment)),
                        templateBucketPolicies(deployment)));
    }

    private Policy configPolicy(String file, Map<String, String> values) {
        checkedFiles.add(file);
        return Policy.of("config/" + file, ShippedPolicies.file(file, values));
    }

    private static Policy templatePolicy(String logicalId, String mode, Map<String, String> values) {
        return Policy.of("the template's " + logicalId, ShippedPolicies.template(logicalId,
                Map.of("Side", "dr", "DeleteMode", mode), values));
    }

    /** The bucket policies config/ puts on the DR and state buckets, and the optional one of the source bucket. */
    private static Map<String, Policy> configBucketPolicies(Map<String, String> values) {
        return Map.of(
                values.get("TARGET_BUCKET"), Policy.of("config/dr-bucket-policy.json",
                        ShippedPolicies.file("dr-bucket-policy.json", values)),
                values.get("STATE_BUCKET"), Policy.of("config/state-bucket-policy.json",
                        ShippedPolicies.file("state-bucket-policy.json", values)),
                values.get("SOURCE_BUCKET"), Policy.of("config/source-bucket-policy.json",
                        ShippedPolicies.file("source-bucket-policy.json", values)));
    }

    private static Map<String, Policy> templateBucketPolicies(Map<String, String> values) {
        Map<String, String> dr = Map.of("Side", "dr");
        return Map.of(
                values.get("TARGET_BUCKET"), Policy.of("the template's TargetBucketPolicy",
                        ShippedPolicies.template("TargetBucketPolicy", dr, values)),
                values.get("STATE_BUCKET"), Policy.of("the template's StateBucketPolicy",
                        ShippedPolicies.template("StateBucketPolicy", dr, values)));
    }

    // ---- the work

    /**
     * What production does to the service, each change awaited in DR: creates (with metadata and tags, one in parts),
     * overwrites, a copy, tag changes, a metadata change in place, deletes (kept and marked in modes retain and
     * delayed), and a message that is no event, which the service dead-letters.
     */
    private static void workload(SandboxEnvironment environment, S3Client s3, String prefix, String mode) {
        put(s3, PROD, prefix + "report.csv", "a,b\n1,2\n", Map.of("owner", "ann"), "team=blue");
        put(s3, PROD, prefix + "report.csv", "a,b\n1,3\n", Map.of("owner", "ann"), "team=blue");
        put(s3, PROD, prefix + "report.csv", "a,b\n1,4\n", Map.of("owner", "bob"), "team=blue");
        s3.copyObject(r -> r.sourceBucket(PROD).sourceKey(prefix + "report.csv")
                .destinationBucket(PROD).destinationKey(prefix + "copy of the report.csv"));
        Uploads.inParts(s3, PROD, prefix + "large.bin", 12 << 20, 5 << 20, b -> b.tagging("tier=large"),
                length -> RequestBody.fromBytes(new byte[(int) length]));
        awaitMirrored(s3, prefix, 3);

        s3.putObjectTagging(r -> r.bucket(PROD).key(prefix + "report.csv").tagging(t -> t.tagSet(
                Tag.builder().key("team").value("green").build(), Tag.builder().key("tier").value("dr").build())));
        await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> assertThat(tags(s3, DR, prefix + "report.csv"))
                .isEqualTo(Map.of("team", "green", "tier", "dr")));
        s3.deleteObjectTagging(r -> r.bucket(PROD).key(prefix + "report.csv"));
        await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> assertThat(tags(s3, DR, prefix + "report.csv"))
                .isEmpty());
        s3.copyObject(r -> r.sourceBucket(PROD).sourceKey(prefix + "copy of the report.csv")
                .destinationBucket(PROD).destinationKey(prefix + "copy of the report.csv")
                .metadataDirective(MetadataDirective.REPLACE).metadata(Map.of("owner", "carl"))
                .contentType("text/csv"));
        await().atMost(WAIT).ignoreExceptions().untilAsserted(() ->
                ObjectProperties.assertMirrored(s3, prefix + "copy of the report.csv"));

        s3.deleteObject(r -> r.bucket(PROD).key(prefix + "copy of the report.csv"));
        s3.deleteObjects(r -> r.bucket(PROD).delete(d -> d.objects(
                ObjectIdentifier.builder().key(prefix + "large.bin").build())));
        List<String> deleted = List.of(prefix + "copy of the report.csv", prefix + "large.bin");
        if (mode.equals("mirror")) {
            awaitMirrored(s3, prefix, 1);
        } else {
            String mark = mode.equals("retain") ? "replicator-deleted-at" : "replicator-delete-after-days";
            await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> deleted.forEach(key ->
                    assertThat(tags(s3, DR, key)).as(key).containsKey(mark)));
        }

        String marker = UUID.randomUUID().toString();
        SqsClient sqs = environment.sqsClient();
        String queue = sqs.getQueueUrl(r -> r.queueName(AwsTestEnvironment.QUEUE)).queueUrl();
        sqs.sendMessage(r -> r.queueUrl(queue).messageBody("{\"not an event\": " + marker));
        new DeadLetterQueue(sqs).awaitOne(marker);
        await().atMost(WAIT).until(() -> Queues.depth(environment, AwsTestEnvironment.QUEUE) == 0);
    }

    /**
     * With at most 5 deletes a minute: a storm held, {@code breaker status}, {@code breaker resume} releasing it; a
     * second storm, {@code breaker discard}. The commands run as the service's role, as config/README.md says.
     */
    private static void storms(SandboxEnvironment environment, S3Client s3) {
        List<String> first = putMany(s3, "mirror/storm 1/", 12);
        List<String> second = putMany(s3, "mirror/storm 2/", 8);
        awaitMirrored(s3, "mirror/storm", 20);

        deleteAll(s3, first);
        await().atMost(WAIT).until(() -> Queues.depth(environment, HELD) > 0);
        assertThat(Commands.run(environment, Map.of(), "breaker", "status").exit()).isEqualTo(1);
        Commands.Result resumed = Commands.run(environment, Map.of(), "breaker", "resume");
        assertThat(resumed.exit()).as(resumed.err()).isZero();
        awaitMirrored(s3, "mirror/storm 1/", 0);
        await().atMost(WAIT).until(() -> Queues.depth(environment, HELD) == 0);

        deleteAll(s3, second);
        await().atMost(WAIT).until(() -> Queues.depth(environment, HELD)
                + (8 - Buckets.contents(s3, DR, "mirror/storm 2/").size()) == 8);
        assertThat(Commands.run(environment, Map.of(), "breaker", "status").exit()).isEqualTo(1);
        Commands.Result discarded = Commands.run(environment, Map.of(), "breaker", "discard");
        assertThat(discarded.exit()).as(discarded.err()).isZero();
    }

    /**
     * Drift of every kind under the prefix: objects missing in DR (one uploaded in parts, with tags), other bytes,
     * other metadata, other tags, and an object only in DR.
     */
    private static void drift(S3Client s3, String dr, String prefix) {
        put(s3, PROD, prefix + "missing.txt", "missing", Map.of("owner", "ann"), "team=blue");
        Uploads.inParts(s3, PROD, prefix + "missing large.bin", 12 << 20, 5 << 20, b -> b.tagging("tier=large"),
                length -> RequestBody.fromBytes(new byte[(int) length]));
        put(s3, PROD, prefix + "changed.txt", "new", Map.of(), null);
        put(s3, dr, prefix + "changed.txt", "old", Map.of(), null);
        put(s3, PROD, prefix + "metadata.txt", "same", Map.of("owner", "bob"), null);
        put(s3, dr, prefix + "metadata.txt", "same", Map.of("owner", "ann"), null);
        put(s3, PROD, prefix + "tags.txt", "same", Map.of(), "team=green");
        put(s3, dr, prefix + "tags.txt", "same", Map.of(), "team=blue");
        put(s3, dr, prefix + "extra.txt", "deleted in production", Map.of(), "team=blue");
    }

    private static void put(S3Client s3, String bucket, String key, String content, Map<String, String> metadata,
                            String tagging) {
        s3.putObject(r -> r.bucket(bucket).key(key).metadata(metadata).tagging(tagging),
                RequestBody.fromString(content));
    }

    private static List<String> putMany(S3Client s3, String prefix, int count) {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String key = prefix + i;
            put(s3, PROD, key, key, Map.of(), null);
            keys.add(key);
        }
        return keys;
    }

    private static void deleteAll(S3Client s3, List<String> keys) {
        keys.forEach(key -> s3.deleteObject(r -> r.bucket(PROD).key(key)));
    }

    private static void versioned(S3Client s3, String bucket) {
        s3.putBucketVersioning(r -> r.bucket(bucket)
                .versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
    }

    private static void awaitMirrored(S3Client s3, String prefix, int objects) {
        await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> {
            assertThat(Buckets.contents(s3, DR, prefix)).hasSize(objects);
            Buckets.assertMirrored(s3, prefix);
        });
    }

    private static void awaitEqual(S3Client s3, String prefix, int objects) {
        await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> {
            assertThat(Buckets.contents(s3, PROD, prefix)).hasSize(objects);
            assertThat(Buckets.contents(s3, DR, prefix)).isEqualTo(Buckets.contents(s3, PROD, prefix));
        });
    }

    private static Map<String, String> tags(S3Client s3, String bucket, String key) {
        return s3.getObjectTagging(r -> r.bucket(bucket).key(key)).tagSet().stream()
                .collect(Collectors.toMap(Tag::key, Tag::value));
    }
}
