package io.github.s3drreplicator;

import io.github.s3drreplicator.audit.DriftAudit;
import io.github.s3drreplicator.audit.DriftFinder;
import io.github.s3drreplicator.audit.ScheduledAudit;
import java.time.Clock;

import io.github.s3drreplicator.aws.AwsClientSettings;
import io.github.s3drreplicator.breaker.DeleteBreaker;
import io.github.s3drreplicator.breaker.DeleteBreakerHealthCheck;
import io.github.s3drreplicator.breaker.HeldDeletes;
import io.github.s3drreplicator.aws.S3Clients;
import io.github.s3drreplicator.pair.BucketPair;
import io.github.s3drreplicator.pair.BucketPairs;
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
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.PropertyInject;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The beans the YAML routes refer to by name ({@code #targetS3Client}, {@code bean: s3Events}, ...), built once
 * from the {@code replicator.*} properties.
 */
public class ReplicatorConfiguration implements CamelConfiguration, CamelContextAware {

    // Keys without a default here are defined in application.properties (an empty default is no default at all).

    @PropertyInject("replicator.source.region")
    String sourceRegion;
    @PropertyInject("replicator.target.region")
    String targetRegion;
    @PropertyInject("replicator.queue")
    String queue;
    @PropertyInject("replicator.dead-letter-queue")
    String deadLetterQueue;
    @PropertyInject("replicator.held-deletes-queue")
    String heldDeletesQueue;
    @PropertyInject(value = "replicator.delete.breaker.max-per-minute", defaultValue = "1000")
    int breakerMaxPerMinute;
    @PropertyInject(value = "replicator.delete.breaker.max-fraction", defaultValue = "0.5")
    double breakerMaxFraction;
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
    @PropertyInject(value = "replicator.audit.schedule", defaultValue = "off")
    String auditSchedule;
    @PropertyInject(value = "replicator.audit.repair", defaultValue = "false")
    boolean auditRepair;
    @PropertyInject(value = "replicator.audit.parallelism", defaultValue = "8")
    int auditParallelism;
    @PropertyInject(value = "replicator.reconcile.max-rounds", defaultValue = "5")
    int maxReconcileRounds;
    @PropertyInject(value = "replicator.copy.fast-path", defaultValue = "true")
    boolean fastPath;

    private CamelContext camelContext;

    /**
     * The bucket pairs ({@code replicator.pairs}; the single-pair properties make the pair {@code default}), read
     * when the service starts: a pair that lacks a bucket or region stops it there.
     */
    @BindToRegistry("bucketPairs")
    public BucketPairs bucketPairs() {
        return BucketPairs.fromProperties(camelContext.getPropertiesComponent()::resolveProperty);
    }

    /** One S3 client per region, shared by all routes; the routes name them {@code #s3Client-<region>}. */
    @BindToRegistry("s3Clients")
    public S3Clients s3Clients() {
        return new S3Clients(new AwsClientSettings(s3Endpoint, s3PathStyle, sqsEndpoint, maxConnections),
                multipartThreshold, partSize);
    }

    /** Binds the S3 client of every region a pair's bucket lives in, under the name the routes use. */
    @Override
    public void configure(CamelContext context) {
        S3Clients clients = context.getRegistry().lookupByNameAndType("s3Clients", S3Clients.class);
        BucketPairs pairs = context.getRegistry().lookupByNameAndType("bucketPairs", BucketPairs.class);
        for (String region : pairs.regions()) {
            context.getRegistry().bind(BucketPair.clientName(region), S3Client.class, clients.forRegion(region));
        }
    }

    @BindToRegistry("heldDeletes")
    public HeldDeletes heldDeletes(@BeanInject("sqsClient") SqsClient sqs) {
        // optional, as in the routes' {{?replicator.aws.account-id}}
        return new HeldDeletes(sqs, heldDeletesQueue,
                camelContext.getPropertiesComponent().resolveProperty("replicator.aws.account-id").orElse(null));
    }

    /** A service: Camel starts it with the context, which registers it with JMX and the metrics. */
    @BindToRegistry("deleteBreaker")
    public DeleteBreaker deleteBreaker(@BeanInject("heldDeletes") HeldDeletes held) {
        return new DeleteBreaker(breakerMaxPerMinute, breakerMaxFraction, Clock.systemUTC(), held);
    }

    /** Health: down while the delete breaker holds deletes. */
    @BindToRegistry("deleteBreakerHealth")
    public DeleteBreakerHealthCheck deleteBreakerHealth(@BeanInject("deleteBreaker") DeleteBreaker breaker) {
        return new DeleteBreakerHealthCheck(breaker);
    }

    /** The default pair's DR region: routes written for a single pair (before pairs existed) name this client. */
    @BindToRegistry("targetS3Client")
    public S3Client targetS3Client(@BeanInject("s3Clients") S3Clients clients) {
        return clients.forRegion(targetRegion);
    }

    /** The default pair's production region. */
    @BindToRegistry("sourceS3Client")
    public S3Client sourceS3Client(@BeanInject("s3Clients") S3Clients clients) {
        return clients.forRegion(sourceRegion);
    }

    /** Copies objects above replicator.copy.multipart-threshold in parts, into the region of the pair's DR bucket. */
    @BindToRegistry("multipartCopier")
    public MultipartCopier multipartCopier(@BeanInject("s3Clients") S3Clients clients) {
        return new MultipartCopier(clients);
    }

    @BindToRegistry("keyReconciler")
    public KeyReconciler keyReconciler(@BeanInject("s3Clients") S3Clients clients) {
        return new KeyReconciler(clients, maxReconcileRounds, Clock.systemUTC(), fastPath ? multipartThreshold : -1);
    }

    /** The queue lives beside the source bucket unless {@code replicator.sqs.region} says otherwise. */
    @BindToRegistry("sqsClient")
    public SqsClient sqsClient() {
        return new AwsClientSettings(s3Endpoint, s3PathStyle, sqsEndpoint, maxConnections)
                .sqsClient(sqsRegion == null || sqsRegion.isBlank() ? sourceRegion : sqsRegion);
    }

    /** Readiness: the queues and the buckets of every pair answer. */
    @BindToRegistry("awsReachability")
    public AwsReachabilityHealthCheck awsReachability(@BeanInject("s3Clients") S3Clients clients,
                                                      @BeanInject("bucketPairs") BucketPairs pairs,
                                                      @BeanInject("sqsClient") SqsClient sqs) {
        return new AwsReachabilityHealthCheck(clients, pairs, sqs, queue, deadLetterQueue);
    }

    @BindToRegistry("appliedRecords")
    public AppliedRecords appliedRecords() {
        return new AppliedRecords();
    }

    @BindToRegistry("driftAudit")
    public DriftAudit driftAudit(@BeanInject("s3Clients") S3Clients clients) {
        return new DriftAudit(new DriftFinder(clients), auditParallelism);
    }

    @BindToRegistry("scheduledAudit")
    public ScheduledAudit scheduledAudit(@BeanInject("driftAudit") DriftAudit driftAudit,
                                         @BeanInject("bucketPairs") BucketPairs pairs) {
        return new ScheduledAudit(driftAudit, pairs, auditSchedule, auditRepair);
    }

    @BindToRegistry("s3Events")
    public S3EventParser s3Events() {
        return new S3EventParser(eventBridgeKeysUrlEncoded);
    }

    @BindToRegistry("recordGuard")
    public RecordGuard recordGuard() {
        return new RecordGuard();
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
        return new S3Requests();
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }
}
