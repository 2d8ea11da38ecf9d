package io.github.s3drreplicator.bench;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The report as a table, and the targets (issue 17) judged against it. */
final class BenchTable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private BenchTable() {
    }

    /** One target: the figure, its value, what it must be, and whether it is. */
    record Target(String figure, double value, String must, boolean met) {
    }

    static List<Target> targets(JsonNode r) {
        List<Target> targets = new ArrayList<>();
        if (r.path("replicator_per_s").isNumber()) {
            eventTargets(targets, r);
        }
        backfillTargets(targets, r, "");
        backfillTargets(targets, r.path("at_0_ms"), "at_0_ms.");
        return targets;
    }

    /** The event path's targets, where the main part ran. */
    private static void eventTargets(List<Target> targets, JsonNode r) {
        double perSecond = r.path("replicator_per_s").asDouble();
        double sequential = r.path("sequential_per_s").asDouble();
        double raw = r.path("raw_copy_per_s").asDouble();
        targets.add(new Target("replicator_per_s", perSecond, ">= 3 x sequential_per_s (" + fmt(3 * sequential) + ")",
                perSecond >= 3 * sequential));
        targets.add(new Target("replicator_per_s", perSecond, ">= 0.8 x raw_copy_per_s (" + fmt(0.8 * raw) + ")",
                perSecond >= 0.8 * raw));
        double s3 = r.path("s3_requests_per_created_object").asDouble();
        targets.add(new Target("s3_requests_per_created_object", s3, "<= 2 (1 where the destination condition"
                + " spares the look)", s3 <= 2));
        double sqs = r.path("sqs_requests_per_object").asDouble();
        targets.add(new Target("sqs_requests_per_object", sqs, "<= 0.3", sqs <= 0.3));
        double cpu = r.path("replicator_cpu_ms_per_object").asDouble();
        double rawCpu = r.path("raw_cpu_ms_per_object").asDouble();
        targets.add(new Target("replicator_cpu_ms_per_object", cpu, "<= 1.5 x raw_cpu_ms_per_object ("
                + fmt(1.5 * rawCpu) + ")", cpu <= 1.5 * rawCpu));
        targets.add(new Target("scaling", growth(r.path("scaling")), "throughput grows with workers until the CPU is"
                + " spent (value: the smallest step's growth, or 1 where the CPU was spent)",
                growth(r.path("scaling")) >= 1));
        double p99 = r.path("latency_p99_ms").asDouble();
        targets.add(new Target("latency_p99_ms", p99, "< 1000 at half load", p99 >= 0 && p99 < 1000));
        double heap = r.path("heap_peak_mib_large_object").asDouble();
        targets.add(new Target("heap_peak_mib_large_object", heap, "< 256", heap < 256));
    }

    /** One machine as fast as rclone: a backfill, and an audit of buckets in sync; where rclone ran. */
    private static void backfillTargets(List<Target> targets, JsonNode r, String where) {
        if (!r.path("backfill_per_s").isNumber() || !r.path("rclone_backfill_per_s").isNumber()) {
            return;
        }
        double seconds = r.path("backfill_seconds").asDouble();
        double rcloneSeconds = r.path("rclone_backfill_seconds").asDouble();
        targets.add(new Target(where + "backfill_per_s", r.path("backfill_per_s").asDouble(),
                "wall time <= 1.2 x rclone copy's (" + fmt(1.2 * rcloneSeconds) + " s; took " + fmt(seconds) + " s)",
                seconds <= 1.2 * rcloneSeconds));
        double cpu = r.path("backfill_cpu_ms_per_object").asDouble();
        double rcloneCpu = r.path("rclone_backfill_cpu_ms_per_object").asDouble();
        targets.add(new Target(where + "backfill_cpu_ms_per_object", cpu, "<= 3 x rclone copy's ("
                + fmt(3 * rcloneCpu) + ")", cpu <= 3 * rcloneCpu));
        double audit = r.path("audit_in_sync_seconds").asDouble();
        double check = r.path("rclone_check_in_sync_seconds").asDouble();
        targets.add(new Target(where + "audit_in_sync_seconds", audit, "<= rclone check's (" + fmt(check) + ")",
                audit <= check));
    }

    /**
     * Across the single-replica rows in order of workers: the smallest ratio of one row's throughput to the previous
     * row's, counting a step as 1 where the previous row had spent the CPU (at least 90% of the cores busy).
     */
    static double growth(JsonNode scaling) {
        List<JsonNode> rows = new ArrayList<>();
        scaling.forEach(row -> {
            if (row.path("replicas").asInt() == 1) {
                rows.add(row);
            }
        });
        rows.sort((a, b) -> Integer.compare(a.path("workers").asInt(), b.path("workers").asInt()));
        double smallest = Double.MAX_VALUE;
        for (int i = 1; i < rows.size(); i++) {
            JsonNode before = rows.get(i - 1);
            double step = before.path("cpu_busy").asDouble() >= 0.9 ? 1
                    : rows.get(i).path("replicator_per_s").asDouble() / before.path("replicator_per_s").asDouble();
            smallest = Math.min(smallest, step);
        }
        return smallest == Double.MAX_VALUE ? 1 : Math.round(smallest * 100) / 100.0;
    }

    static ArrayNode json(List<Target> targets) {
        ArrayNode array = JSON.createArrayNode();
        targets.forEach(t -> array.addObject().put("figure", t.figure()).put("value", t.value())
                .put("must_be", t.must()).put("met", t.met()));
        return array;
    }

    static String of(ObjectNode r) {
        StringBuilder out = new StringBuilder();
        JsonNode setup = r.path("setup");
        out.append(String.format("%nBenchmark: %s objects of %s bytes, S3 answering %s ms late, %s cores%n",
                setup.path("objects").asText(), setup.path("object_bytes").asText(),
                setup.path("s3_latency_ms").asText(), setup.path("cores").asText()));
        section(out, "Throughput (objects/s)");
        row(out, "raw CopyObject loop, " + setup.path("workers").asText() + " in flight", r, "raw_copy_per_s");
        row(out, "the seed's design, one message at a time", r, "sequential_per_s");
        row(out, "the replicator, " + setup.path("workers").asText() + " workers", r, "replicator_per_s");
        section(out, "Cost per object");
        row(out, "S3 requests per created object", r, "s3_requests_per_created_object");
        row(out, "S3 requests per deleted object", r, "s3_requests_per_deleted_object");
        row(out, "SQS requests per object", r, "sqs_requests_per_object");
        row(out, "replicator CPU ms per object", r, "replicator_cpu_ms_per_object");
        row(out, "  of which the JIT compilers'", r, "replicator_jit_ms_per_object");
        row(out, "raw loop CPU ms per object", r, "raw_cpu_ms_per_object");
        row(out, "  of which the JIT compilers'", r, "raw_jit_ms_per_object");
        row(out, "SQS requests per deleted object", r, "sqs_requests_per_deleted_object");
        section(out, "Latency and memory");
        row(out, "put to DR p50 ms, at half load", r, "latency_p50_ms");
        row(out, "put to DR p99 ms, at half load", r, "latency_p99_ms");
        row(out, "heap MiB while the large object replicates", r, "heap_peak_mib_large_object");
        section(out, "Scaling (workers x replicas: replicator/s, raw/s at as many in flight, replicator CPU ms/obj,"
                + " cores busy)");
        r.path("scaling").forEach(s -> out.append(String.format("  %4d x %d %42s / %-8s %6s %6s%n",
                s.path("workers").asInt(), s.path("replicas").asInt(), s.path("replicator_per_s").asText(),
                s.path("raw_copy_per_s_same_in_flight").asText(), s.path("replicator_cpu_ms_per_object").asText(),
                s.path("cpu_busy").asText())));
        JsonNode at0 = r.path("at_0_ms");
        section(out, "With no added latency");
        row(out, "raw CopyObject loop", at0, "raw_copy_per_s");
        row(out, "the seed's design", at0, "sequential_per_s");
        row(out, "the replicator", at0, "replicator_per_s");
        row(out, "replicator CPU ms per object", at0, "replicator_cpu_ms_per_object");
        row(out, "raw loop CPU ms per object", at0, "raw_cpu_ms_per_object");
        row(out, "put to DR p99 ms, at half load", at0, "latency_p99_ms");
        JsonNode rclone = r.path("rclone_copy");
        section(out, "rclone");
        if (rclone.has("skipped")) {
            out.append("  skipped: ").append(rclone.path("skipped").asText()).append('\n');
        } else {
            row(out, "rclone copy, server-side, objects/s", rclone, "copy_per_s");
            row(out, "rclone copy, S3 requests per object", rclone, "s3_requests_per_object");
            row(out, "rclone version", rclone, "version");
        }
        section(out, "Backfill of an empty bucket (" + setup.path("backfill_objects").asText() + " objects), then"
                + " an audit of the buckets in sync: at " + setup.path("s3_latency_ms").asText() + " ms / at 0 ms");
        backfillRow(out, "audit --repair, objects/s", r, "backfill_per_s");
        backfillRow(out, "rclone copy, objects/s", r, "rclone_backfill_per_s");
        backfillRow(out, "audit --repair, CPU ms per object", r, "backfill_cpu_ms_per_object");
        backfillRow(out, "rclone copy, CPU ms per object", r, "rclone_backfill_cpu_ms_per_object");
        backfillRow(out, "audit --repair, S3 requests", r, "backfill_s3_requests");
        backfillRow(out, "rclone copy, S3 requests", r, "rclone_backfill_s3_requests");
        backfillRow(out, "audit --content-only in sync, seconds", r, "audit_in_sync_seconds");
        backfillRow(out, "rclone check in sync, seconds", r, "rclone_check_in_sync_seconds");
        JsonNode one = r.path("propagate_one_change");
        JsonNode audit = r.path("audit");
        section(out, "One change, and the audit (" + audit.path("objects").asText() + " objects, "
                + audit.path("missing").asText() + " missing, " + audit.path("changed").asText() + " changed)");
        row(out, "replicator: seconds for one change", one, "replicator_seconds");
        row(out, "replicator: S3 requests for one change", one, "replicator_s3_requests");
        row(out, "rclone sync: seconds for one change", audit, "rclone_sync_one_change_seconds");
        row(out, "rclone sync: S3 requests for one change", audit, "rclone_sync_one_change_s3_requests");
        row(out, "rclone sync: seconds, scaled to 100,000 objects", audit,
                "rclone_sync_one_change_seconds_at_100000_scaled");
        row(out, "rclone sync: S3 requests, scaled to 100,000 objects", audit,
                "rclone_sync_one_change_s3_requests_at_100000_scaled");
        row(out, "audit: seconds (a JVM started)", audit, "audit_seconds");
        row(out, "audit: differences found", audit, "audit_found");
        row(out, "audit: objects listed per second", audit, "audit_objects_listed_per_s");
        row(out, "rclone check: seconds", audit, "rclone_check_seconds");
        row(out, "rclone check: differences found", audit, "rclone_check_found");
        section(out, "Targets");
        r.path("targets").forEach(t -> out.append(String.format("  %-4s %-32s %10s  %s%n",
                t.path("met").asBoolean() ? "met" : "NOT", t.path("figure").asText(), t.path("value").asText(),
                t.path("must_be").asText())));
        setup.path("notes").forEach(note -> out.append("  note: ").append(note.asText()).append('\n'));
        return out.toString();
    }

    private static void backfillRow(StringBuilder out, String label, JsonNode r, String field) {
        out.append(String.format("  %-52s %10s / %s%n", label, text(r, field), text(r.path("at_0_ms"), field)));
    }

    private static String text(JsonNode node, String field) {
        String value = node.has(field) ? node.path(field).asText() : "-";
        return value.startsWith("skipped") ? "skipped" : value;
    }

    private static void section(StringBuilder out, String title) {
        out.append('\n').append(title).append('\n');
    }

    private static void row(StringBuilder out, String label, JsonNode node, String field) {
        out.append(String.format("  %-52s %10s%n", label, node.has(field) ? node.path(field).asText() : "-"));
    }

    private static String fmt(double value) {
        return String.valueOf(Math.round(value * 10) / 10.0);
    }
}
