package io.github.s3drreplicator;

import io.github.s3drreplicator.audit.DriftAudit;
import io.github.s3drreplicator.audit.DriftFinder;
import io.github.s3drreplicator.audit.ScheduledAudit;
import io.github.s3drreplicator.aws.AwsClientSettings;
import io.github.s3drreplicator.event.DeadLetterBodies;
import io.github.s3drreplicator.event.RecordGuard;
import io.github.s3drreplicator.failure.FailureClassifier;
import io.github.s3drreplicator.observe.AppliedRecords;
import io.github.s3drreplicator.observe.AwsReachabilityHealthCheck;
import io.github.s3drreplicator.event.S3EventParser;
import io.github.s3drreplicator.replicate.KeyReconciler;
import io.github.s3drreplicator.replicate.MultipartCopier;
import io.github.s3drreplicator.replicate.S3Requests;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.PropertyInject;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The beans the YAML routes refer to by name ({@code #targetS3Client}, {@code bean: s3Events}, ...), built once
 * from the {@code replicator.*} properties.
 */
public class ReplicatorConfiguration implements CamelConfiguration {

    // Keys without a default here are defined in application.properties (an empty default is no default at all).

    @PropertyInject("replicator.source.bucket")
    String sourceBucket;
    @PropertyInject("replicator.source.region")
    String sourceRegion;
    @PropertyInject("replicator.target.bucket")
    String targetBucket;
    @PropertyInject("replicator.target.region")
    String targetRegion;
    @PropertyInject("replicator.queue")
    String queue;
    @PropertyInject("replicator.dead-letter-queue")
    String deadLetterQueue;
    @PropertyInject("replicator.s3.endpoint")
    String s3Endpoint;
    @PropertyInject(value = "replicator.s3.path-style", defaultValue = "false")
    boolean s3PathStyle;
    @PropertyInject("replicator.sqs.endpoint")
    String sqsEndpoint;
    @PropertyInject("replicator.sqs.region")
    String sqsRegion;
    @PropertyInject(value = "replicator.aws.max-connections", defaultValue = "50")
    int maxConnections;
    @PropertyInject(value = "replicator.eventbridge.keys-url-encoded", defaultValue = "false")
    boolean eventBridgeKeysUrlEncoded;
    @PropertyInject(value = "replicator.dead-letter.max-body-bytes", defaultValue = "200000")
    int deadLetterMaxBytes;
    @PropertyInject(value = "replicator.copy.multipart-threshold", defaultValue = "134217728")
    long multipartThreshold;
    @PropertyInject(value = "replicator.copy.part-size", defaultValue = "67108864")
    long partSize;
    @PropertyInject("replicator.target.storage-class")
    String targetStorageClass;
    @PropertyInject("replicator.target.kms-key-id")
    String targetKmsKeyId;
    @PropertyInject(value = "replicator.audit.schedule", defaultValue = "off")
    String auditSchedule;
    @PropertyInject(value = "replicator.audit.repair", defaultValue = "false")
    boolean auditRepair;
    @PropertyInject(value = "replicator.audit.parallelism", defaultValue = "8")
    int auditParallelism;
    @PropertyInject(value = "replicator.reconcile.max-rounds", defaultValue = "5")
    int maxReconcileRounds;

    private AwsClientSettings clients() {
        return new AwsClientSettings(s3Endpoint, s3PathStyle, sqsEndpoint, maxConnections);
    }

    /** Sends every write: CopyObject goes to the region of the destination bucket. */
    @BindToRegistry("targetS3Client")
    public S3Client targetS3Client() {
        return clients().s3Client(targetRegion);
    }

    /** Reads the source: HeadObject and tags, in the source's region. */
    @BindToRegistry("sourceS3Client")
    public S3Client sourceS3Client() {
        return clients().s3Client(sourceRegion);
    }

    /** Copies objects above replicator.copy.multipart-threshold in parts; CopyObject is sent to the DR region. */
    @BindToRegistry("multipartCopier")
    public MultipartCopier multipartCopier() {
        return new MultipartCopier(clients().s3MultipartClient(targetRegion, multipartThreshold, partSize));
    }

    @BindToRegistry("keyReconciler")
    public KeyReconciler keyReconciler(@BeanInject("sourceS3Client") S3Client source,
                                       @BeanInject("targetS3Client") S3Client target) {
        return new KeyReconciler(source, target, sourceBucket, targetBucket, maxReconcileRounds);
    }

    /** The queue lives beside the source bucket unless {@code replicator.sqs.region} says otherwise. */
    @BindToRegistry("sqsClient")
    public SqsClient sqsClient() {
        return clients().sqsClient(sqsRegion == null || sqsRegion.isBlank() ? sourceRegion : sqsRegion);
    }

    /** Readiness: the queues and both buckets answer. */
    @BindToRegistry("awsReachability")
    public AwsReachabilityHealthCheck awsReachability(@BeanInject("sourceS3Client") S3Client source,
                                                      @BeanInject("targetS3Client") S3Client target,
                                                      @BeanInject("sqsClient") SqsClient sqs) {
        return new AwsReachabilityHealthCheck(source, target, sqs, sourceBucket, targetBucket, queue, deadLetterQueue);
    }

    @BindToRegistry("appliedRecords")
    public AppliedRecords appliedRecords() {
        return new AppliedRecords();
    }

    @BindToRegistry("driftAudit")
    public DriftAudit driftAudit(@BeanInject("sourceS3Client") S3Client source,
                                 @BeanInject("targetS3Client") S3Client target) {
        return new DriftAudit(new DriftFinder(source, target, sourceBucket, targetBucket), sourceBucket,
                auditParallelism);
    }

    @BindToRegistry("scheduledAudit")
    public ScheduledAudit scheduledAudit(@BeanInject("driftAudit") DriftAudit driftAudit) {
        return new ScheduledAudit(driftAudit, auditSchedule, auditRepair);
    }

    @BindToRegistry("s3Events")
    public S3EventParser s3Events() {
        return new S3EventParser(eventBridgeKeysUrlEncoded);
    }

    @BindToRegistry("recordGuard")
    public RecordGuard recordGuard() {
        return new RecordGuard(sourceBucket);
    }

    @BindToRegistry("failureClassifier")
    public FailureClassifier failureClassifier() {
        return new FailureClassifier();
    }

    @BindToRegistry("deadLetters")
    public DeadLetterBodies deadLetters() {
        return new DeadLetterBodies(deadLetterMaxBytes);
    }

    @BindToRegistry("s3Requests")
    public S3Requests s3Requests() {
        return new S3Requests(sourceBucket, targetBucket, targetStorageClass, targetKmsKeyId);
    }
}
