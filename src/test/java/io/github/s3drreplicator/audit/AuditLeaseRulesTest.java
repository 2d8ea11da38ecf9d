package io.github.s3drreplicator.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.github.s3drreplicator.audit.AuditLeaseRules.Decision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AuditLeaseRulesTest {

    private static final Instant NOW = Instant.parse("2026-12-08T12:00:00Z");
    /** Leases of 2 minutes, a schedule of 10 minutes: a run is due 9 minutes after the last one started. */
    private final AuditLeaseRules rules = new AuditLeaseRules("me", Duration.ofMinutes(2), Duration.ofMinutes(10));

    /**
     * The lease as read, then what this replica does when its schedule fires.
     *
     * @param holder    who holds it ({@code -}: no lease stored)
     * @param expiresIn seconds from now until it lapses (negative: lapsed)
     * @param released  whether its holder gave it back
     * @param lastRunAgo seconds since the last audit started ({@code -}: none yet)
     */
    @ParameterizedTest(name = "{0}, expires in {1} s, released {2}, last run {3} s ago -> {4}")
    @CsvSource({
            // nothing stored: the first audit of the cluster
            "-,     0,    false, -,    TAKE",
            // another replica audits now
            "other, 60,   false, -,    SKIP_HELD",
            "other, 60,   false, 5400, SKIP_HELD",
            "other, 1,    false, 30,   SKIP_HELD",
            // it gave the lease back: its audit is this period's unless the last one is 9 minutes old
            "other, 0,    true,  30,   SKIP_AUDITED_ELSEWHERE",
            "other, 0,    true,  539,  SKIP_AUDITED_ELSEWHERE",
            "other, 0,    true,  540,  TAKE_OVER",
            "other, 0,    true,  5400, TAKE_OVER",
            "other, 0,    true,  -,    TAKE_OVER",
            // it died holding the lease: taken over once lapsed, unless an audit ended within the period
            "other, 0,    false, 5400, TAKE_OVER",
            "other, -30,  false, 5400, TAKE_OVER",
            "other, -30,  false, -,    TAKE_OVER",
            "other, -30,  false, 60,   SKIP_AUDITED_ELSEWHERE",
            // given back by this replica itself, within the period
            "me,    0,    true,  60,   SKIP_AUDITED_ELSEWHERE",
            // a lease of this replica that it could not give back: taken again
            "me,    60,   false, 5400, TAKE_OVER",
            "me,    -30,  false, 5400, TAKE_OVER",
            // a clock ahead elsewhere: a run that started "in the future" is this period's
            "other, 0,    true,  -30,  SKIP_AUDITED_ELSEWHERE",
    })
    void whatAReplicaDoesWhenItsScheduleFires(String holder, long expiresIn, boolean released, String lastRunAgo,
                                              Decision expected) {
        AuditLease stored = holder.equals("-") ? null : new AuditLease(holder, NOW.minusSeconds(600),
                NOW.plusSeconds(expiresIn), released, lastRunAgo.equals("-") ? null
                : new AuditLease.LastRun("someone", NOW.minusSeconds(Long.parseLong(lastRunAgo)), NOW, true,
                        Map.of()));

        assertThat(rules.onSchedule(stored, NOW)).isEqualTo(expected);
    }

    @Test
    void aTakenLeaseIsThisReplicasForADurationAndKeepsTheLastRun() {
        AuditLease.LastRun before = new AuditLease.LastRun("other", NOW.minusSeconds(3600), NOW.minusSeconds(3000),
                true, Map.of("default", Map.of("missing", 3L)));
        AuditLease stored = new AuditLease("other", NOW.minusSeconds(3600), NOW.minusSeconds(3000), true, before);

        AuditLease taken = rules.taken(stored, NOW);

        assertThat(taken).isEqualTo(new AuditLease("me", NOW, NOW.plusSeconds(120), false, before));
        assertThat(rules.mine(taken)).isTrue();
        assertThat(taken.live(NOW.plusSeconds(119))).isTrue();
        assertThat(taken.live(NOW.plusSeconds(120))).isFalse();
        assertThat(rules.taken(null, NOW).lastRun()).isNull();
    }

    @Test
    void renewingPushesTheExpiryAWholeDurationFromNowAndHappensEveryThirdOfIt() {
        AuditLease taken = rules.taken(null, NOW);

        AuditLease renewed = rules.renewed(taken, NOW.plusSeconds(40));

        assertThat(renewed.expiresAt()).isEqualTo(NOW.plusSeconds(160));
        assertThat(renewed.takenAt()).isEqualTo(NOW);
        assertThat(renewed.holder()).isEqualTo("me");
        assertThat(rules.renewEvery()).isEqualTo(Duration.ofSeconds(40));
    }

    @Test
    void aLeaseGivenBackIsFreeAndRecordsTheRun() {
        AuditLease.LastRun run = new AuditLease.LastRun("me", NOW, NOW.plusSeconds(70), true,
                Map.of("default", Map.of("missing", 0L)));

        AuditLease released = rules.released(rules.taken(null, NOW), run, NOW.plusSeconds(70));

        assertThat(released.live(NOW.plusSeconds(70))).isFalse();
        assertThat(released.lastRun()).isEqualTo(run);
        assertThat(rules.mine(released)).as("given back: no more ours to renew").isFalse();
    }

    @Test
    void anotherReplicasLeaseIsNotOursToRenewOrGiveBack() {
        assertThat(rules.mine(new AuditLease("other", NOW, NOW.plusSeconds(60), false, null))).isFalse();
        assertThat(rules.mine(null)).isFalse();
    }

    @Test
    void anAuditRunByHandIsNeverSkippedForARecentOneButWaitsForALiveLease() {
        AuditLeaseRules byHand = new AuditLeaseRules("me", Duration.ofMinutes(2), Duration.ZERO);
        AuditLease.LastRun justNow = new AuditLease.LastRun("other", NOW.minusSeconds(1), NOW, true, Map.of());

        assertThat(byHand.onSchedule(new AuditLease("other", NOW, NOW, true, justNow), NOW))
                .isEqualTo(Decision.TAKE_OVER);
        assertThat(byHand.onSchedule(new AuditLease("other", NOW, NOW.plusSeconds(60), false, justNow), NOW))
                .isEqualTo(Decision.SKIP_HELD);
    }

    @Test
    void leasesLastAPositiveTimeAndSchedulesNoNegativeOne() {
        assertThatThrownBy(() -> new AuditLeaseRules("me", Duration.ZERO, Duration.ofMinutes(10)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AuditLeaseRules("me", Duration.ofMinutes(2), Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
