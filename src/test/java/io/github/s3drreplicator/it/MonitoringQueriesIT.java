package io.github.s3drreplicator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.s3drreplicator.monitoring.MonitoringFiles;
import io.github.s3drreplicator.monitoring.PromQl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The alerts and the dashboard against the service's real metrics: a real Prometheus scrapes the built jar on its
 * sandbox every second while it copies, skips, deletes and dead-letters, then every query is asked.
 *
 * <p>What is asked: every series selector of every alert expression (the alerts are conditions, quiet on a healthy
 * service, so their results say nothing; the selectors must find series, or the alert can never fire), and every
 * dashboard query whole (they are graphs: each must return data). The CloudWatch exporter's {@code aws_sqs_*} series
 * do not come from the service; they are left out here and covered by the promtool tests. Prometheus also evaluates
 * the rules file, and every rule must evaluate without error against the real series. Skipped where prometheus is
 * missing (Debian package prometheus; .ci/run installs it).
 */
class MonitoringQueriesIT {

    /** Metrics of other exporters: the CloudWatch exporter's queue depths. */
    private static final Set<String> EXTERNAL = Set.of("aws_sqs_approximate_number_of_messages_visible_average");

    @Test
    void everyAlertAndDashboardQueryFindsTheServicesRealMetrics(@TempDir Path dir) throws Exception {
        assumeTrue(MonitoringFiles.onPath("prometheus"), "prometheus is not on the PATH (Debian package prometheus)");
        int s3Port = SandboxEnvironment.freePort();
        int sqsPort = SandboxEnvironment.freePort();
        // the scheduled audit exports replicator_drift_objects
        try (ReplicatorProcess replicator = ReplicatorProcess.startWithSandbox("monitoring", s3Port, sqsPort,
                Map.of("replicator.audit.schedule", "5s", "replicator.audit.first-delay", "1s"));
             PrometheusServer prometheus = PrometheusServer.start(dir,
                     URI.create(replicator.managementUrl("/")).getAuthority(), MonitoringFiles.ALERT_RULES);
             S3Client s3 = AwsTestEnvironment.s3Client("http://127.0.0.1:" + s3Port);
             SqsClient sqs = sqsClient(sqsPort)) {
            // copies, a write of the same bytes (skipped), a delete, and a message that is not JSON (dead-lettered)
            for (String key : List.of("watched/a.txt", "watched/b.txt", "watched/c.txt")) {
                s3.putObject(r -> r.bucket(AwsTestEnvironment.SOURCE_BUCKET).key(key), RequestBody.fromString(key));
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> s3.listObjectsV2(r -> r
                    .bucket(AwsTestEnvironment.TARGET_BUCKET).prefix("watched/")).keyCount() == 3);
            s3.putObject(r -> r.bucket(AwsTestEnvironment.SOURCE_BUCKET).key("watched/a.txt"),
                    RequestBody.fromString("watched/a.txt"));
            s3.deleteObject(r -> r.bucket(AwsTestEnvironment.SOURCE_BUCKET).key("watched/c.txt"));
            sqs.sendMessage(r -> r.queueUrl(sqs.getQueueUrl(q -> q.queueName(AwsTestEnvironment.QUEUE)).queueUrl())
                    .messageBody("this is not an S3 event"));
            await().atMost(Duration.ofSeconds(60)).until(() -> s3.listObjectsV2(r -> r
                    .bucket(AwsTestEnvironment.TARGET_BUCKET).prefix("watched/")).keyCount() == 2);
            // Prometheus has seen it all, and rates over the dashboards' windows have two samples at least
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> !prometheus
                    .query("sum(replicator_objects_deleted_total) > 0 and sum(replicator_drift_objects) >= 0")
                    .isEmpty());
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() ->
                    rulesEvaluated(prometheus));

            Map<String, String> nothingFound = new LinkedHashMap<>();
            List<String> asked = new ArrayList<>();
            MonitoringFiles.alertExpressions().forEach((alert, expression) -> {
                for (String selector : PromQl.selectors(expression)) {
                    if (!EXTERNAL.contains(PromQl.metricName(selector))) {
                        ask(prometheus, selector, "alert " + alert, asked, nothingFound);
                    }
                }
            });
            for (String expression : MonitoringFiles.dashboardExpressions()) {
                Set<String> metrics = new TreeSet<>();
                PromQl.selectors(expression).forEach(selector -> metrics.add(PromQl.metricName(selector)));
                if (!EXTERNAL.containsAll(metrics)) {
                    ask(prometheus, expression, "dashboard", asked, nothingFound);
                }
            }
            for (JsonNode group : prometheus.rules()) {
                for (JsonNode rule : group.path("rules")) {
                    if (!rule.path("health").asText().equals("ok")) {
                        nothingFound.put("rule " + rule.path("name").asText(), "evaluation failed: "
                                + rule.path("lastError").asText());
                    }
                }
            }
            assertThat(asked).as("queries asked").hasSizeGreaterThan(20);
            assertThat(nothingFound).as("queries that found nothing in the service's metrics, or rules Prometheus "
                    + "could not evaluate; the replicator exported %s", exported(prometheus)).isEmpty();
        }
    }

    private static void ask(PrometheusServer prometheus, String query, String where, List<String> asked,
                            Map<String, String> nothingFound) {
        asked.add(query);
        try {
            if (prometheus.query(query).isEmpty()) {
                nothingFound.put(query, where);
            }
        } catch (Exception e) {
            nothingFound.put(query, where + ": " + e.getMessage());
        }
    }

    /** Whether Prometheus evaluated every rule at least once. */
    private static boolean rulesEvaluated(PrometheusServer prometheus) throws Exception {
        for (JsonNode group : prometheus.rules()) {
            for (JsonNode rule : group.path("rules")) {
                if (rule.path("health").asText().equals("unknown")) {
                    return false;
                }
            }
        }
        return true;
    }

    private static Set<String> exported(PrometheusServer prometheus) throws Exception {
        Set<String> names = new TreeSet<>();
        prometheus.query("{__name__=~\"replicator_.*\"}")
                .forEach(series -> names.add(series.at("/metric/__name__").asText()));
        return names;
    }

    private static SqsClient sqsClient(int port) {
        return SqsClient.builder().endpointOverride(URI.create("http://127.0.0.1:" + port))
                .region(software.amazon.awssdk.regions.Region.US_EAST_1)
                .credentialsProvider(AwsTestEnvironment.credentials()).build();
    }
}
