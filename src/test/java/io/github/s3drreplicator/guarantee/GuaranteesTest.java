package io.github.s3drreplicator.guarantee;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;

import io.github.s3drreplicator.config.InvalidSettingException;
import org.junit.jupiter.api.Test;

class GuaranteesTest {

    private static final Finding CONDITIONS_MISSING = Finding.missing(Guarantee.CONDITIONAL_WRITES,
            "the store of bucket state carried out what it should have refused: CopyObject with If-None-Match: *"
                    + " onto an object");
    private static final Finding VERSIONING_HELD = Finding.held(Guarantee.VERSIONING, "every bucket is versioned");
    private static final Finding VERSIONING_MISSING = Finding.missing(Guarantee.VERSIONING,
            "both directions run, but dr-bucket (Suspended) keep no versions");

    @Test
    void aMissingGuaranteeStopsTheServiceNamingWhatIsMissingAndTheSettingThatAcceptsTheRisk() {
        Guarantees guarantees = new Guarantees(List.of(CONDITIONS_MISSING, VERSIONING_HELD), Set.of());

        assertThatThrownBy(guarantees::requireHeld)
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("CopyObject with If-None-Match: * onto an object")
                .hasMessageContaining("replicator.accept-risks=unenforced-conditions")
                .hasMessageNotContaining("unversioned-buckets");
    }

    @Test
    void everyMissingGuaranteeIsNamedAtOnce() {
        Guarantees guarantees = new Guarantees(List.of(CONDITIONS_MISSING, VERSIONING_MISSING), Set.of());

        assertThat(guarantees.fatal()).containsExactly(CONDITIONS_MISSING, VERSIONING_MISSING);
        assertThatThrownBy(guarantees::requireHeld)
                .hasMessageContaining("replicator.accept-risks=unenforced-conditions")
                .hasMessageContaining("replicator.accept-risks=unversioned-buckets");
    }

    @Test
    void anAcceptedRiskLetsTheServiceRunAndSaysSo() {
        Guarantees guarantees = new Guarantees(List.of(CONDITIONS_MISSING, VERSIONING_MISSING),
                Set.of(Guarantee.CONDITIONAL_WRITES));

        assertThat(guarantees.fatal()).containsExactly(VERSIONING_MISSING);
        assertThat(guarantees.describe(CONDITIONS_MISSING))
                .startsWith("missing, risk accepted (replicator.accept-risks=unenforced-conditions)");
        assertThat(guarantees.describe(VERSIONING_MISSING)).startsWith("missing: ");
    }

    @Test
    void aStoreThatDidNotAnswerIsNoReasonToStop() {
        Guarantees guarantees = new Guarantees(List.of(Finding.notChecked(Guarantee.CONDITIONAL_WRITES,
                "the state bucket did not answer (503)"), VERSIONING_HELD), Set.of());

        guarantees.requireHeld();
        assertThat(guarantees.describe(guarantees.findings().get(0))).startsWith("not checked: ");
        assertThat(guarantees.describe(VERSIONING_HELD)).isEqualTo("held: every bucket is versioned");
    }
}
