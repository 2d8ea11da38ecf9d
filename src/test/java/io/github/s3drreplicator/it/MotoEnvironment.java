package io.github.s3drreplicator.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketLocationConstraint;
import software.amazon.awssdk.services.s3.model.Event;
import software.amazon.awssdk.services.s3.model.NotificationConfiguration;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * moto ({@code moto_server}), one server per test class, set up as config/ sets up AWS: the DR bucket and the state
 * bucket in the other region, the queue with its dead-letter queue and redrive policy (attributes from config/queue-attributes.json), the
 * held-deletes queue (config/held-queue-attributes.json), and the source bucket's event notifications (the events config/ selects) reaching the queue in
 * one of the three ways production may use ({@link Delivery}). moto sends the notifications itself: keys, shapes and
 * envelopes are moto's, not ours. The replicator runs in production mode, with its own endpoint settings.
 *
 * <p>No IAM or resource policies are set: moto evaluates none, nor signatures, nor the region of path-style requests.
 */
final class MotoEnvironment implements AwsTestEnvironment {

    /** moto's account: every ARN moto makes names it. */
    static final String ACCOUNT_ID = "123456789012";
    static final String HELD_DELETES_QUEUE = "prod-bucket-events-held-deletes";
    /** The SNS topic, or the EventBridge rule, between the bucket and the queue. */
    static final String TOPIC_OR_RULE = "prod-bucket-events";

