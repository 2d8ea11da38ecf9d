package io.github.s3drreplicator.it;

import java.util.Map;

import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.containers.localstack.LocalStackContainer.Service;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketLocationConstraint;
import software.amazon.awssdk.services.s3.model.Event;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * LocalStack in Docker, set up as production is (see config/): the DR bucket and the state bucket in the other
 * region, the queue with its dead-letter queue, and S3 sending the source bucket's events to the queue.
 */
final class LocalStackEnvironment implements AwsTestEnvironment {

    static final DockerImageName IMAGE = DockerImageName.parse("localstack/localstack:4.4");

    private final LocalStackContainer container;

    private LocalStackEnvironment(LocalStackContainer container) {
        this.container = container;
    }

    static LocalStackEnvironment start() {
        LocalStackContainer container = new LocalStackContainer(IMAGE).withServices(Service.S3, Service.SQS);
        container.start();
        LocalStackEnvironment environment = new LocalStackEnvironment(container);
        environment.createBucketsAndQueues();
        return environment;
    }

    private void createBucketsAndQueues() {
        try (S3Client s3 = s3Client(); SqsClient sqs = sqsClient()) {
            String dlqUrl = sqs.createQueue(r -> r.queueName(DEAD_LETTER_QUEUE)).queueUrl();
            String dlqArn = arn(sqs, dlqUrl);
            String queueUrl = sqs.createQueue(r -> r.queueName(QUEUE).attributes(Map.of(
                    QueueAttributeName.REDRIVE_POLICY,
                    "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\"5\"}"))).queueUrl();
            String queueArn = arn(sqs, queueUrl);

            s3.createBucket(r -> r.bucket(SOURCE_BUCKET));
            s3.createBucket(r -> r.bucket(TARGET_BUCKET).createBucketConfiguration(
                    c -> c.locationConstraint(BucketLocationConstraint.fromValue(Region.US_EAST_2.id()))));
            s3.createBucket(r -> r.bucket(STATE_BUCKET).createBucketConfiguration(
                    c -> c.locationConstraint(BucketLocationConstraint.fromValue(Region.US_EAST_2.id()))));
            s3.putBucketNotificationConfiguration(r -> r.bucket(SOURCE_BUCKET).notificationConfiguration(n -> n
                    .queueConfigurations(q -> q.id("replication").queueArn(queueArn)
                            .events(Event.S3_OBJECT_CREATED, Event.S3_OBJECT_REMOVED, Event.S3_OBJECT_TAGGING,
                                    Event.S3_LIFECYCLE_EXPIRATION))));
        }
    }

    private static String arn(SqsClient sqs, String queueUrl) {
        return sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
    }

    @Override
    public String s3Endpoint() {
        return container.getEndpointOverride(Service.S3).toString();
    }

    @Override
    public String sqsEndpoint() {
        return container.getEndpointOverride(Service.SQS).toString();
    }

    @Override
    public void close() {
        container.stop();
    }
}
