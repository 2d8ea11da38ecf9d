package io.github.s3drreplicator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * A versioned source: the version the reconciler saw current is copied (a late event for an older version brings
 * DR the current one), and a delete marker, {@code ObjectRemoved:DeleteMarkerCreated}, removes DR's copy.
 */
class VersionedSourceIT {

    @Test
    void currentVersionIsCopiedAndADeleteMarkerRemovesTheCopy() throws Exception {
        String key = "versioned/report.txt";
        try (AwsTestEnvironment environment = SandboxEnvironment.start(false);
             RunningReplicator replicator = RunningReplicator.start(environment, Map.of())) {
            S3Client s3 = environment.s3Client();
            SqsClient sqs = environment.sqsClient();
            String queueUrl = sqs.getQueueUrl(r -> r.queueName(AwsTestEnvironment.QUEUE)).queueUrl();
            s3.putBucketVersioning(r -> r.bucket(AwsTestEnvironment.SOURCE_BUCKET)
                    .versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));

            s3.putObject(r -> r.bucket(AwsTestEnvironment.SOURCE_BUCKET).key(key), RequestBody.fromString("v1"));
            String v1Event = ForgedEvents.notification("ObjectCreated:Put", key);
            s3.putObject(r -> r.bucket(AwsTestEnvironment.SOURCE_BUCKET).key(key), RequestBody.fromString("v2"));
            // only the event of the older version arrives (so far)
            sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(v1Event));

            await().atMost(Duration.ofSeconds(60)).until(() -> "v2".equals(dr(s3, key)));

            s3.deleteObject(r -> r.bucket(AwsTestEnvironment.SOURCE_BUCKET).key(key));
            assertThat(s3.listObjectVersions(r -> r.bucket(AwsTestEnvironment.SOURCE_BUCKET).prefix(key))
                    .deleteMarkers()).as("the delete left a delete marker").hasSize(1);
            sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(
                    ForgedEvents.notification("ObjectRemoved:DeleteMarkerCreated", key)));

            await().atMost(Duration.ofSeconds(60)).until(() -> dr(s3, key) == null);
        }
    }

    private static String dr(S3Client s3, String key) {
        try {
            return s3.getObjectAsBytes(r -> r.bucket(AwsTestEnvironment.TARGET_BUCKET).key(key)).asUtf8String();
        } catch (NoSuchKeyException e) {
            return null;
        }
    }
}
