package io.github.s3drreplicator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import io.github.s3drreplicator.outage.BucketState;
import io.github.s3drreplicator.sandbox.Outage;
import io.github.s3drreplicator.sandbox.OutageMode;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * An idle service (no message on the queue, none sent) probes every pair's buckets every probe interval (1 s here),
 * so its gauges tell a DR region that does not answer, a DR bucket that refuses access and one that is gone, each by
 * its own state, without waiting for a record to fail.
 */
class BucketProbesIT {

    private static final Map<String, String> EVERY_SECOND = Map.of("replicator.outage.probe-interval-seconds", "1");
    /** A probe interval or two, and the probe's own time: generous on a busy machine. */
    private static final Duration SOON = Duration.ofSeconds(15);

    @Test
    void anIdleServiceTellsADrRegionOutageAndItsEndWithNoMessageSent() throws Exception {
        try (SandboxEnvironment environment = SandboxEnvironment.start(true);
             RunningReplicator replicator = RunningReplicator.start(environment, EVERY_SECOND)) {
            MeterRegistry meters = meters(replicator);
            await().atMost(SOON).until(() -> state(meters, "target", BucketState.AVAILABLE) == 1);

            environment.outage(Outage.s3("us-east-2", OutageMode.UNAVAILABLE));

            await().atMost(SOON).until(() -> state(meters, "target", BucketState.UNAVAILABLE) == 1);
            assertThat(available(meters, "replicator.target.available")).isZero();
            assertThat(available(meters, "replicator.source.available")).isEqualTo(1);
            assertThat(state(meters, "target", BucketState.AVAILABLE)).isZero();
            assertThat(replicator.get("/observe/health/ready?exposureLevel=full"))
                    .contains("dr-bucket in us-east-2 unavailable");
            assertThat(Queues.depth(environment, AwsTestEnvironment.QUEUE)).as("no message was sent").isZero();

            environment.recover(Outage.S3, "us-east-2");

            await().atMost(SOON).until(() -> available(meters, "replicator.target.available") == 1);
            assertThat(state(meters, "target", BucketState.UNAVAILABLE)).isZero();
        }
    }

    @Test
    void aDrBucketThatRefusesAccessOrIsGoneShowsItsOwnState() throws Exception {
        try (SandboxEnvironment environment = SandboxEnvironment.start(true);
             RunningReplicator replicator = RunningReplicator.start(environment, EVERY_SECOND)) {
            MeterRegistry meters = meters(replicator);
            await().atMost(SOON).until(() -> state(meters, "target", BucketState.AVAILABLE) == 1);

            // S3 in the DR region answers 403 AccessDenied, as it does to a role a policy denies
            environment.outage(Outage.s3("us-east-2", OutageMode.ACCESS_DENIED));

            await().atMost(SOON).until(() -> state(meters, "target", BucketState.ACCESS_DENIED) == 1);
            assertThat(available(meters, "replicator.target.available")).as("a 403 is no availability").isZero();
            assertThat(state(meters, "target", BucketState.UNAVAILABLE)).as("nor an outage").isZero();
            assertThat(available(meters, "replicator.source.available")).isEqualTo(1);
            assertThat(replicator.get("/observe/health/ready?exposureLevel=full"))
                    .contains("dr-bucket in us-east-2 refusing access (403)");

            environment.recover(Outage.S3, "us-east-2");
            await().atMost(SOON).until(() -> state(meters, "target", BucketState.AVAILABLE) == 1);

            S3Client s3 = environment.s3Client();
            s3.deleteBucket(r -> r.bucket(AwsTestEnvironment.TARGET_BUCKET));

            await().atMost(SOON).until(() -> state(meters, "target", BucketState.NO_SUCH_BUCKET) == 1);
            assertThat(available(meters, "replicator.target.available")).isZero();
            assertThat(state(meters, "target", BucketState.ACCESS_DENIED)).isZero();
            assertThat(state(meters, "source", BucketState.AVAILABLE)).isEqualTo(1);
            assertThat(replicator.get("/observe/health/ready?exposureLevel=full"))
                    .contains("dr-bucket in us-east-2 missing (404 NoSuchBucket)");
        }
    }

    private static MeterRegistry meters(RunningReplicator replicator) {
        return replicator.context().getRegistry().findSingleByType(MeterRegistry.class);
    }

    private static double state(MeterRegistry meters, String side, BucketState state) {
        Gauge found = meters.find("replicator.bucket.state").tags("pair", "default", "side", side, "state",
                state.label()).gauge();
        return found == null ? -1 : found.value();
    }

    private static double available(MeterRegistry meters, String gauge) {
        Gauge found = meters.find(gauge).tag("pair", "default").gauge();
        return found == null ? -1 : found.value();
    }
}
