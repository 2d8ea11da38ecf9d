package io.github.s3drreplicator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.Tag;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * DR converges to production whatever the events say: with the sandbox's own notifications off, every event here
 * is written by the test, late, duplicated, reordered, wrapped or forged.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConvergenceIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private AwsTestEnvironment environment;
    private RunningReplicator replicator;
    private S3Client s3;
    private SqsClient sqs;
    private DeadLetterQueue deadLetters;

    @BeforeAll
    void start() throws Exception {
        environment = SandboxEnvironment.start(false);
        s3 = environment.s3Client();
        sqs = environment.sqsClient();
        deadLetters = new DeadLetterQueue(sqs);
        replicator = RunningReplicator.start(environment, Map.of());
    }

    @AfterAll
    void stop() throws Exception {
        replicator.close();
        environment.close();
    }

    private static String unique(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8) + "/";
    }

    private void put(String bucket, String key, String content) {
        s3.putObject(r -> r.bucket(bucket).key(key), RequestBody.fromString(content));
    }

    private String content(String bucket, String key) {
        try {
            return s3.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asUtf8String();
        } catch (NoSuchKeyException e) {
            return null;
        }
    }

    private String dr(String key) {
        return content(AwsTestEnvironment.TARGET_BUCKET, key);
    }

    /** Sends the messages and waits until the replicator has finished with every one of them. */
    private void deliver(String marker, String... messages) {
        NotifyBuilder done = new NotifyBuilder(replicator.context())
                .fromRoute("consume-s3-events")
                .filter(exchange -> mentions(exchange, marker))
                .whenDone(messages.length)
                .create();
        String url = sqs.getQueueUrl(r -> r.queueName(AwsTestEnvironment.QUEUE)).queueUrl();
        for (String message : messages) {
            sqs.sendMessage(r -> r.queueUrl(url).messageBody(message));
        }
        assertThat(done.matches(WAIT.toSeconds(), TimeUnit.SECONDS))
                .as("the replicator finished with %d message(s) about %s", messages.length, marker).isTrue();
    }

    /** Whether this is the exchange of a whole SQS message (not one of its split records) that names the marker. */
    private static boolean mentions(Exchange exchange, String marker) {
        String message = exchange.getProperty("replicatorMessage", String.class);
        return message != null && message.contains(marker) && exchange.getProperty(Exchange.SPLIT_INDEX) == null;
    }

    private double skipped(String reason) {
        MeterRegistry registry = replicator.context().getRegistry().findSingleByType(MeterRegistry.class);
        Counter counter = registry.find("replicator.events.skipped").tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    /**
     * A copy that is not the source's twin (a failed or partial copy, or an object someone put into DR by hand) is
     * never taken as in sync, whatever metadata or tags it carries: it is copied again.
     */
    @Test
    void aCopyThatIsNotTheSourcesTwinIsCopiedAgainWhateverItCarries() {
        String key = unique("not-a-twin") + "report.txt";
        s3.putObject(r -> r.bucket(AwsTestEnvironment.SOURCE_BUCKET).key(key).metadata(Map.of("owner", "ann")),
                RequestBody.fromString("the real bytes"));
        String sourceETag = s3.headObject(r -> r.bucket(AwsTestEnvironment.SOURCE_BUCKET).key(key)).eTag()
                .replace("\"", "");
        // the same size, and every mark an older version of the replicator would have trusted
        s3.putObject(r -> r.bucket(AwsTestEnvironment.TARGET_BUCKET).key(key)
                .metadata(Map.of("owner", "ann", "replicator-source-etag", sourceETag)),
                RequestBody.fromString("the fake bytes"));

        deliver(key, ForgedEvents.notification("ObjectCreated:Put", key));

        assertThat(dr(key)).isEqualTo("the real bytes");
        assertThat(s3.headObject(r -> r.bucket(AwsTestEnvironment.TARGET_BUCKET).key(key)).metadata())
                .as("exactly the source's metadata").isEqualTo(Map.of("owner", "ann"));
    }

    @Test
    void deleteEventForObjectStillInProductionLeavesDrUntouched() {
        String key = unique("forged-delete") + "precious.txt";
        put(AwsTestEnvironment.SOURCE_BUCKET, key, "still in production");
        deliver(key, ForgedEvents.notification("ObjectCreated:Put", key));
        assertThat(dr(key)).isEqualTo("still in production");

        deliver(key, ForgedEvents.notification("ObjectRemoved:Delete", key));

        assertThat(dr(key)).isEqualTo("still in production");
    }

    @Test
    void lateCreatedEventForDeletedObjectNeverResurrectsIt() {
        String key = unique("late-create") + "gone.txt";
        put(AwsTestEnvironment.SOURCE_BUCKET, key, "short-lived");
        deliver(key, ForgedEvents.notification("ObjectCreated:Put", key));
        s3.deleteObject(r -> r.bucket(AwsTestEnvironment.SOURCE_BUCKET).key(key));
        deliver(key, ForgedEvents.notification("ObjectRemoved:Delete", key));
        assertThat(dr(key)).isNull();
        double sourceGoneBefore = skipped("source-gone");

        deliver(key, ForgedEvents.notification("ObjectCreated:Put", key));

        // waited on, not read once: a full run once read the count before this record was counted
        await().atMost(WAIT).until(() -> skipped("source-gone") == sourceGoneBefore + 1);
        assertThat(dr(key)).isNull();
        assertThat(deadLetters.containing(key)).isEmpty();
    }

    @Test
    void duplicatedEventsChangeNothing() {
        String key = unique("duplicates") + "once.txt";
        put(AwsTestEnvironment.SOURCE_BUCKET, key, "delivered three times");
        String event = ForgedEvents.notification("ObjectCreated:Put", key);
        deliver(key, event, event, event);
        double inSyncBefore = skipped("already-in-sync");

        deliver(key, event);

        assertThat(dr(key)).isEqualTo("delivered three times");
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(skipped("already-in-sync")).isEqualTo(inSyncBefore + 1));
    }

    @Test
    void eventsInReverseOrderEndWhereProductionIs() {
        String prefix = unique("reordered");
        String overwritten = prefix + "overwritten.txt";
        String deleted = prefix + "deleted.txt";
        List<String> events = new ArrayList<>();
        for (String version : List.of("v1", "v2", "v3")) {
            put(AwsTestEnvironment.SOURCE_BUCKET, overwritten, version);
            events.add(ForgedEvents.notification("ObjectCreated:Put", overwritten));
        }
        put(AwsTestEnvironment.SOURCE_BUCKET, deleted, "soon gone");
        events.add(ForgedEvents.notification("ObjectCreated:Put", deleted));
        s3.deleteObject(r -> r.bucket(AwsTestEnvironment.SOURCE_BUCKET).key(deleted));
        events.add(ForgedEvents.notification("ObjectRemoved:Delete", deleted));

        // newest first: the delete before the create, v3 before v1
        Collections.reverse(events);
        deliver(prefix, events.toArray(String[]::new));

        assertThat(dr(overwritten)).isEqualTo("v3");
        assertThat(dr(deleted)).isNull();
    }

    @Test
    void notificationsInAnSnsEnvelopeAreApplied() {
        String key = unique("sns") + "wrapped €.txt";
        put(AwsTestEnvironment.SOURCE_BUCKET, key, "through SNS");

        deliver("sns-", ForgedEvents.inSnsEnvelope(
                ForgedEvents.notification("ObjectCreated:Put", key)));

        assertThat(dr(key)).isEqualTo("through SNS");
    }

    @Test
    void eventBridgeEventsAreAppliedWithTheirKeysAsTheyAre() {
        String key = unique("eventbridge") + "a b+c%2B.txt";
        put(AwsTestEnvironment.SOURCE_BUCKET, key, "through EventBridge");
        deliver("eventbridge-", ForgedEvents.eventBridge("Object Created", key));
        assertThat(dr(key)).isEqualTo("through EventBridge");

        s3.deleteObject(r -> r.bucket(AwsTestEnvironment.SOURCE_BUCKET).key(key));
        deliver("eventbridge-", ForgedEvents.eventBridge("Object Deleted", key));

        assertThat(dr(key)).isNull();
    }

    @Test
    void testEventInAnSnsEnvelopeIsConsumedNotDeadLettered() {
        double before = skipped("test-event");

        deliver("s3:TestEvent", ForgedEvents.inSnsEnvelope(ForgedEvents.testEvent()));

        assertThat(skipped("test-event")).isEqualTo(before + 1);
        assertThat(deadLetters.containing("s3:TestEvent")).isEmpty();
    }

    @Test
    void tagChangesInProductionAreSyncedToDr() {
        String key = unique("tags") + "tagged.txt";
        s3.putObject(r -> r.bucket(AwsTestEnvironment.SOURCE_BUCKET).key(key).tagging("team=blue"),
                RequestBody.fromString("tagged"));
        deliver(key, ForgedEvents.notification("ObjectCreated:Put", key));

        s3.putObjectTagging(r -> r.bucket(AwsTestEnvironment.SOURCE_BUCKET).key(key).tagging(t -> t.tagSet(
                Tag.builder().key("team").value("green").build(), Tag.builder().key("tier").value("dr").build())));
        deliver(key, ForgedEvents.notification("ObjectTagging:Put", key));

        Map<String, String> drTags = s3.getObjectTagging(r -> r.bucket(AwsTestEnvironment.TARGET_BUCKET).key(key))
                .tagSet().stream().collect(Collectors.toMap(Tag::key, Tag::value));
        assertThat(drTags).containsExactlyInAnyOrderEntriesOf(Map.of("team", "green", "tier", "dr"));
    }

    /**
     * S3 sends {@code LifecycleExpiration:*}, not {@code ObjectRemoved}, when production's lifecycle rules expire an
     * object (EventBridge: an {@code Object Deleted} whose reason is {@code Lifecycle Expiration}): a removal like any
     * other, counted apart.
     */
    @Test
    void lifecycleExpirationsRemoveTheCopyAndAreCountedApart() {
        String prefix = unique("expired");
        String notified = prefix + "notified.log";
        String bridged = prefix + "bridged.log";
        for (String key : List.of(notified, bridged)) {
            put(AwsTestEnvironment.SOURCE_BUCKET, key, "old " + key);
            put(AwsTestEnvironment.TARGET_BUCKET, key, "old " + key);
            s3.deleteObject(r -> r.bucket(AwsTestEnvironment.SOURCE_BUCKET).key(key));
        }
        double before = expirations();

        deliver(prefix, ForgedEvents.notification("LifecycleExpiration:Delete", notified),
                ForgedEvents.eventBridge("Object Deleted", bridged).replace("\"reason\":\"PutObject\"",
                        "\"reason\":\"Lifecycle Expiration\",\"deletion-type\":\"Permanently Deleted\""));

        assertThat(dr(notified)).isNull();
        assertThat(dr(bridged)).isNull();
        assertThat(expirations() - before).isEqualTo(2);
    }

    private double expirations() {
        MeterRegistry registry = replicator.context().getRegistry().findSingleByType(MeterRegistry.class);
        Counter counter = registry.find("replicator.lifecycle.expirations").tag("pair", "default").counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void poisonMessagesAreDeadLetteredOnceWithTheirReason() {
        String marker = unique("poison");
        String notJson = "plain text, not JSON " + marker;
        String huge = "{\"Records\": \"" + marker + "x".repeat(256 * 1024 - 64);
        String longKey = ForgedEvents.notification("ObjectCreated:Put", marker + "k".repeat(1100));
        String controlKey = ForgedEvents.notification("ObjectCreated:Put", marker + "bell\u0007");
        String foreign = ForgedEvents.notification("ObjectCreated:Put", "someone-elses-bucket", marker + "secret");

        deliver(marker, notJson, huge.substring(0, Math.min(huge.length(), 256 * 1024 - 100)), longKey, controlKey,
                foreign);

        await().atMost(WAIT).untilAsserted(() -> assertThat(deadLetters.containing(marker)).hasSize(5));
        List<String> reasons = deadLetters.containing(marker).stream()
                .map(m -> DeadLetterQueue.attribute(m, "replicator-failure-type")).toList();
        assertThat(reasons).containsExactlyInAnyOrder("malformed-json", "malformed-json",
                "rejected-record", "rejected-record", "rejected-record");
        Message cut = deadLetters.containing(marker).stream()
                .filter(m -> DeadLetterQueue.attribute(m, "replicator-original-bytes") != null).findFirst()
                .orElseThrow();
        assertThat(cut.body().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(200_000);
        // once: nothing comes back for another round
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                .until(() -> deadLetters.containing(marker).size() == 5);
    }
}
