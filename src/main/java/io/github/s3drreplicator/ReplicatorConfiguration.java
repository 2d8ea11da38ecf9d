package io.github.s3drreplicator;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.Supplier;

import io.github.s3drreplicator.audit.AuditLeaseStore;
import io.github.s3drreplicator.audit.DriftAudit;
import io.github.s3drreplicator.audit.DriftFinder;
import io.github.s3drreplicator.audit.RestoreAsOf;
import io.github.s3drreplicator.audit.ScheduledAudit;
import io.github.s3drreplicator.aws.AwsClientSettings;
import io.github.s3drreplicator.aws.BatchedMessageDeletes;
import io.github.s3drreplicator.aws.S3Clients;
import io.github.s3drreplicator.breaker.BreakerControl;
import io.github.s3drreplicator.breaker.BreakerStore;
import io.github.s3drreplicator.breaker.BreakerThreshold;
import io.github.s3drreplicator.breaker.DeleteBreaker;
import io.github.s3drreplicator.breaker.DeleteBreakerHealthCheck;
import io.github.s3drreplicator.breaker.HeldDeletes;
import io.github.s3drreplicator.breaker.S3BreakerStore;
import io.github.s3drreplicator.config.ReplicatorSettings;
import io.github.s3drreplicator.config.Setting;
import io.github.s3drreplicator.config.Settings;
import io.github.s3drreplicator.event.DeadLetterBodies;
import io.github.s3drreplicator.event.RecordGuard;
import io.github.s3drreplicator.event.S3EventParser;
import io.github.s3drreplicator.failure.FailureClassifier;
import io.github.s3drreplicator.guarantee.Guarantee;
import io.github.s3drreplicator.guarantee.GuaranteeCheck;
import io.github.s3drreplicator.guarantee.GuaranteesHealthCheck;
import io.github.s3drreplicator.observe.AppliedRecords;
import io.github.s3drreplicator.observe.AwsReachabilityHealthCheck;
import io.github.s3drreplicator.observe.QueueConsumerHealthCheck;
import io.github.s3drreplicator.observe.ReplicatorMetrics;
import io.github.s3drreplicator.outage.BucketAvailability;
import io.github.s3drreplicator.outage.OutageHealthCheck;
import io.github.s3drreplicator.outage.OutagePolicy;
import io.github.s3drreplicator.pair.BucketPair;
import io.github.s3drreplicator.pair.BucketPairs;
import io.github.s3drreplicator.replicate.KeyReconciler;
import io.github.s3drreplicator.replicate.PartCopier;
import io.github.s3drreplicator.replicate.Replications;
import io.github.s3drreplicator.replicate.S3Requests;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Service;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The beans the YAML routes refer to by name ({@code #targetS3Client}, {@code bean: s3Events}, ...), built once
 * from the {@code replicator.*} properties.
 */
public class ReplicatorConfiguration implements CamelConfiguration, CamelContextAware {

    private CamelContext camelContext;
    private ReplicatorSettings settings;
    // each bean made once, whichever method asks for it first: Camel calls these methods in no set order
    private final Map<String, Object> made = new HashMap<>();

    @SuppressWarnings("unchecked")
    private synchronized <T> T once(String name, Supplier<T> make) {
        T bean = (T) made.get(name);
        if (bean == null) {
            bean = make.get();
            made.put(name, bean);
            // a bean with a life of its own (probes, gauges, JMX) starts and stops with the context
            if (bean instanceof Service service) {
                CamelContextAware.trySetCamelContext(service, camelContext);
                try {
                    camelContext.addService(service, true, false);
                } catch (Exception e) {
                    throw new IllegalStateException("cannot start " + name, e);
                }
            }
        }
        return bean;
    }

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
        return once("bucketPairs", () -> BucketPairs.from(settings()));
    }

    /** One S3 client per region, shared by all routes; the routes name them {@code #s3Client-<region>}. */
    @BindToRegistry("s3Clients")
    public S3Clients s3Clients() {
        return once("s3Clients", () -> new S3Clients(awsClientSettings()));
    }

    /** Binds the S3 client of every region a pair's bucket lives in, under the name the routes use. */
    @Override
    public void configure(CamelContext context) {
        S3Clients clients = s3Clients();
        for (String region : bucketPairs().regions()) {
            context.getRegistry().bind(BucketPair.clientName(region), S3Client.class, clients.forRegion(region));
        }
    }

    @BindToRegistry("heldDeletes")
    public HeldDeletes heldDeletes() {
        // optional, as in the routes' {{?replicator.aws.account-id}}
        return once("heldDeletes", () -> new HeldDeletes(sqsClient(), settings().get(Settings.HELD_DELETES_QUEUE),
                settings().get(Settings.ACCOUNT_ID), Clock.systemUTC()));
    }

    /** An operator's decisions on a pair's breaker: the breaker command's and JMX's. */
    @BindToRegistry("breakerControl")
    public BreakerControl breakerControl() {
        return once("breakerControl", () -> new BreakerControl(bucketPairs(), breakerStores(), heldDeletes(),
                Clock.systemUTC()));
    }

    /**
     * Where each pair's delete breaker lives: an object of the state bucket (replicator.state.bucket), which is in
     * the DR region (replicator.target.region) and is no pair's bucket.
     */
    private Function<BucketPair, BreakerStore> breakerStores() {
        S3Client stateRegion = s3Clients().forRegion(settings().get(Settings.TARGET_REGION));
        String stateBucket = settings().get(Settings.STATE_BUCKET);
        return pair -> new S3BreakerStore(stateRegion, stateBucket, pair);
    }

    /**
     * One delete breaker per pair for the whole service, its state in the state bucket (a service Camel starts: it
     * registers its MBean and gauges).
     */
    @BindToRegistry("deleteBreaker")
    public DeleteBreaker deleteBreaker() {
        return once("deleteBreaker", () -> {
            Map<String, BreakerThreshold> thresholds = new HashMap<>();
            Map<String, Integer> overwriteLimits = new HashMap<>();
            for (String pair : settings().pairs()) {
                thresholds.put(pair, new BreakerThreshold(pairOrGlobal(pair, Settings.BREAKER_MAX_PER_MINUTE),
                        pairOrGlobal(pair, Settings.BREAKER_MAX_PERCENT_OF_DR),
                        pairOrGlobal(pair, Settings.BREAKER_MAX_PER_HOUR)));
                overwriteLimits.put(pair, pairOrGlobal(pair, Settings.OVERWRITE_BREAKER_MAX_PER_MINUTE));
            }
            return new DeleteBreaker(bucketPairs(), thresholds, overwriteLimits, breakerStores(),
                    heldDeletes()::approximateCount, Clock.systemUTC(), breakerControl());
        });
    }

    /** Health: an open breaker shows in /observe/health, never in readiness. */
    @BindToRegistry("deleteBreakerHealth")
    public DeleteBreakerHealthCheck deleteBreakerHealth() {
        return new DeleteBreakerHealthCheck(deleteBreaker());
    }

    /**
     * What the store must do for the replicator's promises, checked once when the queue consumer starts (its route
     * policy, consume-events.yaml): conditional writes, in the state bucket; versioning, where both directions run.
     */
    @BindToRegistry("guarantees")
    public GuaranteeCheck guarantees() {
        return once("guarantees", () -> {
            Set<Guarantee> accepted = EnumSet.noneOf(Guarantee.class);
            settings().find(Settings.ACCEPT_RISKS).orElse(List.of()).forEach(risk -> accepted.add(
                    Arrays.stream(Guarantee.values()).filter(g -> g.risk().equals(risk)).findFirst().orElseThrow()));
            List<BucketPair> bothWays = bucketPairs().all().stream().filter(bucketPairs()::hasReverse).toList();
            return new GuaranteeCheck(s3Clients().forRegion(settings().get(Settings.TARGET_REGION)),
                    settings().get(Settings.STATE_BUCKET), bothWays, s3Clients()::forRegion, accepted);
        });
    }

    /** Health: what the start-up check found of each guarantee. */
    @BindToRegistry("guaranteesHealth")
    public GuaranteesHealthCheck guaranteesHealth() {
        return new GuaranteesHealthCheck(guarantees());
    }

    /** The default pair's DR region: routes written for a single pair (before pairs existed) name this client. */
    @BindToRegistry("targetS3Client")
    public S3Client targetS3Client() {
        return s3Clients().forRegion(settings().get(Settings.TARGET_REGION));
    }

    /** The default pair's production region. */
    @BindToRegistry("sourceS3Client")
    public S3Client sourceS3Client() {
        return s3Clients().forRegion(settings().get(Settings.SOURCE_REGION));
    }

    /** Copies objects uploaded in parts part by part, in the source's own layout. */
    @BindToRegistry("partCopier")
    public PartCopier partCopier() {
        return new PartCopier(s3Clients());
    }

    /** Decides and looks for each record (ReconcilePlanner, the decision itself, is a plain function). */
    @BindToRegistry("keyReconciler")
    public KeyReconciler keyReconciler() {
        return KeyReconciler.of(s3Clients(), settings());
    }

    /** Starts each record's reconciliation: its pair, and how the pair is reconciled. */
    @BindToRegistry("replications")
    public Replications replications() {
        return once("replications", () -> new Replications(bucketPairs()));
    }

    /** The queue lives beside the source bucket unless {@code replicator.sqs.region} says otherwise. */
    @BindToRegistry("sqsClient")
    public SqsClient sqsClient() {
        return once("sqsClient", () -> awsClientSettings().sqsClient(settings().find(Settings.SQS_REGION)
                .orElse(settings().get(Settings.SOURCE_REGION))));
    }

    /**
     * The queue consumer's SQS client (consume-events.yaml): the service's client, its message deletes gathered into
     * DeleteMessageBatch requests.
     */
    @BindToRegistry("consumerSqsClient")
    public SqsClient consumerSqsClient() {
        return batchedMessageDeletes().client();
    }

    private BatchedMessageDeletes batchedMessageDeletes() {
        return once("batchedMessageDeletes", () -> new BatchedMessageDeletes(sqsClient()));
    }

    /**
     * Readiness: the queue consumer polls, from the start of its first poll (Camel's own consumer check waits for the
     * first long poll to return; application.properties excludes it).
     */
    @BindToRegistry("queueConsumerHealth")
    public QueueConsumerHealthCheck queueConsumerHealth() {
        return new QueueConsumerHealthCheck(camelContext, "consume-s3-events");
    }

    /** Readiness: the queues and the buckets of every pair answer. */
    @BindToRegistry("awsReachability")
    public AwsReachabilityHealthCheck awsReachability() {
        return new AwsReachabilityHealthCheck(s3Clients(), bucketPairs(), sqsClient(), settings().get(Settings.QUEUE),
                settings().get(Settings.DEAD_LETTER_QUEUE));
    }

    /**
     * What each pair's buckets answer in their regions (probed every probe interval while the queue consumer's route
     * runs), with its gauges.
     */
    @BindToRegistry("bucketAvailability")
    public BucketAvailability bucketAvailability() {
        return once("bucketAvailability", () -> new BucketAvailability(s3Clients(), bucketPairs(),
                failureClassifier(), Clock.systemUTC()));
    }

    /**
     * The queue consumer's route policy: probes the buckets while the route runs, pauses during a regional outage,
     * resumes by itself (consume-events.yaml).
     */
    @BindToRegistry("outagePolicy")
    public OutagePolicy outagePolicy() {
        return new OutagePolicy(bucketAvailability(), failureClassifier(), sqsClient(),
                () -> sqsClient().getQueueUrl(r -> r.queueName(settings().get(Settings.QUEUE))
                        .queueOwnerAWSAccountId(settings().get(Settings.ACCOUNT_ID))).queueUrl(),
                settings().get(Settings.OUTAGE_PROBE_SECONDS));
    }

    /** Readiness: down while a pair's bucket does not answer, refuses access or is missing, naming it. */
    @BindToRegistry("outageHealth")
    public OutageHealthCheck outageHealth() {
        return new OutageHealthCheck(bucketAvailability());
    }

    /** The counters and the lag histogram, at 0 for every pair from the start (a service Camel starts). */
    @BindToRegistry("replicatorMetrics")
    public ReplicatorMetrics replicatorMetrics() {
        return once("replicatorMetrics", () -> new ReplicatorMetrics(bucketPairs()));
    }

    @BindToRegistry("appliedRecords")
    public AppliedRecords appliedRecords() {
        return new AppliedRecords(replicatorMetrics());
    }

    @BindToRegistry("driftAudit")
    public DriftAudit driftAudit() {
        return once("driftAudit", () -> new DriftAudit(new DriftFinder(s3Clients(), bucketPairs(),
                settings().get(Settings.AUDIT_LOOK_PARALLELISM)), replications(), keyReconciler(),
                settings().get(Settings.AUDIT_PARALLELISM)));
    }

    /** {@code restore --as-of}: production brought back to what DR held at an instant, from DR's versions. */
    @BindToRegistry("restoreAsOf")
    public RestoreAsOf restoreAsOf() {
        return once("restoreAsOf", () -> new RestoreAsOf(s3Clients(), bucketPairs(), replications(),
                settings().get(Settings.AUDIT_LOOK_PARALLELISM), settings().get(Settings.AUDIT_PARALLELISM)));
    }

    /**
     * The drift audit on a schedule, run by one replica of the cluster at a time: whichever holds the audit lease, an
     * object of the state bucket, beside the delete breaker's state.
     */
    @BindToRegistry("scheduledAudit")
    public ScheduledAudit scheduledAudit() {
        return new ScheduledAudit(driftAudit(), bucketPairs(), settings().get(Settings.AUDIT_SCHEDULE),
                settings().get(Settings.AUDIT_REPAIR), deleteBreaker()::counted,
                new AuditLeaseStore(s3Clients().forRegion(settings().get(Settings.TARGET_REGION)),
                        settings().get(Settings.STATE_BUCKET)),
                ReplicatorConfiguration::replica, settings().get(Settings.AUDIT_LEASE_DURATION), Clock.systemUTC());
    }

    /**
     * This replica, as the audit lease names its holder: the host (a pod's name) and process, and a random part, as
     * two replicas may share both.
     */
    private static String replica() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "unknown-host";
        }
        return host + ":" + ProcessHandle.current().pid() + ":"
                + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
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
        return once("failureClassifier", FailureClassifier::new);
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
        return AwsClientSettings.from(settings(), bucketPairs());
    }

    /** A pair's own value of a per-pair setting, else the single-pair one. */
    private <T> T pairOrGlobal(String pair, Setting<T> setting) {
        return settings().ofPair(pair, setting).orElse(settings().get(setting));
    }

    /** Also gives Camel the settings' defaults, as its lowest source of properties, for the routes' placeholders. */
    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
        Settings.defaults().forEach((key, value) -> camelContext.getPropertiesComponent()
                .addInitialProperty((String) key, (String) value));
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }
}
