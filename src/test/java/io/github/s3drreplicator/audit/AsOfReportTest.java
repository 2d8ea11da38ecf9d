package io.github.s3drreplicator.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.s3drreplicator.audit.AsOfReport.Change;
import io.github.s3drreplicator.audit.AsOfReport.Outcome;
import org.junit.jupiter.api.Test;

/** What a restore to an instant reports: per kind of change, the first keys and the first change; then its writes. */
class AsOfReportTest {

    private static final Instant INSTANT = Instant.parse("2026-12-06T10:00:00Z");

    private static AsOfReport found(boolean prune) {
        AsOfReport report = new AsOfReport(INSTANT, prune);
        report.add(Change.UNCHANGED, "a", null);
        report.add(Change.OVERWRITTEN, "c", Instant.parse("2026-12-06T10:03:40Z"));
        report.add(Change.OVERWRITTEN, "b", Instant.parse("2026-12-06T10:03:12Z"));
        report.add(Change.DELETED, "d", null);
        report.add(Change.CREATED, "note", Instant.parse("2026-12-06T10:04:02Z"));
        return report;
    }

    @Test
    void aDryRunSaysPerKindWhatChangedSinceTheInstantAndWhenItFirstDid() {
        AsOfReport report = found(false);

        assertThat(report.toRestore()).isEqualTo(3);
        assertThat(report.toPrune()).as("created since, left alone").isZero();
        assertThat(report.text("default", "dr-bucket", "prod-bucket", true)).isEqualTo(String.join(
                System.lineSeparator(),
                "Restore of prod-bucket as of 2026-12-06T10:00:00Z from the versions of dr-bucket (pair default), dry run",
                "  unchanged          1",
                "  overwritten since  2  (first change 2026-12-06T10:03:12Z)",
                "                     b",
                "                     c",
                "  deleted since      1",
                "                     d",
                "  created since      1  (first change 2026-12-06T10:04:02Z)  left alone (--prune deletes them)",
                "                     note",
                "  to restore 3, to prune 0", ""));
    }

    @Test
    void theJsonHasTheCountsSamplesFirstChangesAndOutcomes() {
        AsOfReport report = found(true);
        report.done(Outcome.RESTORED);
        report.done(Outcome.RESTORED);
        report.done(Outcome.KEPT);
        report.done(Outcome.PRUNED);

        JsonNode json = report.json("default", "dr-bucket", "prod-bucket", false);
        assertThat(json.get("asOf").asText()).isEqualTo("2026-12-06T10:00:00Z");
        assertThat(json.get("unchanged").asLong()).isEqualTo(1);
        assertThat(json.get("toRestore").asLong()).isEqualTo(3);
        assertThat(json.get("toPrune").asLong()).isEqualTo(1);
        assertThat(json.at("/changedSince/overwritten").asLong()).isEqualTo(2);
        assertThat(json.at("/changedSince/createdSince").asLong()).isEqualTo(1);
        assertThat(json.at("/firstChange/overwritten").asText()).isEqualTo("2026-12-06T10:03:12Z");
        assertThat(json.at("/firstChange/deleted").isNull()).isTrue();
        assertThat(json.at("/sample/overwritten").toString()).isEqualTo("[\"b\",\"c\"]");
        assertThat(json.get("restored").asLong()).isEqualTo(2);
        assertThat(json.get("pruned").asLong()).isEqualTo(1);
        assertThat(json.get("newerInProductionKept").asLong()).isEqualTo(1);
        assertThat(json.get("failed").asLong()).isZero();
    }
}
