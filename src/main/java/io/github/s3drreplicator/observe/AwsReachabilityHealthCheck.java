package io.github.s3drreplicator.observe;

import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;
import io.github.s3drreplicator.aws.S3Clients;
import io.github.s3drreplicator.pair.BucketPair;
import io.github.s3drreplicator.pair.BucketPairs;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Readiness only: the queue, the dead-letter queue and the buckets of every pair answer. Never part of liveness, so that AWS
 * being slow or away takes the pod out of service without having Kubernetes restart it.
 */
public class AwsReachabilityHealthCheck extends AbstractHealthCheck {

    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    private final S3Clients clients;
    private final BucketPairs pairs;
    private final SqsClient sqs;
    private final String queue;
    private final String deadLetterQueue;

    public AwsReachabilityHealthCheck(S3Clients clients, BucketPairs pairs, SqsClient sqs, String queue,
                                      String deadLetterQueue) {
        super("replicator", "aws-reachability");
        this.clients = clients;
        this.pairs = pairs;
        this.sqs = sqs;
        this.queue = queue;
        this.deadLetterQueue = deadLetterQueue;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        String checking = "";
        try {
            Set<String> checked = new HashSet<>();
            for (BucketPair pair : pairs.all()) {
                for (String[] bucket : new String[][] {{pair.sourceBucket(), pair.sourceRegion()},
                        {pair.targetBucket(), pair.targetRegion()}}) {
                    if (checked.add(bucket[0])) {
                        checking = "bucket " + bucket[0];
                        clients.forRegion(bucket[1]).headBucket(r -> r.bucket(bucket[0])
                                .overrideConfiguration(o -> o.apiCallTimeout(TIMEOUT)));
                    }
                }
            }
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
