package io.github.s3drreplicator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * What one record costs in S3 requests, counted at the sandbox per operation: a new object one CopyObject and
 * nothing else; a delete three (HeadObject of DR, HeadObject of production, DeleteObject); a duplicated creation
 * event for a key DR holds already three (the refused copy, and a look at each side). The test's own requests are
 * its PutObject and DeleteObject and reads with GetObject and ListObjectsV2, so the replicator's are told apart by
 * operation.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RequestsPerRecordIT {

    private static final String PROD = AwsTestEnvironment.SOURCE_BUCKET;
    private static final String DR = AwsTestEnvironment.TARGET_BUCKET;

    private SandboxEnvironment environment;
    private RunningReplicator replicator;
    private S3Client s3;

    @BeforeAll
    void start() throws Exception {
        environment = SandboxEnvironment.start(true);
        replicator = RunningReplicator.start(environment, Map.of());
        s3 = environment.s3Client();
    }

    @AfterAll
    void stop() {
        replicator.close();
        environment.close();
    }

    @Test
    void aNewObjectCostsOneRequestAndADeleteThree() {
        String key = "cost/new object.txt";
        environment.resetRequestCounts();
        s3.putObject(r -> r.bucket(PROD).key(key), RequestBody.fromString("one request"));
        awaitDr(key, true);
        Map<String, Long> created = s3Counts();
        assertThat(created.get("CopyObject")).as("%s", created).isEqualTo(1);
        assertThat(created).doesNotContainKeys("HeadObject", "GetObjectTagging", "ListObjectVersions",
                "PutObjectTagging");

        environment.resetRequestCounts();
        s3.deleteObject(r -> r.bucket(PROD).key(key));
        awaitDr(key, false);
        Map<String, Long> deleted = s3Counts();
        assertThat(deleted.get("HeadObject")).as("%s", deleted).isEqualTo(2);
        assertThat(deleted.get("DeleteObject")).as("the test's and the replicator's").isEqualTo(2);
        assertThat(deleted).doesNotContainKeys("CopyObject", "GetObjectTagging", "ListObjectVersions");
    }

    @Test
    void aDuplicatedCreationCostsThreeRequests() {
        String key = "cost/duplicated.txt";
        s3.putObject(r -> r.bucket(PROD).key(key), RequestBody.fromString("sent twice"));
        awaitDr(key, true);
        await().untilAsserted(() -> assertThat(Queues.depth(environment, AwsTestEnvironment.QUEUE)).isZero());

        environment.resetRequestCounts();
        String eTag = s3.headObject(r -> r.bucket(PROD).key(key)).eTag().replace("\"", "");
        SqsClient sqs = environment.sqsClient();
        String url = sqs.getQueueUrl(r -> r.queueName(AwsTestEnvironment.QUEUE)).queueUrl();
        sqs.sendMessage(r -> r.queueUrl(url).messageBody(ForgedEvents.notification("ObjectCreated:Put", key)
                .replace("\"sequencer\"", "\"eTag\":\"" + eTag + "\",\"size\":10,\"sequencer\"")));
        await().untilAsserted(() -> assertThat(Queues.depth(environment, AwsTestEnvironment.QUEUE)).isZero());

        Map<String, Long> counts = s3Counts();
        assertThat(counts.get("CopyObject")).as("%s", counts).isEqualTo(1);
        assertThat(counts.get("HeadObject")).as("the test's and a look at each side").isEqualTo(3);
        assertThat(counts).doesNotContainKeys("GetObjectTagging", "PutObjectTagging", "ListObjectVersions");
    }

    private Map<String, Long> s3Counts() {
        return environment.requestCounts().get("s3");
    }

    private void awaitDr(String key, boolean present) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                assertThat(Buckets.contents(s3, DR, key).containsKey(key)).isEqualTo(present));
    }
}
