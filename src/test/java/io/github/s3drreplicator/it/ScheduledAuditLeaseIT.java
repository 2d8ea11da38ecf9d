package io.github.s3drreplicator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.github.s3drreplicator.audit.AuditLease;
import io.github.s3drreplicator.audit.AuditLeaseStore;
import io.github.s3drreplicator.audit.ScheduledAudit;
import io.github.s3drreplicator.sandbox.Hold;
import io.github.s3drreplicator.sandbox.HoldMode;
import io.github.s3drreplicator.sandbox.HoldRule;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Two replicas with the audit scheduled every 2 s: one audits per period, holding the audit lease in the state bucket
 * and renewing it while its audit runs; the other skips and shows the same drift. The audit is held at its look at
 * one key (a sandbox hold), so that "while it runs" lasts as long as the test wants. When the holder stops between
 * runs, the other audits; when it is killed mid-run, the other takes over once its lease lapsed.
 */
class ScheduledAuditLeaseIT {

    private static final String PROD = AwsTestEnvironment.SOURCE_BUCKET;
    private static final String DR = AwsTestEnvironment.TARGET_BUCKET;
    private static final String HELD_KEY = "lease/held.txt";
    private static final Duration WAIT = Duration.ofSeconds(90);

    private static Map<String, String> scheduled(String leaseDuration) {
        return Map.of("replicator.audit.schedule", "2s", "replicator.audit.first-delay", "1s",
                "replicator.audit.lease-duration", leaseDuration);
    }

    @Test
    void twoReplicasAuditOncePerPeriodTheOtherSkipsAndShowsTheSameDrift() throws Exception {
        try (SandboxEnvironment environment = SandboxEnvironment.start(false)) {
            S3Client s3 = environment.s3Client();
            driftOfThreeMissing(s3);
            // every look at that key waits, whoever sends it, until released
            Hold look = environment.hold(new HoldRule("HeadObject", DR, HELD_KEY, null, HoldRule.EVERY,
                    HoldMode.HOLD, null));
            // renewed every third of 6 s: a renewal may come seconds late on a loaded machine and still hold
            try (RunningReplicator a = RunningReplicator.start(environment, scheduled("6s"));
                 RunningReplicator b = RunningReplicator.start(environment, scheduled("6s"))) {
                look.awaitArrived(WAIT);
                AuditLease taken = lease(s3);
                RunningReplicator holder = replica(a).equals(taken.holder()) ? a : b;
                RunningReplicator other = holder == a ? b : a;
                assertThat(replica(holder)).isEqualTo(taken.holder());

                // the other's schedule fires seven times, over two lease durations: the holder renews its lease
                await().atMost(WAIT).until(() -> runs(other, ScheduledAudit.SKIPPED_LEASE_HELD) >= 7);
                assertThat(runs(holder, ScheduledAudit.COMPLETED) + runs(other, ScheduledAudit.COMPLETED)).isZero();
                AuditLease renewed = lease(s3);
                assertThat(renewed.holder()).isEqualTo(taken.holder());
                assertThat(renewed.expiresAt()).isAfter(taken.expiresAt());
                assertThat(renewed.released()).isFalse();

                look.release();
                await().atMost(WAIT).until(() -> runs(holder, ScheduledAudit.COMPLETED) >= 1);
                assertThat(drift(holder, "missing")).isEqualTo(3);
                // a firing within the same period skips what was audited in it, and shows what was found. Which
                // replica fires within it depends on the phases of the two schedules: the other, or the holder after
                // the other took the next period's audit
                await().atMost(WAIT).until(() -> runs(a, ScheduledAudit.SKIPPED_AUDITED_ELSEWHERE)
                        + runs(b, ScheduledAudit.SKIPPED_AUDITED_ELSEWHERE) >= 1);
                RunningReplicator skipper = runs(a, ScheduledAudit.SKIPPED_AUDITED_ELSEWHERE) >= 1 ? a : b;
                assertThat(drift(skipper, "missing")).isEqualTo(3);

                // from now on, one audit per period for both: never one per replica
                double completedBefore = completed(a, b);
                double firedA = fired(a);
                double firedB = fired(b);
                await().atMost(WAIT).until(() -> fired(a) - firedA >= 5 && fired(b) - firedB >= 5);
                double audits = completed(a, b) - completedBefore;
                double firings = Math.max(fired(a) - firedA, fired(b) - firedB);
                assertThat(audits).as("audits while each replica's schedule fired %s times or more", firings)
                        .isBetween(1.0, firings + 1);
                assertThat(runs(a, ScheduledAudit.FAILED) + runs(b, ScheduledAudit.FAILED)).isZero();

                // the replica that audited last stops (between runs, or at the end of one): the other audits
                RunningReplicator last = replica(a).equals(lease(s3).lastRun().holder()) ? a : b;
                RunningReplicator left = last == a ? b : a;
                double leftCompleted = runs(left, ScheduledAudit.COMPLETED);
                last.close();
                await().atMost(WAIT).until(() -> runs(left, ScheduledAudit.COMPLETED) >= leftCompleted + 2);
                assertThat(lease(s3).lastRun().holder()).isEqualTo(replica(left));
            }
        }
    }

