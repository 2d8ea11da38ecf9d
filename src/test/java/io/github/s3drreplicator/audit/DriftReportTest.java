package io.github.s3drreplicator.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** What an audit's report says: counts and samples of each kind, as text and JSON, and what it compared. */
class DriftReportTest {

    @Test
    void drHoldsWhatMatchesTheSourceAndWhatIsOnlyInDr() {
        DriftReport report = new DriftReport();
        report.add(new Drift(Drift.Kind.MISSING, "missing", null, null));
        report.add(new Drift(Drift.Kind.CHANGED, "changed", null, null));
        report.add(new Drift(Drift.Kind.METADATA, "metadata", null, null, List.of("Content-Type")));
        report.add(new Drift(Drift.Kind.TAGS, "tags", null, null));
        report.add(new Drift(Drift.Kind.EXTRA, "extra", null, null));
        report.add(new Drift(Drift.Kind.RETAINED, "retained", null, null));
        report.compared(10); // source objects: 9 in DR too (one changed, one other metadata, one other tags), 1 missing

        assertThat(report.targetObjects()).isEqualTo(9 + 1 + 1);
    }

    @Test
    void metadataAndTagDriftAreCountedAsDriftOfTheirOwnWithTheirKeysAndTheDifferingProperties() {
        DriftReport report = new DriftReport();
        report.add(new Drift(Drift.Kind.METADATA, "b.csv", null, null, List.of("metadata", "Content-Type")));
        report.add(new Drift(Drift.Kind.METADATA, "a.html", null, null, List.of("website-redirect")));
        report.add(new Drift(Drift.Kind.TAGS, "c.txt", null, null));
        report.add(new Drift(Drift.Kind.RETAINED, "kept", null, null));
        report.compared(3);

        assertThat(report.total()).isEqualTo(3);
        ObjectNode json = report.json("default", "prod-bucket", "dr-bucket");
        assertThat(json.at("/drift/metadata").asLong()).isEqualTo(2);
        assertThat(json.at("/drift/tags").asLong()).isEqualTo(1);
        assertThat(json.at("/drift/missing").asLong()).isZero();
        assertThat(json.get("drift").fieldNames()).toIterable()
                .containsExactly("missing", "changed", "metadata", "tags", "extra");
        assertThat(json.at("/retained").asLong()).isEqualTo(1);
        assertThat(json.at("/inSync").asBoolean()).isFalse();
        assertThat(json.at("/checked").toString()).isEqualTo("{\"content\":true,\"metadata\":true,\"tags\":true}");
        // samples in listing order, metadata ones with what differs
        assertThat(json.at("/sample/metadata").toString()).isEqualTo("[{\"key\":\"a.html\",\"properties\":"
                + "[\"website-redirect\"]},{\"key\":\"b.csv\",\"properties\":[\"metadata\",\"Content-Type\"]}]");
        assertThat(json.at("/sample/tags").toString()).isEqualTo("[\"c.txt\"]");

        String text = report.text("default", "prod-bucket", "dr-bucket");
        assertThat(text).contains(String.format("  metadata 2%n           a.html (website-redirect)%n"
                + "           b.csv (metadata, Content-Type)%n"));
        assertThat(text).contains(String.format("  tags     1%n           c.txt%n"));
        assertThat(text).endsWith(String.format("3 drifted.%n"));
    }

    @Test
    void aContentOnlyReportSaysMetadataAndTagsWereNotCompared() {
        DriftReport report = new DriftReport(Comparison.CONTENT);
        report.compared(5);

        ObjectNode json = report.json("default", "prod-bucket", "dr-bucket");
        assertThat(json.at("/checked").toString()).isEqualTo("{\"content\":true,\"metadata\":false,\"tags\":false}");
        assertThat(json.at("/drift/metadata").isNull()).isTrue();
        assertThat(json.at("/drift/tags").isNull()).isTrue();
        assertThat(json.at("/inSync").asBoolean()).isTrue();

        String text = report.text("default", "prod-bucket", "dr-bucket");
        assertThat(text).contains("metadata and tags not compared (--content-only)")
                .doesNotContainPattern("metadata +\\d").doesNotContainPattern("tags +\\d");
    }

    @Test
    void theSampleIsTheFirstKeysInListingOrderWhateverOrderTheLooksEndedIn() {
        DriftReport report = new DriftReport();
        for (int i = 19; i >= 0; i--) {
            report.add(new Drift(Drift.Kind.TAGS, String.format("k%02d", i), null, null));
        }

        assertThat(report.count(Drift.Kind.TAGS)).isEqualTo(20);
        assertThat(report.json("p", "s", "t").at("/sample/tags").toString())
                .isEqualTo("[\"k00\",\"k01\",\"k02\",\"k03\",\"k04\",\"k05\",\"k06\",\"k07\",\"k08\",\"k09\"]");
    }
}
