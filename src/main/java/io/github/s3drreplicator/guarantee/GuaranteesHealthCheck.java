package io.github.s3drreplicator.guarantee;

import java.util.Map;

import io.github.s3drreplicator.observe.InformationalHealthCheck;
import org.apache.camel.health.HealthCheckResultBuilder;

/**
 * Shows in {@code /observe/health} what the start-up check found of each guarantee (one detail each, named by its
 * risk): held, missing with its risk accepted, or not checked. Always up, and neither readiness nor liveness: a
 * missing guarantee whose risk was not accepted stops the service before it is ready, and one accepted is the
 * operator's decision, not a reason to take replicas out.
 */
public class GuaranteesHealthCheck extends InformationalHealthCheck {

    private final GuaranteeCheck check;

    public GuaranteesHealthCheck(GuaranteeCheck check) {
        super("guarantees");
        this.check = check;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        Guarantees result = check.result();
        if (result == null) {
            builder.unknown().message("not checked yet: the check runs when the queue consumer starts");
            return;
        }
        for (Finding finding : result.findings()) {
            builder.detail(finding.guarantee().risk(), result.describe(finding));
        }
        String accepted = String.join("; ", result.findings().stream().filter(result::accepted)
                .map(result::describe).toList());
        // up: a guarantee missing without its risk accepted stops the service; an accepted one was a decision
        builder.up();
        if (!accepted.isEmpty()) {
            builder.message("running without a guarantee, its risk accepted: " + accepted);
        }
    }
}
