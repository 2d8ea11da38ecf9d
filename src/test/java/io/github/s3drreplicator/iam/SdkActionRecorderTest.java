package io.github.s3drreplicator.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;

import com.sun.net.httpserver.HttpServer;
import io.github.s3drreplicator.aws.AwsClientSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The recorder sits in every client the product builds, through the SDK's global interceptors on the test
 * classpath, and records only while armed. The calls go to a stand-in that answers every request with an empty
 * success (a key named {@code missing} with 404): what is recorded is the request, whatever the answer.
 */
class SdkActionRecorderTest {

    private static final String KEY = "recorder-test-key";
    private HttpServer server;
    private String endpoint;
    private String previousKey;
    private String previousSecret;

    @BeforeEach
    void productCredentials() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            // S3 answers these without a body; SQS's JSON protocol wants an object
            byte[] body = exchange.getRequestURI().getPath().startsWith("/dr-bucket") ? new byte[0]
                    : "{}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.0");
            int status = exchange.getRequestURI().getPath().endsWith("/missing") ? 404 : 200;
            exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        endpoint = "http://127.0.0.1:" + server.getAddress().getPort();
        previousKey = System.getProperty("aws.accessKeyId");
        previousSecret = System.getProperty("aws.secretAccessKey");
        System.setProperty("aws.accessKeyId", KEY);
        System.setProperty("aws.secretAccessKey", "secret");
    }

    @AfterEach
    void restoreCredentials() {
        server.stop(0);
        restore("aws.accessKeyId", previousKey);
        restore("aws.secretAccessKey", previousSecret);
    }

    @Test
    void theProductsS3AndSqsClientsAreRecordedWithTheActionsTheyNeed() {
        AwsClientSettings settings = new AwsClientSettings(endpoint, true, endpoint, 2);
        try (SdkActionRecorder.Recording recording = SdkActionRecorder.arm("123456789012");
             S3Client s3 = settings.s3Client("us-east-2");
             S3AsyncClient async = settings.s3AsyncClient("us-east-2");
             SqsClient sqs = settings.sqsClient("us-east-1")) {
            catchThrowable(() -> s3.headObject(r -> r.bucket("dr-bucket").key("a key")));
            catchThrowable(() -> s3.headObject(r -> r.bucket("dr-bucket").key("missing")));
            catchThrowable(() -> s3.copyObject(r -> r.sourceBucket("prod-bucket").sourceKey("a/b+c d")
                    .destinationBucket("dr-bucket").destinationKey("a/b+c d")));
            catchThrowable(() -> async.abortMultipartUpload(r -> r.bucket("dr-bucket").key("k").uploadId("u"))
                    .join());
            catchThrowable(() -> sqs.getQueueUrl(r -> r.queueName("prod-bucket-events")
                    .queueOwnerAWSAccountId("123456789012")));

            List<String> recorded = recording.callsOf(KEY).stream()
                    .map(call -> call.operation() + " " + call.needs().orElseThrow()).toList();
            assertThat(recorded).containsExactly(
                    "S3.HeadObject [s3:GetObject on arn:aws:s3:::dr-bucket/a key]",
                    "S3.HeadObject [s3:GetObject on arn:aws:s3:::dr-bucket/missing]",
                    "S3.HeadObject answered 404 [s3:ListBucket on arn:aws:s3:::dr-bucket]",
                    // the request as made: the SDK turns source bucket and key into x-amz-copy-source later
                    "S3.CopyObject [s3:GetObject on arn:aws:s3:::prod-bucket/a/b+c d, s3:GetObjectTagging on"
                            + " arn:aws:s3:::prod-bucket/a/b+c d, s3:PutObject on arn:aws:s3:::dr-bucket/a/b+c d]",
                    "S3.AbortMultipartUpload [s3:AbortMultipartUpload on arn:aws:s3:::dr-bucket/k]",
                    "Sqs.GetQueueUrl [sqs:GetQueueUrl on arn:aws:sqs:us-east-1:123456789012:prod-bucket-events]");
        }
    }

    @Test
    void unarmedNothingIsRecorded() {
        AwsClientSettings settings = new AwsClientSettings(endpoint, true, endpoint, 2);
        try (S3Client s3 = settings.s3Client("us-east-2")) {
            catchThrowable(() -> s3.headObject(r -> r.bucket("dr-bucket").key("before")));
        }
        try (SdkActionRecorder.Recording recording = SdkActionRecorder.arm("123456789012")) {
            assertThat(recording.callsOf(KEY)).isEmpty();
        }
    }

    @Test
    void registeredByTheTestClasspathAloneNeverByTheProducts() throws Exception {
        String registration = "software/amazon/awssdk/global/handlers/execution.interceptors";
        List<URL> registrations = Collections.list(getClass().getClassLoader().getResources(registration));
        // the product's classes and resources go to target/classes, whose jar is what ships
        assertThat(registrations).as("every registration of the recorder").isNotEmpty()
                .allMatch(url -> url.toString().contains("/test-classes/"));
        assertThat(Path.of("src/main/resources", registration)).doesNotExist();
        assertThat(SdkActionRecorder.class.getProtectionDomain().getCodeSource().getLocation().toString())
                .contains("/test-classes/");
    }

    private static void restore(String property, String value) {
        if (value == null) {
            System.clearProperty(property);
        } else {
            System.setProperty(property, value);
        }
    }
}
