package io.github.s3drreplicator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.github.s3drreplicator.sandbox.Outage;
import io.github.s3drreplicator.sandbox.OutageMode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SqsException;

/** Outages on purpose, at run time: S3 in one region, or SQS, from Java and from the control endpoint. */
class SandboxOutagesIT {

    private static final String SOURCE = AwsTestEnvironment.SOURCE_BUCKET;
    private static final String TARGET = AwsTestEnvironment.TARGET_BUCKET;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static SandboxEnvironment environment;
    private static S3Client s3;
    private static SqsClient sqs;

    @BeforeAll
    static void startSandbox() throws IOException {
        environment = SandboxEnvironment.start(true);
        // one attempt, one second: what a request meets is what the test sees
        s3 = S3Client.builder()
                .endpointOverride(URI.create(environment.s3Endpoint()))
                .forcePathStyle(true)
                .region(Region.US_EAST_1)
                .crossRegionAccessEnabled(true)
                .credentialsProvider(AwsTestEnvironment.credentials())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())
                        .apiCallAttemptTimeout(Duration.ofSeconds(2)))
                .build();
        sqs = SqsClient.builder()
                .endpointOverride(URI.create(environment.sqsEndpoint()))
                .region(Region.US_EAST_1)
                .credentialsProvider(AwsTestEnvironment.credentials())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())
                        .apiCallAttemptTimeout(Duration.ofSeconds(2)))
                .build();
        s3.putObject(r -> r.bucket(TARGET).key("in-dr.txt"), RequestBody.fromString("dr"));
        s3.putObject(r -> r.bucket(SOURCE).key("in-prod.txt"), RequestBody.fromString("prod"));
    }

    @AfterEach
    void recover() {
        environment.sandbox().recoverAll();
    }

    @AfterAll
    static void stopSandbox() {
        s3.close();
        sqs.close();
        environment.close();
    }

    private static HttpResponse<String> control(String method, String pathAndQuery) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(environment.s3Endpoint() + pathAndQuery))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void anS3OutageAnswers503ForEveryRequestTouchingABucketOfItsRegion() {
        environment.outage(Outage.s3("us-east-2", OutageMode.UNAVAILABLE));

        assertThatThrownBy(() -> s3.getObjectAsBytes(r -> r.bucket(TARGET).key("in-dr.txt")))
                .isInstanceOfSatisfying(S3Exception.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(503);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ServiceUnavailable");
                });
        assertThatThrownBy(() -> s3.copyObject(r -> r.sourceBucket(TARGET).sourceKey("in-dr.txt")
                .destinationBucket(SOURCE).destinationKey("from-dr.txt")))
                .as("a copy whose source is in the region").isInstanceOf(S3Exception.class);
        assertThat(s3.getObjectAsBytes(r -> r.bucket(SOURCE).key("in-prod.txt")).asUtf8String())
                .as("the other region serves").isEqualTo("prod");

        environment.recover("s3", "us-east-2");
        assertThat(s3.getObjectAsBytes(r -> r.bucket(TARGET).key("in-dr.txt")).asUtf8String()).isEqualTo("dr");
    }

    @Test
    void theControlEndpointStartsListsAndEndsOutagesForUnsignedRequestsToo() throws Exception {
        HttpResponse<String> started = control("POST", "/_sandbox/outage?service=s3&region=us-east-2&mode=503");
        assertThat(started.statusCode()).isEqualTo(200);
        assertThat(control("GET", "/_sandbox/outage").body())
                .isEqualTo("{\"outages\":[{\"service\":\"s3\",\"region\":\"us-east-2\",\"mode\":\"503\"}]}\n");

        HttpResponse<String> unsigned = HTTP.send(HttpRequest.newBuilder(
                URI.create(environment.s3Endpoint() + "/dr-bucket/in-dr.txt")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(unsigned.statusCode()).isEqualTo(503);
        assertThat(unsigned.body()).contains("<Error><Code>ServiceUnavailable</Code>");
        HttpResponse<String> internal = HTTP.send(HttpRequest.newBuilder(
                URI.create(environment.s3Endpoint() + "/dr-bucket/in-dr.txt"))
                .header("x-sandbox-internal", "true").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(internal.statusCode()).as("the sandbox's own look-ups").isEqualTo(200);

        assertThat(control("DELETE", "/_sandbox/outage?service=s3&region=us-east-2").body())
                .isEqualTo("{\"outages\":[]}\n");
        assertThat(control("POST", "/_sandbox/outage?service=s3&region=us-east-2&mode=teapot").statusCode())
                .isEqualTo(400);
        assertThat(control("POST", "/_sandbox/outage?service=s3&mode=503").statusCode()).isEqualTo(400);
        assertThat(control("GET", "/_sandbox/nothing").statusCode()).isEqualTo(404);
    }

    @Test
    void anAccessDeniedOutageAnswers403ForEveryRequestTouchingABucketOfItsRegion() throws Exception {
        environment.outage(Outage.s3("us-east-2", OutageMode.ACCESS_DENIED));

        assertThatThrownBy(() -> s3.getObjectAsBytes(r -> r.bucket(TARGET).key("in-dr.txt")))
                .isInstanceOfSatisfying(S3Exception.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(403);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
                });
        assertThatThrownBy(() -> s3.headBucket(r -> r.bucket(TARGET)))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(403));
        assertThat(s3.getObjectAsBytes(r -> r.bucket(SOURCE).key("in-prod.txt")).asUtf8String())
                .as("the other region serves").isEqualTo("prod");
        assertThat(control("GET", "/_sandbox/outage").body())
                .isEqualTo("{\"outages\":[{\"service\":\"s3\",\"region\":\"us-east-2\",\"mode\":\"403\"}]}\n");
        assertThat(control("POST", "/_sandbox/outage?service=sqs&mode=403").statusCode()).as("S3 only")
                .isEqualTo(400);

        environment.recover("s3", "us-east-2");
        assertThat(s3.getObjectAsBytes(r -> r.bucket(TARGET).key("in-dr.txt")).asUtf8String()).isEqualTo("dr");
    }

    @Test
    void aCutOutageClosesTheConnectionWithoutAnAnswer() {
        environment.outage(Outage.s3("us-east-2", OutageMode.CUT));

        assertThatThrownBy(() -> s3.headObject(r -> r.bucket(TARGET).key("in-dr.txt")))
                .isInstanceOf(SdkClientException.class);
        assertThat(s3.headObject(r -> r.bucket(SOURCE).key("in-prod.txt")).contentLength()).isEqualTo(4);
    }

    @Test
    void aTimeoutOutageHoldsRequestsUntilTheClientGivesUpOrTheRegionRecovers() throws Exception {
        environment.outage(Outage.s3("us-east-2", OutageMode.TIMEOUT));

        assertThatThrownBy(() -> s3.headObject(r -> r.bucket(TARGET).key("in-dr.txt")))
                .isInstanceOf(SdkClientException.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> environment.sandbox().heldRequests() == 0);

        // a plain connection, to see exactly what happens to it
        URI endpoint = URI.create(environment.s3Endpoint());
        try (Socket socket = new Socket(endpoint.getHost(), endpoint.getPort())) {
            socket.getOutputStream().write(("GET /dr-bucket/in-dr.txt HTTP/1.1\r\nHost: " + endpoint.getHost()
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            await().atMost(Duration.ofSeconds(10)).until(() -> environment.sandbox().heldRequests() == 1);
            CompletableFuture<Integer> answer = CompletableFuture.supplyAsync(() -> {
                try {
                    return socket.getInputStream().read();
                } catch (IOException e) {
                    return -2;
                }
            });
            assertThat(answer).isNotDone();

            environment.recover("s3", "us-east-2");
            assertThat(answer.get(10, TimeUnit.SECONDS)).as("closed without an answer, to be tried again")
                    .isNegative();
        }
        assertThat(environment.sandbox().heldRequests()).isZero();
        assertThat(s3.headObject(r -> r.bucket(TARGET).key("in-dr.txt")).contentLength()).isEqualTo(2);
    }

    @Test
    void anSqsOutageAnswers503CutsOrRefusesConnectionsWhileEventsWaitForItsRecovery() throws Exception {
        String queueUrl = sqs.getQueueUrl(r -> r.queueName(AwsTestEnvironment.QUEUE)).queueUrl();
        sqs.purgeQueue(r -> r.queueUrl(queueUrl));

        environment.outage(Outage.sqs(OutageMode.UNAVAILABLE));
        assertThatThrownBy(() -> sqs.receiveMessage(r -> r.queueUrl(queueUrl)))
                .isInstanceOfSatisfying(SqsException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(503);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ServiceUnavailable");
                });
        HttpResponse<String> queryProtocol = HTTP.send(HttpRequest.newBuilder(URI.create(environment.sqsEndpoint()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("Action=ListQueues&Version=2012-11-05")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(queryProtocol.statusCode()).isEqualTo(503);
        assertThat(queryProtocol.body()).contains("<Code>ServiceUnavailable</Code>");

        assertThat(control("POST", "/_sandbox/outage?service=sqs&mode=refuse").statusCode()).isEqualTo(200);
        URI endpoint = URI.create(environment.sqsEndpoint());
        assertThatThrownBy(() -> new Socket(endpoint.getHost(), endpoint.getPort()).close())
                .isInstanceOf(ConnectException.class);
        assertThatThrownBy(() -> sqs.listQueues()).as("its kept-alive connections are closed too")
                .isInstanceOf(SdkClientException.class);
        // S3 keeps its notifications until the queue is back
        s3.putObject(r -> r.bucket(SOURCE).key("during-sqs-outage.txt"), RequestBody.fromString("x"));

        environment.outage(Outage.sqs(OutageMode.CUT));
        assertThatThrownBy(() -> sqs.listQueues()).isInstanceOf(SdkClientException.class);

        environment.recover("sqs", null);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                sqs.receiveMessage(r -> r.queueUrl(queueUrl).waitTimeSeconds(1)).messages())
                .anySatisfy(m -> assertThat(m.body()).contains("during-sqs-outage.txt")));
    }
}
