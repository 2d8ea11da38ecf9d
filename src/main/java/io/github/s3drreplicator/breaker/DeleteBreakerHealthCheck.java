package io.github.s3drreplicator.breaker;

import java.util.Map;

import io.github.s3drreplicator.observe.InformationalHealthCheck;
import org.apache.camel.health.HealthCheckResultBuilder;

/**
 * Shows an open delete breaker in {@code /observe/health}, with the pair, the reason and since when, for people and
 * dashboards. Neither readiness nor liveness: every replica holds deletes while it is open, and taking them all out of
 * service would only block node drains and rollouts, as a restart would not close it (an operator does).
 */
public class DeleteBreakerHealthCheck extends InformationalHealthCheck {

    private final DeleteBreaker breaker;

    public DeleteBreakerHealthCheck(DeleteBreaker breaker) {
        super("delete-breaker");
        this.breaker = breaker;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        Map<String, BreakerState> open = breaker.openPairs();
        builder.detail("open", !open.isEmpty());
        if (open.isEmpty()) {
            builder.up();
            return;
        }
        StringBuilder message = new StringBuilder();
        open.forEach((pair, state) -> message.append(message.isEmpty() ? "" : "; ").append("delete breaker open for")
                .append(" pair ").append(pair).append(" since ").append(state.openedAt()).append(": ")
                .append(state.reason()).append(" (storm ").append(state.storm()).append(")"));
        builder.down().message(message + "; deletes are held: java -jar s3-dr-replicator.jar breaker status|resume"
                + "|discard");
    }
}
