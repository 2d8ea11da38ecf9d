package io.github.s3drreplicator.outage;

import java.util.List;
import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness: down while a pair's bucket is not available at the last probe, naming the pair, the bucket, its region,
 * what it answered (its region does not answer, 403, 404) and the last error. Never liveness: a restart would not
 * bring a region back, grant access or create a bucket.
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
        List<String> troubles = availability.troubles();
        if (troubles.isEmpty()) {
            builder.up();
            return;
        }
        builder.detail("buckets", troubles);
        builder.down().message(String.join("; ", troubles) + (availability.answering() ? ""
                : " (records wait in the queue; the service resumes by itself when the region answers)"));
    }
}
