package io.github.s3drreplicator.it;

import java.net.URI;
import java.util.Map;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/** Where the integration tests find S3 and SQS: the embedded sandbox, or LocalStack where Docker runs. */
interface AwsTestEnvironment extends AutoCloseable {

    String SOURCE_BUCKET = "prod-bucket";
    String TARGET_BUCKET = "dr-bucket";
    String QUEUE = "prod-bucket-events";
    String DEAD_LETTER_QUEUE = "prod-bucket-events-dlq";
    /** The replicator's own bucket, at replicator.state.bucket's default, in the DR region. */
    String STATE_BUCKET = "s3-dr-replicator-state";

    String s3Endpoint();

    String sqsEndpoint();

    /** Properties the replicator needs on top of application.properties to use this environment. */
    default Map<String, String> replicatorProperties() {
        return Map.of(
                "replicator.s3.endpoint", s3Endpoint(),
                "replicator.s3.path-style", "true",
                "replicator.sqs.endpoint", sqsEndpoint());
    }

    default S3Client s3Client() {
        return s3Client(s3Endpoint());
    }

    /**
     * A path-style S3 client, any credentials, for the sandbox or LocalStack at this endpoint. It signs for
     * us-east-1 and follows S3's answer to a request for a bucket of another region (the SDK's cross-region
     * access), so that the tests read {@code dr-bucket} in us-east-2 as any client of S3 would.
     */
    static S3Client s3Client(String endpoint) {
        return S3Client.builder()
                .endpointOverride(URI.create(endpoint))
                .forcePathStyle(true)
                .region(Region.US_EAST_1)
                .crossRegionAccessEnabled(true)
                .credentialsProvider(credentials())
                .build();
    }

    default SqsClient sqsClient() {
        return SqsClient.builder()
                .endpointOverride(URI.create(sqsEndpoint()))
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials())
                .build();
    }

    static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
    }
}
