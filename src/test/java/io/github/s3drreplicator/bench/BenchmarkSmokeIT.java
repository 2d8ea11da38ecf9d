package io.github.s3drreplicator.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The benchmark harness runs and writes every figure of its report; the figures themselves are not judged here. */
class BenchmarkSmokeIT {

    @Test
    void quickBenchmarkWritesTheWholeReport() throws Exception {
        int exit = Benchmark.run(List.of("--bench", "--quick", "--objects", "40", "--large-mib", "16"));

        assertThat(exit).isZero();
        JsonNode report = new ObjectMapper().readTree(Files.readString(Path.of("target", "bench", "report.json")));
        assertThat(report.fieldNames()).toIterable().contains("raw_copy_per_s", "replicator_per_s",
                "sequential_per_s", "latency_p50_ms", "latency_p99_ms", "heap_peak_mib_large_object", "setup");
        assertThat(report.path("replicator_per_s").asDouble()).isPositive();
        assertThat(report.path("latency_p99_ms").asLong()).isNotNegative();
    }
}
