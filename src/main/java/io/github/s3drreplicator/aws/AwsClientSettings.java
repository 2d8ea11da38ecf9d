package io.github.s3drreplicator.aws;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import io.github.s3drreplicator.config.ReplicatorSettings;
import io.github.s3drreplicator.config.Setting;
import io.github.s3drreplicator.config.Settings;
import io.github.s3drreplicator.pair.BucketPair;
import io.github.s3drreplicator.pair.BucketPairs;

import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Builds the AWS clients the replicator shares between routes. Credentials always come from the AWS default
 * chain (environment, system properties, profile, web identity for IRSA, instance role): never from a file of ours.
 * Each call is retried by the SDK's standard strategy: 3 attempts, exponential backoff with jitter, and a retry
 * quota that stops retrying when most calls fail, so that an outage does not turn into a retry storm.
 *
 * @param s3Endpoint     empty for AWS, else an S3-compatible endpoint (sandbox, LocalStack, MinIO)
 * @param s3PathStyle    path-style addressing, which S3-compatible servers usually need
 * @param sqsEndpoint    empty for AWS, else an SQS-compatible endpoint
 * @param maxConnections HTTP connections each client keeps open at most
 * @param bucketOwners   the account each bucket must belong to, named on every S3 request ({@link ExpectedBucketOwners})
 */
public record AwsClientSettings(String s3Endpoint, boolean s3PathStyle, String sqsEndpoint, int maxConnections,
                                Map<String, String> bucketOwners) {

    public AwsClientSettings(String s3Endpoint, boolean s3PathStyle, String sqsEndpoint, int maxConnections) {
        this(s3Endpoint, s3PathStyle, sqsEndpoint, maxConnections, Map.of());
    }

    /** The clients' settings as the configuration gives them, the bucket owners of every pair included. */
    public static AwsClientSettings from(ReplicatorSettings settings, BucketPairs pairs) {
        return new AwsClientSettings(settings.find(Settings.S3_ENDPOINT).map(Object::toString).orElse(null),
                settings.get(Settings.S3_PATH_STYLE),
                settings.find(Settings.SQS_ENDPOINT).map(Object::toString).orElse(null),
                settings.get(Settings.MAX_CONNECTIONS), bucketOwners(settings, pairs));
    }

    /** Each pair's buckets and the account that must own them: the pair's own, else replicator.aws.account-id. */
    private static Map<String, String> bucketOwners(ReplicatorSettings settings, BucketPairs pairs) {
        Map<String, String> owners = new HashMap<>();
        for (BucketPair pair : pairs.all()) {
            owner(settings, pair.name(), Settings.SOURCE_ACCOUNT).ifPresent(owner -> owners.put(pair.sourceBucket(),
                    owner));
            owner(settings, pair.name(), Settings.TARGET_ACCOUNT).ifPresent(owner -> owners.put(pair.targetBucket(),
                    owner));
        }
        // the state bucket is on the DR side, in the DR bucket's account
        settings.find(Settings.TARGET_ACCOUNT).or(() -> settings.find(Settings.ACCOUNT_ID))
                .ifPresent(owner -> owners.put(settings.get(Settings.STATE_BUCKET), owner));
        return owners;
    }

    private static Optional<String> owner(ReplicatorSettings settings, String pair, Setting<String> setting) {
        return settings.ofPair(pair, setting).or(() -> settings.find(setting))
                .or(() -> settings.find(Settings.ACCOUNT_ID));
    }

    public S3Client s3Client(String region) {
        return s3Client(region, false);
    }

    /**
     * @param crossRegion whether a request for a bucket of another region follows S3's answer naming the bucket's
     *                    region (the SDK's cross-region access): for buckets whose region the configuration does not
     *                    say, such as an inventory report's
     */
    public S3Client s3Client(String region, boolean crossRegion) {
        var builder = S3Client.builder()
                .region(Region.of(region))
                .crossRegionAccessEnabled(crossRegion)
                .credentialsProvider(DefaultCredentialsProvider.builder().build())
                .forcePathStyle(s3PathStyle)
                .overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD)
                        .addExecutionInterceptor(new ExpectedBucketOwners(bucketOwners)))
                .httpClientBuilder(ApacheHttpClient.builder().maxConnections(maxConnections));
        if (s3Endpoint != null && !s3Endpoint.isBlank()) {
            builder.endpointOverride(URI.create(s3Endpoint.trim()));
        }
        return builder.build();
    }

    /** An asynchronous S3 client, up to {@code maxConnections} requests in flight. */
    public S3AsyncClient s3AsyncClient(String region) {
        var builder = S3AsyncClient.builder()
                .region(Region.of(region))
                .credentialsProvider(DefaultCredentialsProvider.builder().build())
                .forcePathStyle(s3PathStyle)
                .overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD)
                        .addExecutionInterceptor(new ExpectedBucketOwners(bucketOwners)))
                .httpClientBuilder(NettyNioAsyncHttpClient.builder().maxConcurrency(maxConnections));
        if (s3Endpoint != null && !s3Endpoint.isBlank()) {
            builder.endpointOverride(URI.create(s3Endpoint.trim()));
        }
        return builder.build();
    }

    public SqsClient sqsClient(String region) {
        var builder = SqsClient.builder()
                .region(Region.of(region))
                .credentialsProvider(DefaultCredentialsProvider.builder().build())
                .overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD))
                .httpClientBuilder(ApacheHttpClient.builder().maxConnections(maxConnections));
        if (sqsEndpoint != null && !sqsEndpoint.isBlank()) {
            builder.endpointOverride(URI.create(sqsEndpoint.trim()));
        }
        return builder.build();
    }
}
