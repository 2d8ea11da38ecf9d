package io.github.s3drreplicator.observe;

import java.time.Duration;
import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Readiness only: the queue, the dead-letter queue and both buckets answer. Never part of liveness, so that AWS
 * being slow or away takes the pod out of service without having Kubernetes restart it.
 */
public class AwsReachabilityHealthCheck extends AbstractHealthCheck {

    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    private final S3Client source;
    private final S3Client target;
    private final SqsClient sqs;
    private final String sourceBucket;
    private final String targetBucket;
    private final String queue;
    private final String deadLetterQueue;

    public AwsReachabilityHealthCheck(S3Client source, S3Client target, SqsClient sqs, String sourceBucket,
                                      String targetBucket, String queue, String deadLetterQueue) {
        super("replicator", "aws-reachability");
        this.source = source;
        this.target = target;
        this.sqs = sqs;
        this.sourceBucket = sourceBucket;
        this.targetBucket = targetBucket;
        this.queue = queue;
        this.deadLetterQueue = deadLetterQueue;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        String checking = "bucket " + sourceBucket;
        try {
            source.headBucket(r -> r.bucket(sourceBucket).overrideConfiguration(o -> o.apiCallTimeout(TIMEOUT)));
            checking = "bucket " + targetBucket;
            target.headBucket(r -> r.bucket(targetBucket).overrideConfiguration(o -> o.apiCallTimeout(TIMEOUT)));
            checking = "queue " + queue;
            sqs.getQueueUrl(r -> r.queueName(queue).overrideConfiguration(o -> o.apiCallTimeout(TIMEOUT)));
            checking = "queue " + deadLetterQueue;
            sqs.getQueueUrl(r -> r.queueName(deadLetterQueue).overrideConfiguration(o -> o.apiCallTimeout(TIMEOUT)));
            builder.up();
        } catch (RuntimeException e) {
            builder.down().message(checking + " is not reachable: " + e.getMessage()).error(e);
        }
    }
}
