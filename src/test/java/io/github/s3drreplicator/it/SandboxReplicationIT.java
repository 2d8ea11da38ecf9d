package io.github.s3drreplicator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * The replication tests against the embedded sandbox, plus what is checked here only: browser-form uploads,
 * management endpoints and routes loaded from a directory.
 */
class SandboxReplicationIT extends AbstractReplicationIT {

    @Test
    void browserFormPostUploadIsMirrored() throws Exception {
        String prefix = "form-post-" + UUID.randomUUID().toString().substring(0, 8) + "/";
        String boundary = "----sandbox" + UUID.randomUUID();
        String form = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"key\"\r\n\r\n"
                + prefix + "€ photo.txt\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"photo.txt\"\r\n"
                + "Content-Type: text/plain\r\n\r\nuploaded from a browser form\r\n--" + boundary + "--\r\n";
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(environment.s3Endpoint() + "/" + AwsTestEnvironment.SOURCE_BUCKET))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(form.getBytes(StandardCharsets.UTF_8)))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isBetween(200, 299);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(Buckets.contents(s3, AwsTestEnvironment.TARGET_BUCKET, prefix)).containsOnlyKeys(
                    prefix + "€ photo.txt");
            Buckets.assertMirrored(s3, prefix);
        });
    }

    @Test
    void metricsCountWhatWasCopiedDeletedSkippedAndFailed() {
        String key = "metrics-" + UUID.randomUUID().toString().substring(0, 8) + "/counted.txt";
        s3.putObject(r -> r.bucket(AwsTestEnvironment.SOURCE_BUCKET).key(key), RequestBody.fromString("1"));
        await().atMost(Duration.ofSeconds(60)).until(() -> !s3.listObjectsV2(r -> r
                .bucket(AwsTestEnvironment.TARGET_BUCKET).prefix(key)).contents().isEmpty());
        s3.deleteObject(r -> r.bucket(AwsTestEnvironment.SOURCE_BUCKET).key(key));
        String queueUrl = sqs.getQueueUrl(r -> r.queueName(AwsTestEnvironment.QUEUE)).queueUrl();
        sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody("not json at all"));
        sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(
                "{\"Service\":\"Amazon S3\",\"Event\":\"s3:TestEvent\",\"Bucket\":\"prod-bucket\"}"));
        HttpClient http = HttpClient.newHttpClient();

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            String metrics = http.send(HttpRequest.newBuilder(URI.create(replicator.managementUrl(
                    "/observe/metrics"))).build(), HttpResponse.BodyHandlers.ofString()).body();
            assertThat(metrics)
                    .containsPattern("replicator_objects_copied_total\\{[^}]*} [1-9]")
                    .containsPattern("replicator_objects_deleted_total\\{[^}]*} [1-9]")
                    .containsPattern("replicator_events_skipped_total\\{[^}]*reason=\"test-event\"[^}]*} [1-9]")
                    .containsPattern("replicator_events_failed_total\\{[^}]*reason=\"malformed-json\"[^}]*} [1-9]");
        });
    }

    private String jolokia(String request) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(replicator.managementUrl(
                        "/observe/jolokia/"))).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(request)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static String route(String id) {
        return "org.apache.camel:context=s3-dr-replicator,type=routes,name=\\\"" + id + "\\\"";
    }

    @Test
    void jolokiaReadsCamelMBeansAndRunsNoOperation() throws Exception {
        assertThat(jolokia("{\"type\":\"read\",\"mbean\":\"" + route("copy-object") + "\",\"attribute\":\"State\"}"))
                .contains("\"status\":200").contains("Started");
        assertThat(jolokia("{\"type\":\"read\",\"mbean\":\"java.lang:type=Memory\",\"attribute\":\"HeapMemoryUsage\"}"))
                .contains("\"status\":200");

        // read-only (jolokia-access.xml): routes change with their ConfigMap, the breaker with its command
        assertThat(jolokia("{\"type\":\"exec\",\"mbean\":\"" + route("tag-object") + "\",\"operation\":\"suspend()\"}"))
                .contains("\"status\":403");
        assertThat(replicator.context().getRouteController().getRouteStatus("tag-object").isStarted()).isTrue();
        assertThat(jolokia("{\"type\":\"exec\",\"mbean\":\"java.lang:type=Memory\",\"operation\":\"gc()\"}"))
                .contains("\"status\":403");
        assertThat(jolokia("{\"type\":\"exec\",\"mbean\":\"com.sun.management:type=HotSpotDiagnostic\","
                + "\"operation\":\"dumpHeap(java.lang.String,boolean)\",\"arguments\":[\"heap.hprof\",true]}"))
                .contains("\"status\":403");
        assertThat(jolokia("{\"type\":\"exec\",\"mbean\":\"org.apache.camel:context=s3-dr-replicator,"
                + "type=context,name=\\\"s3-dr-replicator\\\"\",\"operation\":\"stop()\"}"))
                .contains("\"status\":403");
        assertThat(jolokia("{\"type\":\"write\",\"mbean\":\"java.lang:type=Memory\",\"attribute\":\"Verbose\","
                + "\"value\":true}")).contains("\"status\":403");
        assertThat(replicator.context().getStatus().isStarted()).isTrue();
    }

    @Test
    void routesAreLoadedFromADirectoryWhenOneIsConfigured(@TempDir Path routes) throws Exception {
        try (var files = Files.list(Path.of("src", "main", "resources", "routes"))) {
            for (Path route : files.toList()) {
                // an operator's edit: the copy route gets a new description
                Files.writeString(routes.resolve(route.getFileName()), Files.readString(route)
                        .replace("description: Copies the source's", "description: (edited) Copies the source's"));
            }
        }

        try (RunningReplicator edited = RunningReplicator.start(environment, Map.of(
                "camel.main.routes-include-pattern", "file:" + routes.toAbsolutePath() + "/*.yaml"))) {
            assertThat(edited.context().getRoutes()).extracting(route -> route.getRouteId())
                    .containsExactlyInAnyOrder("consume-s3-events", "replicate-record", "reconcile-key",
                            "copy-object", "delete-object", "tag-object", "dead-letter", "drift-audit",
                            "hold-delete");
            assertThat(edited.context().getRoute("copy-object").getDescription()).startsWith("(edited)");
            assertThat(edited.context().getRoute("copy-object").getSourceResource().getLocation())
                    .startsWith("file:" + routes.toAbsolutePath());
        }
    }

    @Override
    protected AwsTestEnvironment startEnvironment() throws Exception {
        return SandboxEnvironment.start(true);
    }

    @Test
    void healthEndpointsAnswerOnTheManagementPort() {
        HttpClient http = HttpClient.newHttpClient();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            for (String path : new String[] {"/observe/health", "/observe/health/live", "/observe/health/ready"}) {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create(replicator.managementUrl(path))).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).as(path).isEqualTo(200);
                assertThat(response.body()).as(path).contains("UP");
            }
        });
    }
}
