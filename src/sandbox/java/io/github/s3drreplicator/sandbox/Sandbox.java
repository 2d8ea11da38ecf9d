package io.github.s3drreplicator.sandbox;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * An embedded stand-in for AWS, for trying the replicator and for its tests: real S3 and SQS protocol servers in
 * this JVM, the buckets and queues created, and S3 event notifications sent to the queue for every write to the
 * source bucket. Not part of what runs in production.
 */
public final class Sandbox implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Sandbox.class);

    private final SandboxSettings settings;
    private final Path dataDir;
    private final boolean temporaryDataDir;
    private ElasticMqServer sqsServer;
    private FaultySqsProxy sqsProxy;
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
        if (settings.faults().sqsReceiveErrorRate() > 0) {
            int privatePort = freePort();
            sqsServer = ElasticMqServer.start(settings.host(), privatePort, settings.sqsPort());
            sqsProxy = FaultySqsProxy.start(settings.host(), settings.sqsPort(), privatePort, settings.faults());
        } else {
            sqsServer = ElasticMqServer.start(settings.host(), settings.sqsPort(), settings.sqsPort());
        }
        sqs = SqsClient.builder()
                .endpointOverride(URI.create(settings.sqsEndpoint()))
                .region(Region.of(settings.sourceRegion()))
                .credentialsProvider(sandboxCredentials())
                .build();
        String queueUrl = createQueues();

        Path s3Root = Files.createDirectories(dataDir.resolve("s3"));
        s3Server = S3MockServer.start(s3Root, settings.sourceRegion(), settings.sourceBucket(), settings.targetBucket());
        // through the public port, like every client, so requests reach S3Mock in the form it accepts
        store = S3Client.builder()
                .endpointOverride(URI.create(settings.s3Endpoint()))
                .forcePathStyle(true)
                .region(Region.of(settings.sourceRegion()))
                .credentialsProvider(sandboxCredentials())
                .overrideConfiguration(o -> o.putHeader(NotifyingS3Proxy.INTERNAL_HEADER, "true"))
                .build();
        publisher = new S3EventPublisher(settings.notifiedBuckets(), store, sqs, queueUrl,
                new S3EventNotifications(settings.sourceRegion()), settings.faults());
        proxy = NotifyingS3Proxy.start(settings.host(), settings.s3Port(), s3Server.port(),
                settings.events() ? publisher : null, settings.faults());
        LOG.info("Sandbox ready: S3 at {} (buckets {}, {}; path-style, any credentials), SQS at {} (queues {}, {}, {}),"
                        + " event notifications {}, data in {}{}",
                settings.s3Endpoint(), settings.sourceBucket(), settings.targetBucket(), settings.sqsEndpoint(),
                settings.queue(), settings.deadLetterQueue(), settings.heldDeletesQueue(),
                settings.events() ? "on for " + String.join(", ", settings.notifiedBuckets()) : "off", dataDir,
                settings.faults().equals(Faults.NONE) ? "" : ", faults " + settings.faults());
    }

    /**
     * Creates the held-deletes queue, the dead-letter queue, then the main queue redriving to it; returns the main
     * queue's URL.
     */
    private String createQueues() {
        sqs.createQueue(r -> r.queueName(settings.heldDeletesQueue()));
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
        closeQuietly(proxy);
        closeQuietly(publisher);
        closeQuietly(store);
        closeQuietly(s3Server);
        closeQuietly(sqs);
        closeQuietly(sqsProxy);
        closeQuietly(sqsServer);
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