    @Test
    void whenTheHolderIsKilledMidRunTheOtherTakesOverOnceItsLeaseLapsed() throws Exception {
        try (SandboxEnvironment environment = SandboxEnvironment.start(false)) {
            S3Client s3 = environment.s3Client();
            driftOfThreeMissing(s3);
            Hold look = environment.hold(new HoldRule("HeadObject", DR, HELD_KEY, null, HoldRule.EVERY,
                    HoldMode.HOLD, null));
            try (ReplicatorProcess victim = ReplicatorProcess.start("lease-victim", environment, scheduled("4s"))) {
                look.awaitArrived(WAIT);
                String victimId = lease(s3).holder();
                try (RunningReplicator survivor = RunningReplicator.start(environment, scheduled("4s"))) {
                    await().atMost(WAIT).until(() -> runs(survivor, ScheduledAudit.SKIPPED_LEASE_HELD) >= 1);

                    victim.kill();
                    AuditLease abandoned = lease(s3);
                    assertThat(abandoned.holder()).isEqualTo(victimId).isNotEqualTo(replica(survivor));
                    assertThat(abandoned.released()).as("killed mid-run, holding the lease").isFalse();
                    assertThat(abandoned.lastRun()).as("no audit ended yet").isNull();
                    look.release();

                    await().atMost(WAIT).until(() -> runs(survivor, ScheduledAudit.COMPLETED) >= 1);
                    AuditLease.LastRun run = lease(s3).lastRun();
                    assertThat(run.holder()).isEqualTo(replica(survivor));
                    assertThat(run.startedAt()).as("taken over once the dead holder's lease lapsed")
                            .isAfterOrEqualTo(abandoned.expiresAt());
                    assertThat(drift(survivor, "missing")).isEqualTo(3);
                }
            }
        }
    }

    /** Three objects missing in DR, and one in both, at whose look the audit can be held. */
    private static void driftOfThreeMissing(S3Client s3) {
        for (String key : List.of("lease/missing-1", "lease/missing-2", "lease/missing-3", HELD_KEY)) {
            s3.putObject(r -> r.bucket(PROD).key(key), RequestBody.fromString("content of " + key));
        }
        s3.copyObject(r -> r.sourceBucket(PROD).sourceKey(HELD_KEY).destinationBucket(DR).destinationKey(HELD_KEY));
    }

    private static AuditLease lease(S3Client s3) {
        return AuditLease.parse(s3.getObjectAsBytes(r -> r.bucket(AwsTestEnvironment.STATE_BUCKET)
                .key(AuditLeaseStore.KEY)).asString(StandardCharsets.UTF_8), AuditLeaseStore.KEY);
    }

    private static String replica(RunningReplicator replicator) {
        return replicator.context().getRegistry().lookupByNameAndType("scheduledAudit", ScheduledAudit.class)
                .replica();
    }

    private static double runs(RunningReplicator replicator, String outcome) {
        Counter counter = meters(replicator).find("replicator.audit.runs").tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    private static double fired(RunningReplicator replicator) {
        return ScheduledAudit.OUTCOMES.stream().mapToDouble(outcome -> runs(replicator, outcome)).sum();
    }

    private static double completed(RunningReplicator a, RunningReplicator b) {
        return runs(a, ScheduledAudit.COMPLETED) + runs(b, ScheduledAudit.COMPLETED);
    }

    private static double drift(RunningReplicator replicator, String kind) {
        Gauge gauge = meters(replicator).find("replicator.drift.objects").tags("pair", "default", "kind", kind)
                .gauge();
        return gauge == null ? -1 : gauge.value();
    }

    private static MeterRegistry meters(RunningReplicator replicator) {
        return replicator.context().getRegistry().findSingleByType(MeterRegistry.class);
    }
}
