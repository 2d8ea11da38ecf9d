package io.github.s3drreplicator;

import java.util.Set;
import java.util.TreeSet;

import io.github.s3drreplicator.config.ReplicatorSettings;
import io.github.s3drreplicator.config.Settings;
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
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The beans the YAML routes refer to by name ({@code #targetS3Client}, {@code bean: s3Events}, ...), built once
 * from the {@code replicator.*} properties.
 */
public class ReplicatorConfiguration implements CamelConfiguration, CamelContextAware {

    private CamelContext camelContext;
    private ReplicatorSettings settings;

    /**
     * The {@code replicator.*} settings, read and checked once: a typo in a key or a value a setting does not take
     * stops the service here, naming the key and what it allows.
     */
    @BindToRegistry("settings")
    public synchronized ReplicatorSettings settings() {
        if (settings == null) {
            var properties = camelContext.getPropertiesComponent();
            Set<String> given = new TreeSet<>();
            properties.loadProperties(key -> key.startsWith("replicator.")).stringPropertyNames().forEach(given::add);
            System.getProperties().stringPropertyNames().stream().filter(key -> key.startsWith("replicator."))
                    .forEach(given::add);
            settings = ReplicatorSettings.read(properties::resolveProperty, given,
                    System.getenv().keySet().stream().filter(name -> name.startsWith("REPLICATOR_")).toList());
        }
        return settings;
    }

    /**
     * The bucket pairs ({@code replicator.pairs}; the single-pair properties make the pair {@code default}), read
     * when the service starts: a pair that lacks a bucket or region stops it there.
     */
    @BindToRegistry("bucketPairs")
    public BucketPairs bucketPairs() {
        return BucketPairs.from(settings());
    }

    /** One S3 client per region, shared by all routes; the routes name them {@code #s3Client-<region>}. */
    @BindToRegistry("s3Clients")
    public S3Clients s3Clients() {
        return new S3Clients(awsClientSettings(), settings().get(Settings.MULTIPART_THRESHOLD),
                settings().get(Settings.PART_SIZE));
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
        return new HeldDeletes(sqs, settings().get(Settings.HELD_DELETES_QUEUE), settings().get(Settings.ACCOUNT_ID));
    }

    /** A service: Camel starts it with the context, which registers it with JMX and the metrics. */
    @BindToRegistry("deleteBreaker")
    public DeleteBreaker deleteBreaker(@BeanInject("heldDeletes") HeldDeletes held) {
        return new DeleteBreaker(settings().get(Settings.BREAKER_MAX_PER_MINUTE),
                settings().get(Settings.BREAKER_MAX_FRACTION), Clock.systemUTC(), held);
    }

    /** Health: down while the delete breaker holds deletes. */
    @BindToRegistry("deleteBreakerHealth")
    public DeleteBreakerHealthCheck deleteBreakerHealth(@BeanInject("deleteBreaker") DeleteBreaker breaker) {
        return new DeleteBreakerHealthCheck(breaker);
    }

    /** The default pair's DR region: routes written for a single pair (before pairs existed) name this client. */
    @BindToRegistry("targetS3Client")
    public S3Client targetS3Client(@BeanInject("s3Clients") S3Clients clients) {
        return clients.forRegion(settings().get(Settings.TARGET_REGION));
    }

    /** The default pair's production region. */
    @BindToRegistry("sourceS3Client")
    public S3Client sourceS3Client(@BeanInject("s3Clients") S3Clients clients) {
        return clients.forRegion(settings().get(Settings.SOURCE_REGION));
    }

    /** Copies objects above replicator.copy.multipart-threshold in parts, into the region of the pair's DR bucket. */
    @BindToRegistry("multipartCopier")
    public MultipartCopier multipartCopier(@BeanInject("s3Clients") S3Clients clients) {
        return new MultipartCopier(clients);
    }

    @BindToRegistry("keyReconciler")
    public KeyReconciler keyReconciler(@BeanInject("s3Clients") S3Clients clients) {
        return new KeyReconciler(clients, settings().get(Settings.MAX_ROUNDS), Clock.systemUTC(),
                settings().get(Settings.FAST_PATH) ? settings().get(Settings.MULTIPART_THRESHOLD) : -1);
    }

    /** The queue lives beside the source bucket unless {@code replicator.sqs.region} says otherwise. */
    @BindToRegistry("sqsClient")
    public SqsClient sqsClient() {
        return awsClientSettings().sqsClient(settings().find(Settings.SQS_REGION)
                .orElse(settings().get(Settings.SOURCE_REGION)));
    }

    /** Readiness: the queues and the buckets of every pair answer. */
    @BindToRegistry("awsReachability")
    public AwsReachabilityHealthCheck awsReachability(@BeanInject("s3Clients") S3Clients clients,
                                                      @BeanInject("bucketPairs") BucketPairs pairs,
                                                      @BeanInject("sqsClient") SqsClient sqs) {
        return new AwsReachabilityHealthCheck(clients, pairs, sqs, settings().get(Settings.QUEUE),
                settings().get(Settings.DEAD_LETTER_QUEUE));
    }

    @BindToRegistry("appliedRecords")
    public AppliedRecords appliedRecords() {
        return new AppliedRecords();
    }

    @BindToRegistry("driftAudit")
    public DriftAudit driftAudit(@BeanInject("s3Clients") S3Clients clients) {
        return new DriftAudit(new DriftFinder(clients), settings().get(Settings.AUDIT_PARALLELISM));
    }

    @BindToRegistry("scheduledAudit")
    public ScheduledAudit scheduledAudit(@BeanInject("driftAudit") DriftAudit driftAudit,
                                         @BeanInject("bucketPairs") BucketPairs pairs) {
        return new ScheduledAudit(driftAudit, pairs, settings().get(Settings.AUDIT_SCHEDULE),
                settings().get(Settings.AUDIT_REPAIR));
    }

    @BindToRegistry("s3Events")
    public S3EventParser s3Events() {
        return new S3EventParser(settings().get(Settings.EVENTBRIDGE_KEYS_URL_ENCODED));
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
        return new DeadLetterBodies(settings().get(Settings.DEAD_LETTER_MAX_BODY_BYTES));
    }

    @BindToRegistry("s3Requests")
    public S3Requests s3Requests() {
        return new S3Requests();
    }

    private AwsClientSettings awsClientSettings() {
        return new AwsClientSettings(settings().find(Settings.S3_ENDPOINT).map(Object::toString).orElse(null),
                settings().get(Settings.S3_PATH_STYLE),
                settings().find(Settings.SQS_ENDPOINT).map(Object::toString).orElse(null),
                settings().get(Settings.MAX_CONNECTIONS));
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
