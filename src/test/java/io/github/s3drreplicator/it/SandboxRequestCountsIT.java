package io.github.s3drreplicator.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.sqs.SqsClient;

/** The sandbox counts what clients send, per AWS operation, and not its own look-ups. */
class SandboxRequestCountsIT {

    private static final String SOURCE = AwsTestEnvironment.SOURCE_BUCKET;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static SandboxEnvironment environment;
    private static S3Client s3;
    private static SqsClient sqs;

    @BeforeAll
    static void startSandbox() throws IOException {
        // notifications on: the sandbox then reads back every object written, which must not be counted
        environment = SandboxEnvironment.start(true);
        s3 = S3Client.builder()
                .endpointOverride(URI.create(environment.s3Endpoint()))
                .forcePathStyle(true)
                .region(Region.US_EAST_1)
                .credentialsProvider(AwsTestEnvironment.credentials())
                .build();
        sqs = environment.sqsClient();
    }

    @AfterAll
    static void stopSandbox() {
        s3.close();
        sqs.close();
        environment.close();
    }

    @Test
    void everyClientRequestIsCountedByItsOperationAndTheSandboxsOwnAreNot() throws Exception {
        environment.resetRequestCounts();

        s3.putObject(r -> r.bucket(SOURCE).key("counted/a"), RequestBody.fromString("a"));
        s3.headObject(r -> r.bucket(SOURCE).key("counted/a"));
        s3.getObjectAsBytes(r -> r.bucket(SOURCE).key("counted/a"));
        s3.copyObject(r -> r.sourceBucket(SOURCE).sourceKey("counted/a").destinationBucket(SOURCE)
                .destinationKey("counted/b"));
        s3.putObjectTagging(r -> r.bucket(SOURCE).key("counted/b").tagging(t -> t.tagSet(s -> s.key("k").value("v"))));
        s3.getObjectTagging(r -> r.bucket(SOURCE).key("counted/b"));
        String uploadId = s3.createMultipartUpload(r -> r.bucket(SOURCE).key("counted/c")).uploadId();
        String part = s3.uploadPart(r -> r.bucket(SOURCE).key("counted/c").uploadId(uploadId).partNumber(1),
                RequestBody.fromString("c")).eTag();
        s3.completeMultipartUpload(r -> r.bucket(SOURCE).key("counted/c").uploadId(uploadId)
                .multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(1).eTag(part).build())));
        s3.listObjectsV2(r -> r.bucket(SOURCE).prefix("counted/"));
        s3.deleteObjects(r -> r.bucket(SOURCE).delete(d -> d.objects(o -> o.key("counted/a"), o -> o.key("counted/b"))));
        s3.deleteObject(r -> r.bucket(SOURCE).key("counted/c"));
        String queueUrl = sqs.getQueueUrl(r -> r.queueName(AwsTestEnvironment.QUEUE)).queueUrl();
        sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10));
        HttpResponse<String> queryProtocol = HTTP.send(HttpRequest.newBuilder(URI.create(environment.sqsEndpoint()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("Action=ListQueues&Version=2012-11-05")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(queryProtocol.body()).contains(AwsTestEnvironment.QUEUE);

        Map<String, Map<String, Long>> counts = environment.requestCounts();
        assertThat(counts.get("s3")).isEqualTo(Map.ofEntries(
                Map.entry("PutObject", 1L), Map.entry("HeadObject", 1L), Map.entry("GetObject", 1L),
                Map.entry("CopyObject", 1L), Map.entry("PutObjectTagging", 1L), Map.entry("GetObjectTagging", 1L),
                Map.entry("CreateMultipartUpload", 1L), Map.entry("UploadPart", 1L),
                Map.entry("CompleteMultipartUpload", 1L), Map.entry("ListObjectsV2", 1L),
                Map.entry("DeleteObjects", 1L), Map.entry("DeleteObject", 1L)));
        assertThat(counts.get("sqs")).isEqualTo(Map.of("GetQueueUrl", 1L, "ReceiveMessage", 1L, "ListQueues", 1L));
    }

    @Test
    void theControlEndpointAnswersTheCountsAsJsonAndResetsThem() throws Exception {
        s3.headBucket(r -> r.bucket(SOURCE));
        String counts = HTTP.send(HttpRequest.newBuilder(URI.create(environment.s3Endpoint() + "/_sandbox/requests"))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
        assertThat(new ObjectMapper().readValue(counts, new TypeReference<Map<String, Map<String, Long>>>() { }))
                .isEqualTo(environment.requestCounts());

        HttpResponse<String> reset = HTTP.send(HttpRequest.newBuilder(URI.create(environment.s3Endpoint()
                + "/_sandbox/requests")).DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(reset.statusCode()).isEqualTo(200);
        assertThat(reset.body()).isEqualTo("{\"s3\":{},\"sqs\":{}}\n");
        assertThat(environment.requestCounts()).isEqualTo(Map.of("s3", Map.of(), "sqs", Map.of()));
    }
}
