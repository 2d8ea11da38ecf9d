package io.github.s3drreplicator.guarantee;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The start-up check's findings, judged against the risks the operator accepted ({@code replicator.accept-risks}):
 * what stops the service, and what health shows. A plain object, no S3.
 */
public record Guarantees(List<Finding> findings, Set<Guarantee> accepted) {

    public static final String ACCEPT_RISKS = "replicator.accept-risks";

    public Guarantees {
        findings = List.copyOf(findings);
        accepted = Set.copyOf(accepted);
    }

    /** The findings that stop the service: missing, and not accepted. */
    public List<Finding> fatal() {
        return findings.stream().filter(f -> f.state() == Finding.State.MISSING && !accepted.contains(f.guarantee()))
                .toList();
    }

    /** Whether a missing guarantee runs on because its risk was accepted. */
    public boolean accepted(Finding finding) {
        return finding.state() == Finding.State.MISSING && accepted.contains(finding.guarantee());
    }

    /** @throws GuaranteeMissingException naming every missing guarantee and the setting that accepts each */
    public void requireHeld() {
        List<Finding> fatal = fatal();
        if (fatal.isEmpty()) {
            return;
        }
        throw new GuaranteeMissingException(fatal.stream()
                .map(f -> f.detail() + ": " + f.guarantee().why() + ". To run anyway, accept the risk with "
                        + ACCEPT_RISKS + "=" + f.guarantee().risk())
                .collect(Collectors.joining("; ")));
    }

    /** One line per guarantee, for health and the start-up log. */
    public String describe(Finding finding) {
        return switch (finding.state()) {
            case HELD -> "held: " + finding.detail();
            case NOT_CHECKED -> "not checked: " + finding.detail();
            case MISSING -> (accepted(finding) ? "missing, risk accepted (" + ACCEPT_RISKS + "=" + finding.guarantee()
                    .risk() + "): " : "missing: ") + finding.detail();
        };
    }
}
