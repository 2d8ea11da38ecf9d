package io.github.s3drreplicator.breaker;

import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness: down while the delete breaker holds deletes, with the reason, so that dashboards and alerts on the
 * health endpoint see it. Never part of liveness: a restart would not help, an operator does.
 */
public class DeleteBreakerHealthCheck extends AbstractHealthCheck {

    private final DeleteBreaker breaker;

    public DeleteBreakerHealthCheck(DeleteBreaker breaker) {
        super("replicator", "delete-breaker");
        this.breaker = breaker;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail("open", breaker.isOpen());
        builder.detail("held", breaker.getHeldDeletes());
        if (breaker.isOpen()) {
            builder.down().message("delete breaker open since " + breaker.getOpenedAt() + ": " + breaker.getReason()
                    + "; resume or discard the held deletes (JMX " + DeleteBreaker.OBJECT_NAME + ")");
        } else {
            builder.up();
        }
    }
}
