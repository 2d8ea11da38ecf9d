package io.github.s3drreplicator.sandbox;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * An embedded stand-in for AWS, for trying the replicator and for its tests: real S3 and SQS protocol servers in
 * this JVM, the buckets and queues created, and S3 event notifications sent to the queue for every write to the
 * source bucket. Buckets live in regions, as on S3, and services can be taken down on purpose. Not part of what runs
 * in production.
 */
public final class Sandbox implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Sandbox.class);

    /** The held-deletes queue's visibility timeout, as config/held-queue-attributes.json sets it on AWS. */
    public static final String HELD_QUEUE_VISIBILITY_SECONDS = "300";

    private final SandboxSettings settings;
    private final Path dataDir;
    private final boolean temporaryDataDir;
    private final BucketRegions regions = new BucketRegions();
    private final Outages outages = new Outages();
    private final RequestCounts counts = new RequestCounts();
    private final HeldRequests held = new HeldRequests();
    private final Holds holds = new Holds();
    private Vertx vertx;
    private ElasticMqServer sqsServer;
    private SqsProxy sqsProxy;
    private S3MockServer s3Server;
    private S3Client store;
    private SqsClient sqs;
    private S3EventPublisher publisher;
    private NotifyingS3Proxy proxy;

    private Sandbox(SandboxSettings settings, Path dataDir, boolean temporaryDataDir) {
        this.settings = settings;
        this.dataDir = dataDir;
        this.temporaryDataDir = temporaryDataDir;
    }

    public static Sandbox start(SandboxSettings settings) throws IOException {
        boolean temporary = settings.dataDir() == null;
        Path dataDir = temporary ? Files.createTempDirectory("s3-dr-sandbox") : settings.dataDir();
        Sandbox sandbox = new Sandbox(settings, dataDir, temporary);
        try {
            sandbox.startServers();
        } catch (IOException | RuntimeException e) {
            sandbox.close();
            throw e;
        }
        return sandbox;
    }

    private void startServers() throws IOException {
        // Tomcat (inside S3Mock) logs through java.util.logging: send it where everything else goes
        if (!SLF4JBridgeHandler.isInstalled()) {
            SLF4JBridgeHandler.removeHandlersForRootLogger();
            SLF4JBridgeHandler.install();
        }
        vertx = Vertx.vertx();
        // ElasticMQ on a private port, naming the public one in its queue URLs; the proxy in front counts
        // requests and can take SQS down; the sandbox's own SQS client talks to ElasticMQ directly
        int privateSqsPort = freePort();
        sqsServer = ElasticMqServer.start(settings.host(), privateSqsPort, settings.sqsPort());
        sqsProxy = SqsProxy.start(vertx, settings.host(), settings.sqsPort(), privateSqsPort, settings.faults(),
                outages, counts, held);
        sqs = SqsClient.builder()
                .endpointOverride(URI.create("http://" + settings.host() + ":" + privateSqsPort))
                .region(Region.of(settings.sourceRegion()))
                .credentialsProvider(sandboxCredentials())
                .build();
        String queueUrl = createQueues();

        Path s3Root = Files.createDirectories(dataDir.resolve("s3"));
        s3Server = S3MockServer.start(s3Root, settings.sourceRegion(), settings.sourceBucket());
        // through the public port, like every client, so requests reach S3Mock in the form it accepts
        store = S3Client.builder()
                .endpointOverride(URI.create(settings.s3Endpoint()))
                .forcePathStyle(true)
                .region(Region.of(settings.sourceRegion()))
                .credentialsProvider(sandboxCredentials())
                .overrideConfiguration(o -> o.putHeader(NotifyingS3Proxy.INTERNAL_HEADER, "true"))
                .build();
        regions.put(settings.sourceBucket(), settings.sourceRegion());
        publisher = new S3EventPublisher(settings.notifiedBuckets(), store, sqs, queueUrl,
                new S3EventNotifications(bucket -> regions.of(bucket).orElse(BucketRegions.DEFAULT_REGION)),
                settings.faults());
        proxy = NotifyingS3Proxy.start(vertx, settings.host(), settings.s3Port(), s3Server.port(),
                new NotifyingS3Proxy.Parts(settings.events() ? publisher : null, settings.faults(), regions,
                        settings.enforceRegions(), outages, counts, held, holds,
                        new ControlEndpoints(new Control(), settings.sourceRegion())));
        createBucket(settings.targetBucket(), settings.targetRegion());
        // the replicator's own, beside DR; never in notifiedBuckets, so its writes send no events
        createBucket(settings.stateBucket(), settings.targetRegion());
        // buckets kept in a data folder from an earlier run keep the region they were created in
        store.listBuckets().buckets().forEach(bucket -> regions.putIfAbsent(bucket.name(), bucket.bucketRegion()));
        LOG.info("Sandbox ready: S3 at {} (buckets {}; path-style, any credentials, requests signed for another"
                        + " region than their bucket's {}), SQS at {} (queues {}, {}, {}, in {}), event notifications {},"
                        + " outages, request counts and holds at {}/_sandbox/, data in {}{}",
                settings.s3Endpoint(), describeBuckets(),
                settings.enforceRegions() ? "refused as S3 does" : "accepted (regions not enforced)",
                settings.sqsEndpoint(), settings.queue(), settings.deadLetterQueue(), settings.heldDeletesQueue(),
                settings.sourceRegion(),
                settings.events() ? "on for " + String.join(", ", settings.notifiedBuckets()) : "off",
                settings.s3Endpoint(), dataDir,
                settings.faults().equals(Faults.NONE) ? "" : ", faults " + settings.faults());
    }

    /** A bucket in its own region (S3Mock creates its initial buckets in the source region). */
    private void createBucket(String bucket, String region) {
        if (!bucket.equals(settings.sourceBucket())) {
            try {
                store.createBucket(r -> {
                    r.bucket(bucket);
                    // S3 knows us-east-1 as the absence of a constraint
                    if (!BucketRegions.DEFAULT_REGION.equals(region)) {
                        r.createBucketConfiguration(c -> c.locationConstraint(region));
                    }
                });
            } catch (S3Exception e) {
                if (e.statusCode() != 409) {
                    throw e;
                }
                LOG.debug("{} was kept from an earlier run", bucket);
            }
        }
        regions.put(bucket, region);
    }

    private String describeBuckets() {
        return regions.all().entrySet().stream()
                .map(e -> e.getKey() + " in " + e.getValue()
                        + (e.getKey().equals(settings.stateBucket()) ? " (the replicator's state)" : ""))
                .collect(java.util.stream.Collectors.joining(", "));
    }

    /**
     * Creates the held-deletes queue, the dead-letter queue, then the main queue redriving to it; returns the main
     * queue's URL.
     */
    private String createQueues() {
        // the visibility timeout of config/held-queue-attributes.json, which fits a release (breaker resume|discard)
        sqs.createQueue(r -> r.queueName(settings.heldDeletesQueue())
                .attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, HELD_QUEUE_VISIBILITY_SECONDS)));
        String dlqUrl = sqs.createQueue(r -> r.queueName(settings.deadLetterQueue())).queueUrl();
        String dlqArn = sqs.getQueueAttributes(r -> r.queueUrl(dlqUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        String redrivePolicy = "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\""
                + SandboxSettings.MAX_RECEIVE_COUNT + "\"}";
        return sqs.createQueue(r -> r.queueName(settings.queue())
                .attributes(Map.of(QueueAttributeName.REDRIVE_POLICY, redrivePolicy))).queueUrl();
    }

    /**
     * Points the replicator at this sandbox through system properties, which override
     * {@code application.properties}; AWS credentials are set only where none are given, since any will do.
     */
    public void pointReplicatorHere() {
        System.setProperty("replicator.s3.endpoint", settings.s3Endpoint());
        System.setProperty("replicator.s3.path-style", "true");
        System.setProperty("replicator.sqs.endpoint", settings.sqsEndpoint());
        if (System.getProperty("aws.accessKeyId") == null) {
            System.setProperty("aws.accessKeyId", "sandbox");
            System.setProperty("aws.secretAccessKey", "sandbox");
        }
    }

    public SandboxSettings settings() {
        return settings;
    }

    /**
     * Takes a service down on purpose, until {@link #recover}: every client request for a bucket of the outage's
     * region (a copy's source included), or to SQS, is answered as the mode says. The sandbox's own requests are not
     * touched. A second outage of the same service and region replaces the first.
     */
    public void outage(Outage outage) {
        await(new Control().outage(outage));
    }

    /** Ends the outage of S3 in a region ({@code recover("s3", "us-east-2")}) or of SQS ({@code "sqs", null}). */
    public void recover(String service, String region) {
        await(new Control().recover(service, region));
    }

    public void recoverAll() {
        await(new Control().recoverAll());
    }

    public List<Outage> outages() {
        return outages.list();
    }

    /**
     * The requests clients sent since the start or the last reset, per service ({@code s3}, {@code sqs}) and AWS
     * operation ({@code HeadObject}, {@code ReceiveMessage}...), in name order.
     */
    public Map<String, Map<String, Long>> requestCounts() {
        return counts.snapshot();
    }

    public void resetRequestCounts() {
        counts.reset();
    }

    /** Every bucket's region, by bucket name. */
    public Map<String, String> bucketRegions() {
        return regions.all();
    }

    /** How many requests a {@link OutageMode#TIMEOUT} outage holds without an answer now. */
    public int heldRequests() {
        return held.size();
    }

    /**
     * Holds back the client request the rule names, until {@link Hold#release} (or the rule's own time): not sent to
     * the store at all ({@link HoldMode#HOLD}), or served at once with its answer kept ({@link HoldMode#LATE}). The
     * sandbox's own requests are never held; closing the sandbox releases everything.
     */
    public Hold hold(HoldRule rule) {
        return holds.add(rule);
    }

    /** Every hold made and not forgotten, released or not, in the order they were made. */
    public List<Hold> holds() {
        return holds.list();
    }

    /** Releases every hold and forgets them. */
    public void releaseHolds() {
        holds.releaseAll();
    }

    private static void await(Future<Void> change) {
        try {
            change.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the sandbox could not change: " + e.getMessage(), e);
        }
    }

    /** What the control endpoints and the methods above do. */
    private final class Control implements SandboxControl {

        @Override
        public Future<Void> outage(Outage outage) {
            outages.start(outage);
            if (outage.mode() != OutageMode.TIMEOUT) {
                held.release(outage.target());
            }
            LOG.info("Outage: {} {} ({})", outage.service(), outage.region() == null ? "" : outage.region(),
                    outage.mode().label());
            return followedBySqs(outage.service());
        }

        @Override
        public Future<Void> recover(String service, String region) {
            outages.end(service, region)
                    .ifPresent(ended -> LOG.info("Recovered: {} {}", service, region == null ? "" : region));
            held.release(Outage.target(service, region));
            return followedBySqs(service);
        }

        @Override
        public Future<Void> recoverAll() {
            outages.endAll().forEach(ended -> held.release(ended.target()));
            return followedBySqs(Outage.SQS);
        }

        private Future<Void> followedBySqs(String service) {
            return Outage.SQS.equals(service) && sqsProxy != null ? sqsProxy.follow(outages.sqs())
                    : Future.succeededFuture();
        }

        @Override
        public List<Outage> outages() {
            return outages.list();
        }

        @Override
        public Map<String, Map<String, Long>> requestCounts() {
            return counts.snapshot();
        }

        @Override
        public void resetRequestCounts() {
            counts.reset();
        }

        @Override
        public Hold hold(HoldRule rule) {
            return holds.add(rule);
        }

        @Override
        public List<Hold> holds() {
            return holds.list();
        }

        @Override
        public void releaseHolds() {
            holds.releaseAll();
        }
    }

    /** A port nothing listens on now, on loopback: for the sandbox's private servers and its users. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static StaticCredentialsProvider sandboxCredentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create("sandbox", "sandbox"));
    }

    @Override
    public void close() {
        held.releaseAll();
        holds.releaseAll();
        closeQuietly(proxy);
        closeQuietly(publisher);
        closeQuietly(store);
        closeQuietly(s3Server);
        closeQuietly(sqs);
        closeQuietly(sqsProxy);
        closeQuietly(sqsServer);
        if (vertx != null) {
            closeQuietly(() -> vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS));
        }
        if (temporaryDataDir) {
            try (Stream<Path> files = Files.walk(dataDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                LOG.debug("Could not remove {}: {}", dataDir, e.toString());
            }
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            LOG.debug("While closing the sandbox: {}", e.toString());
        }
    }
}
