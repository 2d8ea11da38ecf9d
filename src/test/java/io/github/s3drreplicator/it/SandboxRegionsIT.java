package io.github.s3drreplicator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketLocationConstraint;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The sandbox's buckets live in regions, as S3's do: a request signed for another region than its bucket's gets
 * S3's answer, which the AWS SDK's cross-region access and the AWS CLI follow.
 */
class SandboxRegionsIT {

    private static final String SOURCE = AwsTestEnvironment.SOURCE_BUCKET;
    private static final String TARGET = AwsTestEnvironment.TARGET_BUCKET;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static SandboxEnvironment environment;
    private static S3Client east1;
    private static S3Client east2;

    @BeforeAll
    static void startSandbox() throws IOException {
        environment = SandboxEnvironment.start(settings -> settings.withEvents(false));
        east1 = client(Region.US_EAST_1, false);
        east2 = client(Region.US_EAST_2, false);
        east2.putObject(r -> r.bucket(TARGET).key("in-dr.txt"), RequestBody.fromString("dr"));
        east1.putObject(r -> r.bucket(SOURCE).key("in-prod.txt"), RequestBody.fromString("prod"));
    }

    @AfterAll
    static void stopSandbox() {
        east1.close();
        east2.close();
        environment.close();
    }

    private static S3Client client(Region region, boolean crossRegion) {
        return S3Client.builder()
                .endpointOverride(URI.create(environment.s3Endpoint()))
                .forcePathStyle(true)
                .region(region)
                .crossRegionAccessEnabled(crossRegion)
                .credentialsProvider(AwsTestEnvironment.credentials())
                .build();
    }

