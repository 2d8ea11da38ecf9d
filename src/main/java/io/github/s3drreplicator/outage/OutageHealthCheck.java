package io.github.s3drreplicator.outage;

import java.util.List;
import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness: down while a pair is paused because a bucket's region does not answer, naming the pair, the bucket, its
 * region and the last error. Never liveness: a restart would not bring a region back.
 */
public class OutageHealthCheck extends AbstractHealthCheck {

    private final BucketAvailability availability;

    public OutageHealthCheck(BucketAvailability availability) {
        super("replicator", "bucket-availability");
        this.availability = availability;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        List<String> outages = availability.outages();
        if (outages.isEmpty()) {
            builder.up();
            return;
        }
        builder.detail("outages", outages);
        builder.down().message(String.join("; ", outages) + " (paused; resumes by itself when the region answers)");
    }
}
