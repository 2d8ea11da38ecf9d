package io.github.s3drreplicator.observe;

import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * A check shown in {@code /observe/health} for people and dashboards, counted in neither readiness nor liveness: what
 * it reports is the same on every replica and no restart changes it, so taking replicas out would only block node
 * drains and rollouts.
 */
public abstract class InformationalHealthCheck extends AbstractHealthCheck {

    protected InformationalHealthCheck(String id) {
        super("replicator", id);
    }

    @Override
    public final boolean isLiveness() {
        return false;
    }

    @Override
    public final boolean isReadiness() {
        return false;
    }
}