    private static final String SOURCE_REGION = "us-east-1";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z_]+)}");

    /** How the source bucket's event notifications reach the queue. */
    enum Delivery {
        /** S3 sends to the queue (the bucket's QueueConfigurations), as config/ sets it up. */
        DIRECT,
        /** S3 publishes to an SNS topic; the queue's subscription has raw message delivery off: envelopes arrive. */
        SNS,
        /** S3 sends to EventBridge (the bucket's EventBridgeConfiguration); a rule on aws.s3 targets the queue. */
        EVENTBRIDGE
    }

    private final MotoServer moto;
    private final Delivery delivery;
    /** With delivery SNS: the topic the bucket publishes to. */
    private String topicArn;

    private MotoEnvironment(MotoServer moto, Delivery delivery) {
        this.moto = moto;
        this.delivery = delivery;
    }

    /**
     * Starts a moto of its own (its log is target/moto/{@code name}.log) and sets it up; skips the calling tests
     * where {@code moto_server} is not on the PATH.
     */
    static MotoEnvironment startOrSkip(String name, Delivery delivery) throws IOException {
        Assumptions.assumeTrue(MotoServer.available(), "moto_server is not on the PATH");
        MotoServer moto = MotoServer.start(name);
        MotoEnvironment environment = new MotoEnvironment(moto, delivery);
        try {
            environment.setUp();
        } catch (RuntimeException e) {
            moto.close();
            throw e;
        }
        return environment;
    }

    private void setUp() {
        try (S3Client s3 = s3Client(); SqsClient sqs = sqsClient()) {
            Map<String, String> names = placeholders();
            // as config/README.md orders it: the queues first, the notifications last
            sqs.createQueue(r -> r.queueName(DEAD_LETTER_QUEUE).attributesWithStrings(Map.of(
                    QueueAttributeName.MESSAGE_RETENTION_PERIOD.toString(), "1209600")));
            // its visibility timeout fits a release (config/held-queue-attributes.json); SSE is not moto's
            Map<String, String> held = new java.util.HashMap<>(readJson(configFile("held-queue-attributes.json",
                    names), new TypeReference<Map<String, String>>() { }));
            held.remove(QueueAttributeName.SQS_MANAGED_SSE_ENABLED.toString());
            sqs.createQueue(r -> r.queueName(HELD_DELETES_QUEUE).attributesWithStrings(held));
            Map<String, String> attributes = readJson(configFile("queue-attributes.json", names),
                    new TypeReference<>() { });
            String queueUrl = sqs.createQueue(r -> r.queueName(QUEUE).attributesWithStrings(attributes)).queueUrl();
            String queueArn = sqs.getQueueAttributes(r -> r.queueUrl(queueUrl)
                    .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN);

            s3.createBucket(r -> r.bucket(SOURCE_BUCKET));
            s3.createBucket(r -> r.bucket(TARGET_BUCKET).createBucketConfiguration(
                    c -> c.locationConstraint(BucketLocationConstraint.fromValue(Region.US_EAST_2.id()))));
            // the replicator's own, beside DR (replicator.state.bucket, at its default): no notifications
            s3.createBucket(r -> r.bucket(STATE_BUCKET).createBucketConfiguration(
                    c -> c.locationConstraint(BucketLocationConstraint.fromValue(Region.US_EAST_2.id()))));

            JsonNode selected = readJson(configFile("bucket-notification-configuration.json", names),
                    new TypeReference<JsonNode>() { }).path("QueueConfigurations").path(0);
            String id = selected.path("Id").asText();
            List<Event> events = new ArrayList<>();
            selected.path("Events").forEach(event -> events.add(Event.fromValue(event.asText())));
            NotificationConfiguration notifications = switch (delivery) {
                case DIRECT -> NotificationConfiguration.builder().queueConfigurations(q -> q
                        .id(id).queueArn(queueArn).events(events)).build();
                case SNS -> NotificationConfiguration.builder().topicConfigurations(t -> t
                        .id(id).topicArn(snsTopicToQueue(queueArn)).events(events)).build();
                case EVENTBRIDGE -> {
                    eventBridgeRuleToQueue(queueArn);
                    yield NotificationConfiguration.builder().eventBridgeConfiguration(e -> { }).build();
                }
            };
            s3.putBucketNotificationConfiguration(r -> r.bucket(SOURCE_BUCKET)
                    .notificationConfiguration(notifications));
        }
    }

    /** A topic with the queue subscribed, raw message delivery off (as by default): SNS envelopes arrive. */
    private String snsTopicToQueue(String queueArn) {
        try (SnsClient sns = snsClient()) {
            topicArn = sns.createTopic(r -> r.name(TOPIC_OR_RULE)).topicArn();
            sns.subscribe(r -> r.topicArn(topicArn).protocol("sqs").endpoint(queueArn)
                    .attributes(Map.of("RawMessageDelivery", "false")));
            return topicArn;
        }
    }

    /** Publishes a message to the topic between the bucket and the queue: moto puts it in its envelope. */
    void publishToTopic(String message) {
        if (topicArn == null) {
            throw new IllegalStateException("no SNS topic in delivery " + delivery);
        }
        try (SnsClient sns = snsClient()) {
            sns.publish(r -> r.topicArn(topicArn).message(message));
        }
    }

    private SnsClient snsClient() {
        return SnsClient.builder().endpointOverride(URI.create(moto.endpoint())).region(Region.of(SOURCE_REGION))
                .credentialsProvider(AwsTestEnvironment.credentials()).build();
    }

    /**
     * A rule on the default bus selecting the source bucket's creations, deletions (lifecycle expirations among them)
     * and tag changes (the events config/ selects, in EventBridge's words), with the queue as its target.
     */
    private void eventBridgeRuleToQueue(String queueArn) {
        try (EventBridgeClient events = EventBridgeClient.builder().endpointOverride(URI.create(moto.endpoint()))
                .region(Region.of(SOURCE_REGION)).credentialsProvider(AwsTestEnvironment.credentials()).build()) {
            events.putRule(r -> r.name(TOPIC_OR_RULE).eventPattern("""
                    {"source":["aws.s3"],"detail-type":["Object Created","Object Deleted","Object Tags Added",
                     "Object Tags Deleted"],
                     "detail":{"bucket":{"name":["%s"]}}}""".formatted(SOURCE_BUCKET)));
            events.putTargets(r -> r.rule(TOPIC_OR_RULE).targets(t -> t.id("replicator-queue").arn(queueArn)));
        }
    }

    private static Map<String, String> placeholders() {
        return Map.of("SOURCE_REGION", SOURCE_REGION, "ACCOUNT_ID", ACCOUNT_ID, "QUEUE_NAME", QUEUE,
                "DLQ_NAME", DEAD_LETTER_QUEUE, "SOURCE_BUCKET", SOURCE_BUCKET);
    }

    /** A file of config/ with its placeholders filled in, as envsubst does, but failing on one left unset. */
    private static String configFile(String name, Map<String, String> values) {
        String text;
        try {
            text = Files.readString(Path.of("config", name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Matcher placeholder = PLACEHOLDER.matcher(text);
        StringBuilder answer = new StringBuilder();
        while (placeholder.find()) {
            String value = values.get(placeholder.group(1));
            if (value == null) {
                throw new IllegalArgumentException("config/" + name + ": no value for " + placeholder.group());
            }
            placeholder.appendReplacement(answer, Matcher.quoteReplacement(value));
        }
        return placeholder.appendTail(answer).toString();
    }

    private static <T> T readJson(String json, TypeReference<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Map<String, String> replicatorProperties() {
        Map<String, String> properties = new HashMap<>(AwsTestEnvironment.super.replicatorProperties());
        // the queue URLs are looked up as in production, with GetQueueUrl
        properties.put("replicator.aws.account-id", ACCOUNT_ID);
        // moto 5.2 carries out a CopyObject whose If-Match or If-None-Match fails: the service would refuse to start
        // on it (GuaranteesIT), so these tests run it as an operator who accepted that risk would
        properties.put("replicator.accept-risks", "unenforced-conditions");
        return properties;
    }

    @Override
    public String s3Endpoint() {
        return moto.endpoint();
    }

    @Override
    public String sqsEndpoint() {
        return moto.endpoint();
    }

    @Override
    public void close() {
        moto.close();
    }
}
