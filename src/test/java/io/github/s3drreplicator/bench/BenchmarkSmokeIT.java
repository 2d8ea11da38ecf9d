package io.github.s3drreplicator.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/**
 * The benchmark harness runs and writes every figure of its report; the figures themselves are not judged here. The
 * rclone figures may be skipped (rclone not installed), and then say so.
 */
class BenchmarkSmokeIT {

    private static final List<String> NUMBERS = List.of("raw_copy_per_s", "raw_cpu_ms_per_object",
            "sequential_per_s", "replicator_per_s", "replicator_cpu_ms_per_object", "s3_requests_per_created_object",
            "s3_requests_per_deleted_object", "sqs_requests_per_object", "latency_p50_ms", "latency_p99_ms",
            "heap_peak_mib_large_object", "replicator_jit_ms_per_object", "raw_jit_ms_per_object");
    /** The backfill's figures: this project's, and rclone's beside them (or why they were skipped). */
    private static final List<String> BACKFILL = List.of("backfill_per_s", "backfill_cpu_ms_per_object",
            "audit_in_sync_seconds");
    private static final List<String> RCLONE_BACKFILL = List.of("rclone_backfill_per_s",
            "rclone_backfill_cpu_ms_per_object", "rclone_check_in_sync_seconds");

    @Test
    void quickBenchmarkWritesTheWholeReport() throws Exception {
        int exit = Benchmark.run(List.of("--bench", "--quick", "--objects", "40", "--large-mib", "16",
                "--audit-objects", "300", "--backfill-objects", "60"));

        assertThat(exit).isZero();
        JsonNode report = new ObjectMapper().readTree(Files.readString(Path.of("target", "bench", "report.json")));
        NUMBERS.forEach(figure -> assertThat(report.path(figure).isNumber()).as(figure).isTrue());
        assertThat(report.path("replicator_per_s").asDouble()).isPositive();
        assertThat(report.path("latency_p99_ms").asLong()).isNotNegative();

        JsonNode atZero = report.path("at_0_ms");
        List.of("raw_copy_per_s", "replicator_per_s", "replicator_cpu_ms_per_object", "raw_cpu_ms_per_object",
                "s3_requests_per_created_object", "sqs_requests_per_object", "latency_p99_ms")
                .forEach(figure -> assertThat(atZero.path(figure).isNumber()).as("at_0_ms." + figure).isTrue());

        assertThat(report.path("scaling")).hasSizeGreaterThanOrEqualTo(2);
        report.path("scaling").forEach(row -> List.of("workers", "replicas", "replicator_per_s",
                "replicator_cpu_ms_per_object").forEach(figure -> assertThat(row.path(figure).isNumber())
                .as("scaling." + figure).isTrue()));
        assertThat(report.path("scaling").findValues("replicas")).anyMatch(replicas -> replicas.asInt() == 2);

        JsonNode oneChange = report.path("propagate_one_change");
        assertThat(oneChange.path("replicator_seconds").isNumber()).isTrue();
        assertThat(oneChange.path("replicator_s3_requests").isNumber()).isTrue();

        JsonNode audit = report.path("audit");
        List.of("audit_seconds", "audit_found", "audit_objects_listed_per_s")
                .forEach(figure -> assertThat(audit.path(figure).isNumber()).as("audit." + figure).isTrue());
        assertThat(audit.path("audit_found").asLong()).isEqualTo(audit.path("missing").asLong()
                + audit.path("changed").asLong());

        JsonNode rclone = report.path("rclone_copy");
        if (rclone.has("skipped")) {
            assertThat(rclone.path("skipped").asText()).contains("rclone");
            assertThat(report.path("setup").path("notes").toString()).contains("rclone");
        } else {
            assertThat(rclone.path("copy_per_s").isNumber()).isTrue();
            assertThat(rclone.path("s3_requests_per_object").isNumber()).isTrue();
            List.of("rclone_check_seconds", "rclone_check_found", "rclone_sync_one_change_seconds",
                    "rclone_sync_one_change_s3_requests")
                    .forEach(figure -> assertThat(report.findValue(figure)).as(figure).isNotNull());
        }
        assertBackfillFigures(report, "");
        assertBackfillFigures(atZero, "at_0_ms.");
        assertThat(report.path("targets")).isNotEmpty();
        // where the run's minutes went, a step at a time
        List.of("main: raw loop", "main: drain of creations", "scaling: 2 replicas", "audit", "at 0 ms", "backfill",
                "backfill at 0 ms")
                .forEach(step -> assertThat(report.path("seconds_by_step").path(step).isNumber()).as(step).isTrue());
    }

    /** Every backfill figure the report promises, by its exact name; rclone's a number or why it was skipped. */
    private static void assertBackfillFigures(JsonNode figures, String where) {
        BACKFILL.forEach(figure -> assertThat(figures.path(figure).isNumber()).as(where + figure).isTrue());
        assertThat(figures.path("backfill_per_s").asDouble()).as(where + "backfill_per_s").isPositive();
        RCLONE_BACKFILL.forEach(figure -> {
            JsonNode value = figures.path(figure);
            assertThat(value.isNumber() || value.isTextual() && value.asText().startsWith("skipped: "))
                    .as(where + figure + " is a number or says why it was skipped: " + value).isTrue();
        });
    }
}
