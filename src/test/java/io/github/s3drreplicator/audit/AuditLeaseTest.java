package io.github.s3drreplicator.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class AuditLeaseTest {

    private static final Instant NOW = Instant.parse("2026-12-08T12:00:00Z");

    @Test
    void aLeaseReadsBackAsItWasWritten() {
        AuditLease lease = new AuditLease("replicator-7d9f:1:a3f2", NOW, NOW.plusSeconds(120), false,
                new AuditLease.LastRun("replicator-5c4b:1:0b1e", NOW.minusSeconds(3600), NOW.minusSeconds(3500), true,
                        Map.of("default", Map.of("missing", 3L, "extra", 0L), "logs", Map.of("changed", 1L))));

        assertThat(AuditLease.parse(lease.json(), "s3://state/audit-lease.json")).isEqualTo(lease);
        AuditLease first = new AuditLease("a", NOW, NOW.plusSeconds(1), true, null);
        assertThat(AuditLease.parse(first.json(), "here")).isEqualTo(first);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "null", "[]", "{}", "{\"holder\":\"a\"}",
            "{\"holder\":\"a\",\"released\":false,\"takenAt\":\"yesterday\",\"expiresAt\":\"2026-12-08T12:00:00Z\"}",
            "{\"holder\":\"a\",\"released\":false,\"takenAt\":\"2026-12-08T12:00:00Z\"}", "not json"})
    void anythingElseIsUnreadableNeverAFreeLease(String body) {
        assertThatThrownBy(() -> AuditLease.parse(body, "s3://state/audit-lease.json"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("s3://state/audit-lease.json");
    }
}
