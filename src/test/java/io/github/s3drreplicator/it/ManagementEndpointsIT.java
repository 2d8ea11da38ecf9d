package io.github.s3drreplicator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * What an operator sees of {@code java -jar target/s3-dr-replicator.jar --sandbox}: health, Prometheus metrics and
 * Jolokia on the management port, and log lines as JSON when asked.
 */
class ManagementEndpointsIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theJarOnItsSandboxAnswersHealthMetricsAndJolokiaAndLogsJson() throws Exception {
        int s3Port = SandboxEnvironment.freePort();
        try (ReplicatorProcess process = ReplicatorProcess.startWithSandbox("management", s3Port,
                SandboxEnvironment.freePort(), Map.of("log.format", "json"));
             S3Client s3 = AwsTestEnvironment.s3Client("http://127.0.0.1:" + s3Port)) {
            // every counter is there from the start, at 0, with its labels: no "no data", no misfiring absent()
            assertThat(get(process, "/observe/metrics").body()).contains(
                    "replicator_objects_copied_total{pair=\"default\"} 0.0",
                    "replicator_bytes_copied_total{pair=\"default\"} 0.0",
                    "replicator_objects_deleted_total{pair=\"default\"} 0.0",
                    "replicator_objects_retained_total{pair=\"default\"} 0.0",
                    "replicator_tags_synced_total{pair=\"default\"} 0.0",
                    "replicator_deletes_held_total{pair=\"default\"} 0.0",
                    "replicator_events_skipped_total{reason=\"already-in-sync\"} 0.0",
                    "replicator_events_failed_total{reason=\"malformed-json\"} 0.0",
                    "replicator_replication_lag_seconds_count{pair=\"default\"} 0",
                    "replicator_delete_breaker_open{pair=\"default\"} 0.0",
                    "replicator_source_available{pair=\"default\"} 1.0",
                    "replicator_target_available{pair=\"default\"} 1.0",
                    "replicator_bucket_state{bucket=\"dr-bucket\",pair=\"default\",side=\"target\",state=\"available\"} 1.0",
                    "replicator_bucket_state{bucket=\"dr-bucket\",pair=\"default\",side=\"target\",state=\"access-denied\"} 0.0");
            s3.putObject(r -> r.bucket(AwsTestEnvironment.SOURCE_BUCKET).key("observed.txt"),
                    RequestBody.fromString("watched"));
            await().atMost(Duration.ofSeconds(60)).until(() -> !s3.listObjectsV2(r -> r
                    .bucket(AwsTestEnvironment.TARGET_BUCKET).prefix("observed.txt")).contents().isEmpty());

            assertThat(get(process, "/observe/health/live").statusCode()).isEqualTo(200);
            HttpResponse<String> ready = get(process, "/observe/health/ready?exposureLevel=full");
            assertThat(ready.statusCode()).isEqualTo(200);
            // the queue consumer's readiness is the replicator's own; Camel's waits for the first long poll to end
            assertThat(ready.body()).contains("aws-reachability", "queue-consumer", "bucket-availability")
                    .doesNotContain("consumer:consume-s3-events");

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(get(process, "/observe/metrics")
                    .body()).contains("replicator_objects_copied_total", "replicator_bytes_copied_total",
                    "replicator_replication_lag_seconds_bucket", "replicator_replication_lag_seconds_count",
                    "camel_exchanges_total"));

            HttpResponse<String> jolokia = get(process,
                    "/observe/jolokia/read/org.apache.camel:context=s3-dr-replicator,type=context,name=%22s3-dr-replicator%22/State");
            assertThat(jolokia.body()).contains("\"status\":200", "Started");

            JsonNode appliedLine = process.log().lines()
                    .filter(line -> line.startsWith("{") && line.contains("io.github.s3drreplicator.applied"))
                    .map(ManagementEndpointsIT::json).findFirst().orElseThrow();
            assertThat(appliedLine.path("formattedMessage").asText())
                    .contains("key='observed.txt'", "event=ObjectCreated:Put", "outcome=copied", "lag=");
        }
    }

    private static HttpResponse<String> get(ReplicatorProcess process, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(process.managementUrl(path))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(String line) {
        try {
            return JSON.readTree(line);
        } catch (Exception e) {
            throw new AssertionError("not a JSON log line: " + line, e);
        }
    }
}
