package io.github.s3drreplicator.audit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What an audit's counts say of DR itself. */
class DriftReportTest {

    @Test
    void drHoldsWhatMatchesTheSourceAndWhatIsOnlyInDr() {
        DriftReport report = new DriftReport();
        report.add(new Drift(Drift.Kind.MISSING, "missing", null, null));
        report.add(new Drift(Drift.Kind.CHANGED, "changed", null, null));
        report.add(new Drift(Drift.Kind.EXTRA, "extra", null, null));
        report.add(new Drift(Drift.Kind.RETAINED, "retained", null, null));
        report.compared(10); // source objects: 9 in DR too (one changed), 1 missing

        assertThat(report.targetObjects()).isEqualTo(9 + 1 + 1);
    }
}