    private static HttpResponse<String> send(String method, String path, String signedRegion) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(environment.s3Endpoint() + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (signedRegion != null) {
            request.header("Authorization", "AWS4-HMAC-SHA256 Credential=AKID/20261130/" + signedRegion
                    + "/s3/aws4_request, SignedHeaders=host;x-amz-date, Signature=0123abcd");
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void headSignedForTheWrongRegionIsAnswered301WithTheBucketsRegionAndNoBody() throws Exception {
        for (String path : List.of("/dr-bucket", "/dr-bucket/in-dr.txt")) {
            HttpResponse<String> answer = send("HEAD", path, "us-east-1");

            assertThat(answer.statusCode()).isEqualTo(301);
            assertThat(answer.headers().firstValue("x-amz-bucket-region")).contains("us-east-2");
            assertThat(answer.body()).isEmpty();
        }
        assertThat(send("HEAD", "/prod-bucket/in-prod.txt", "us-east-2").headers()
                .firstValue("x-amz-bucket-region")).contains("us-east-1");
    }

    @Test
    void anyOtherRequestSignedForTheWrongRegionIsAnswered400AuthorizationHeaderMalformed() throws Exception {
        HttpResponse<String> answer = send("GET", "/dr-bucket?list-type=2", "us-east-1");

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.headers().firstValue("x-amz-bucket-region")).contains("us-east-2");
        assertThat(answer.body()).contains("<Error><Code>AuthorizationHeaderMalformed</Code><Message>The"
                        + " authorization header is malformed; the region 'us-east-1' is wrong; expecting 'us-east-2'"
                        + "</Message><Region>us-east-2</Region><RequestId>")
                .contains("<HostId>");
        assertThat(send("DELETE", "/dr-bucket/in-dr.txt", "eu-west-1").statusCode()).isEqualTo(400);
        assertThat(east2.headObject(r -> r.bucket(TARGET).key("in-dr.txt")).contentLength())
                .as("the refused delete deleted nothing").isEqualTo(2);
    }

    @Test
    void theSdkWithoutCrossRegionAccessSeesS3sAnswers() {
        assertThatThrownBy(() -> east1.headObject(r -> r.bucket(TARGET).key("in-dr.txt")))
                .isInstanceOfSatisfying(S3Exception.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(301);
                    assertThat(e.awsErrorDetails().sdkHttpResponse().firstMatchingHeader("x-amz-bucket-region"))
                            .contains("us-east-2");
                });
        assertThatThrownBy(() -> east1.listObjectsV2(r -> r.bucket(TARGET)))
                .isInstanceOfSatisfying(S3Exception.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AuthorizationHeaderMalformed");
                });
    }

    @Test
    void theSdkWithCrossRegionAccessFollowsTheSandboxToTheBucketsRegion() throws Exception {
        try (S3Client client = AwsTestEnvironment.s3Client(environment.s3Endpoint());
             S3AsyncClient async = S3AsyncClient.builder()
                     .endpointOverride(URI.create(environment.s3Endpoint()))
                     .forcePathStyle(true)
                     .region(Region.US_EAST_1)
                     .crossRegionAccessEnabled(true)
                     .credentialsProvider(AwsTestEnvironment.credentials())
                     .build()) {
            client.putObject(r -> r.bucket(TARGET).key("cross/sync.txt"), RequestBody.fromString("sync"));
            assertThat(client.headObject(r -> r.bucket(TARGET).key("cross/sync.txt")).contentLength()).isEqualTo(4);
            assertThat(client.getObjectAsBytes(r -> r.bucket(TARGET).key("cross/sync.txt")).asUtf8String())
                    .isEqualTo("sync");
            assertThat(client.listObjectsV2(r -> r.bucket(TARGET).prefix("cross/")).keyCount()).isEqualTo(1);
            assertThat(async.headObject(r -> r.bucket(TARGET).key("cross/sync.txt")).get(30, TimeUnit.SECONDS)
                    .contentLength()).isEqualTo(4);
            client.deleteObject(r -> r.bucket(TARGET).key("cross/sync.txt"));
            assertThat(client.listObjectsV2(r -> r.bucket(TARGET).prefix("cross/")).keyCount()).isZero();
        }
    }

    @Test
    void aCopyIsJudgedByItsDestinationAndReadsItsSourceInAnyRegion() {
        east2.copyObject(r -> r.sourceBucket(SOURCE).sourceKey("in-prod.txt")
                .destinationBucket(TARGET).destinationKey("copied-from-prod.txt"));
        assertThat(east2.headObject(r -> r.bucket(TARGET).key("copied-from-prod.txt")).contentLength()).isEqualTo(4);

        assertThatThrownBy(() -> east1.copyObject(r -> r.sourceBucket(SOURCE).sourceKey("in-prod.txt")
                .destinationBucket(TARGET).destinationKey("refused.txt")))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(400));
    }

    @Test
    void unsignedRequestsListBucketsGetBucketLocationAndTheSandboxsOwnRequestsAreAlwaysAccepted() throws Exception {
        assertThat(send("GET", "/dr-bucket/in-dr.txt", null).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/", "us-west-2").statusCode()).isEqualTo(200);
        assertThat(send("GET", "/dr-bucket?location", "us-east-1").statusCode()).isEqualTo(200);
        HttpResponse<String> internal = HTTP.send(HttpRequest.newBuilder(
                        URI.create(environment.s3Endpoint() + "/dr-bucket/in-dr.txt"))
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=AKID/20261130/us-east-1/s3/aws4_request,"
                        + " SignedHeaders=host, Signature=0123abcd")
                .header("x-sandbox-internal", "true").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(internal.statusCode()).isEqualTo(200);
    }

    @Test
    void aPresignedUrlIsJudgedByTheRegionOfItsCredential() throws Exception {
        for (Region region : List.of(Region.US_EAST_1, Region.US_EAST_2)) {
            try (S3Presigner presigner = S3Presigner.builder()
                    .endpointOverride(URI.create(environment.s3Endpoint()))
                    .serviceConfiguration(software.amazon.awssdk.services.s3.S3Configuration.builder()
                            .pathStyleAccessEnabled(true).build())
                    .region(region)
                    .credentialsProvider(AwsTestEnvironment.credentials())
                    .build()) {
                URI url = presigner.presignGetObject(p -> p.signatureDuration(Duration.ofMinutes(5))
                        .getObjectRequest(r -> r.bucket(TARGET).key("in-dr.txt"))).url().toURI();
                int status = HTTP.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofString())
                        .statusCode();
                assertThat(status).as("presigned for %s", region).isEqualTo(region == Region.US_EAST_2 ? 200 : 400);
            }
        }
    }

    @Test
    void aBucketCreatedWithALocationConstraintLivesThereUntilItIsDeleted() {
        east1.createBucket(r -> r.bucket("west-bucket").createBucketConfiguration(c -> c.locationConstraint(
                BucketLocationConstraint.US_WEST_2)));
        assertThat(east1.getBucketLocation(r -> r.bucket("west-bucket")).locationConstraint())
                .isEqualTo(BucketLocationConstraint.US_WEST_2);
        assertThat(east1.getBucketLocation(r -> r.bucket(TARGET)).locationConstraint())
                .isEqualTo(BucketLocationConstraint.US_EAST_2);
        assertThat(east1.getBucketLocation(r -> r.bucket(SOURCE)).locationConstraintAsString())
                .as("us-east-1 is an empty constraint, as S3 writes it").isEmpty();
        assertThat(environment.sandbox().bucketRegions()).containsEntry("west-bucket", "us-west-2");
        assertThatThrownBy(() -> east1.headBucket(r -> r.bucket("west-bucket")))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(301));
        try (S3Client west = client(Region.US_WEST_2, false)) {
            assertThat(west.headBucket(r -> r.bucket("west-bucket")).bucketRegion()).isEqualTo("us-west-2");
            west.deleteBucket(r -> r.bucket("west-bucket"));
        }
        assertThat(environment.sandbox().bucketRegions()).doesNotContainKey("west-bucket");

        east1.createBucket(r -> r.bucket("west-bucket"));
        assertThat(environment.sandbox().bucketRegions()).containsEntry("west-bucket", "us-east-1");
        east1.deleteBucket(r -> r.bucket("west-bucket"));
    }

    @Test
    void enforcementCanBeTurnedOff() throws IOException {
        try (SandboxEnvironment lenient = SandboxEnvironment.start(settings -> settings.withEvents(false)
                .withRegionsEnforced(false));
             S3Client client = AwsTestEnvironment.s3Client(lenient.s3Endpoint())) {
            S3Client plain = S3Client.builder()
                    .endpointOverride(URI.create(lenient.s3Endpoint()))
                    .forcePathStyle(true)
                    .region(Region.US_EAST_1)
                    .credentialsProvider(AwsTestEnvironment.credentials())
                    .build();
            plain.putObject(r -> r.bucket(TARGET).key("anywhere.txt"), RequestBody.fromString("x"));
            assertThat(plain.headObject(r -> r.bucket(TARGET).key("anywhere.txt")).contentLength()).isEqualTo(1);
            assertThat(client.getBucketLocation(r -> r.bucket(TARGET)).locationConstraint())
                    .as("the bucket still has its region").isEqualTo(BucketLocationConstraint.US_EAST_2);
            plain.close();
        }
    }

    /** The README's try-it commands, with the AWS CLI signing for us-east-1: botocore follows S3's answers. */
    @Test
    void theAwsCliFollowsTheSandboxToTheBucketsRegion(@TempDir Path folder) throws Exception {
        assumeThat(awsCli()).as("the AWS CLI is installed").isTrue();
        Path file = Files.writeString(folder.resolve("Project Idea.txt"), "idea");

        assertThat(aws(folder, "s3", "cp", file.toString(), "s3://dr-bucket/€ plans/Project Idea.txt")).isZero();
        assertThat(aws(folder, "s3", "ls", "--recursive", "s3://dr-bucket/")).isZero();
        assertThat(aws(folder, "s3", "cp", "s3://dr-bucket/€ plans/Project Idea.txt", folder.resolve("back.txt")
                .toString())).isZero();
        assertThat(Files.readString(folder.resolve("back.txt"))).isEqualTo("idea");
        assertThat(aws(folder, "s3", "rm", "s3://dr-bucket/€ plans/Project Idea.txt")).isZero();
    }

    private static boolean awsCli() {
        try {
            return new ProcessBuilder("aws", "--version").redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static int aws(Path folder, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("aws", "--endpoint-url", environment.s3Endpoint()));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(folder.resolve("aws.log").toFile());
        Map<String, String> env = builder.environment();
        env.put("AWS_ACCESS_KEY_ID", "sandbox");
        env.put("AWS_SECRET_ACCESS_KEY", "sandbox");
        env.put("AWS_DEFAULT_REGION", "us-east-1");
        env.put("AWS_CONFIG_FILE", folder.resolve("no-config").toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", folder.resolve("no-credentials").toString());
        Process process = builder.start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("aws " + String.join(" ", arguments) + " did not finish");
        }
        return process.exitValue();
    }
}
