package io.github.s3drreplicator.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RecordGuardTest {

    private final RecordGuard guard = new RecordGuard();

    private static ObjectEvent put(String bucket, String key) {
        return new ObjectEvent("ObjectCreated:Put", bucket, key, 1L, "e", null, "01", null);
    }

    @Test
    void recordWithAnOrdinaryKeyPasses() {
        ObjectEvent event = put("prod-bucket", "../x");

        assertThat(guard.check(event)).isSameAs(event);
    }

    @Test
    void keyOfExactly1024BytesPassesAndLongerIsRejected() {
        assertThat(guard.check(put("prod-bucket", "€".repeat(341) + "a"))).isNotNull(); // 1023 + 1 bytes
        assertThatThrownBy(() -> guard.check(put("prod-bucket", "€".repeat(342)))) // 1026 bytes
                .isInstanceOf(RejectedRecordException.class).hasMessageContaining("1026 bytes");
    }

    @Test
    void keyWithAControlCharacterIsRejected() {
        assertThatThrownBy(() -> guard.check(put("prod-bucket", "bell\u0007.txt")))
                .isInstanceOf(RejectedRecordException.class).hasMessageContaining("U+0007");
    }
}
