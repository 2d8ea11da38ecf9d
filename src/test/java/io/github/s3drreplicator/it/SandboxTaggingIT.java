package io.github.s3drreplicator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectTaggingResponse;
import software.amazon.awssdk.services.s3.model.Tag;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Object tags through the AWS SDK, where the store behind the sandbox differs from S3, and the notifications S3 sends
 * for tag changes: {@code ObjectTagging:Put} and {@code ObjectTagging:Delete}.
 */
class SandboxTaggingIT {

    private static final String BUCKET = AwsTestEnvironment.SOURCE_BUCKET;
    private static final String VERSIONED = AwsTestEnvironment.TARGET_BUCKET;
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.withEventsOf(BUCKET, VERSIONED).versioned(VERSIONED);

    private static SqsClient sqs;
    private static String queueUrl;
    // every record read from the queue so far, in the order they arrived
    private static final List<JsonNode> RECORDS = new ArrayList<>();

    @BeforeAll
    static void readTheQueue() {
        sqs = SANDBOX.environment().sqsClient();
        queueUrl = sqs.getQueueUrl(r -> r.queueName(AwsTestEnvironment.QUEUE)).queueUrl();
    }

    @AfterAll
    static void closeQueueClient() {
        sqs.close();
    }

    private static S3Client s3() {
        return SANDBOX.s3();
    }

    /** The records naming this key (as notifications encode it), once there are as many as expected. */
    private static List<JsonNode> records(String encodedKey, int expected) {
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            for (Message message : sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10)
                    .waitTimeSeconds(1)).messages()) {
                JSON.readTree(message.body()).get("Records").forEach(RECORDS::add);
                sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
            }
            return naming(encodedKey).size() >= expected;
        });
        return naming(encodedKey);
    }

    private static List<JsonNode> naming(String encodedKey) {
        return RECORDS.stream().filter(record -> record.at("/s3/object/key").asText().equals(encodedKey)).toList();
    }

    private static List<String> eventNames(List<JsonNode> records) {
        return records.stream().map(record -> record.get("eventName").asText()).toList();
    }

    @Test
    void anEmptyTagSetRemovesTheObjectsTags() {
        s3().putObject(r -> r.bucket(BUCKET).key("tags/a").tagging("team=blue&tier=1"), RequestBody.fromString("a"));

        PutObjectTaggingResponse emptied = s3().putObjectTagging(r -> r.bucket(BUCKET).key("tags/a")
                .tagging(t -> t.tagSet(List.of())));

        assertThat(emptied.sdkHttpResponse().statusCode()).isEqualTo(200);
        assertThat(s3().getObjectTagging(r -> r.bucket(BUCKET).key("tags/a")).tagSet()).isEmpty();
        s3().putObjectTagging(r -> r.bucket(BUCKET).key("tags/a")
                .tagging(t -> t.tagSet(Tag.builder().key("team").value("red").build())));
        assertThat(s3().getObjectTagging(r -> r.bucket(BUCKET).key("tags/a")).tagSet())
                .containsExactly(Tag.builder().key("team").value("red").build());
    }

    @Test
    void tagChangesAreNotifiedAsS3DoesWithTheObjectsETagButNoSizeOrSequencer() {
        String key = "tag-events/a b.txt";
        String eTag = s3().putObject(r -> r.bucket(BUCKET).key(key), RequestBody.fromString("tagged")).eTag()
                .replace("\"", "");
        s3().putObjectTagging(r -> r.bucket(BUCKET).key(key)
                .tagging(t -> t.tagSet(Tag.builder().key("team").value("blue").build())));
        // S3 takes an empty set as removing the tags, but it is still a PutObjectTagging
        s3().putObjectTagging(r -> r.bucket(BUCKET).key(key).tagging(t -> t.tagSet(List.of())));
        s3().deleteObjectTagging(r -> r.bucket(BUCKET).key(key));

        List<JsonNode> records = records("tag-events/a+b.txt", 4);
        assertThat(eventNames(records)).containsExactly("ObjectCreated:Put", "ObjectTagging:Put", "ObjectTagging:Put",
                "ObjectTagging:Delete");
        for (JsonNode tagging : records.subList(1, 4)) {
            assertThat(tagging.get("eventVersion").asText()).isEqualTo("2.3");
            assertThat(tagging.get("awsRegion").asText()).isEqualTo("us-east-1");
            assertThat(tagging.at("/s3/bucket/name").asText()).isEqualTo(BUCKET);
            assertThat(tagging.at("/s3/object").toString())
                    .isEqualTo("{\"key\":\"tag-events/a+b.txt\",\"eTag\":\"" + eTag + "\"}");
        }
    }

    @Test
    void aTagChangeInAVersionedBucketNamesTheVersionItChanged() {
        String key = "tag-events/versioned";
        var first = s3().putObject(r -> r.bucket(VERSIONED).key(key), RequestBody.fromString("first"));
        var second = s3().putObject(r -> r.bucket(VERSIONED).key(key), RequestBody.fromString("second"));
        s3().putObjectTagging(r -> r.bucket(VERSIONED).key(key).versionId(first.versionId())
                .tagging(t -> t.tagSet(Tag.builder().key("old").value("yes").build())));
        s3().deleteObjectTagging(r -> r.bucket(VERSIONED).key(key));

        List<JsonNode> records = records(key, 4);
        assertThat(eventNames(records)).containsExactly("ObjectCreated:Put", "ObjectCreated:Put",
                "ObjectTagging:Put", "ObjectTagging:Delete");
        assertThat(records.get(2).at("/s3/object/versionId").asText()).isEqualTo(first.versionId());
        assertThat(records.get(2).at("/s3/object/eTag").asText()).isEqualTo(first.eTag().replace("\"", ""));
        assertThat(records.get(3).at("/s3/object/versionId").asText()).as("the latest")
                .isEqualTo(second.versionId());
        assertThat(records.get(3).get("awsRegion").asText()).isEqualTo("us-east-2");
    }

    @Test
    void aTagChangeTheStoreRefusesIsNotNotified() {
        assertThatThrownBy(() -> s3().putObjectTagging(r -> r.bucket(BUCKET).key("tag-events/missing")
                .tagging(t -> t.tagSet(Tag.builder().key("team").value("blue").build()))))
                .isInstanceOf(NoSuchKeyException.class);
        s3().putObject(r -> r.bucket(BUCKET).key("tag-events/after"), RequestBody.fromString("after"));
        s3().deleteObjectTagging(r -> r.bucket(BUCKET).key("tag-events/after"));

        // notifications leave in the order the writes were done: the later one's arrival says the earlier sent none
        records("tag-events/after", 2);
        assertThat(naming("tag-events/missing")).isEmpty();
    }
}
