package io.github.s3drreplicator.replicate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

class ObjectStateTest {

    private static ObjectState state(String eTag, long size, Map<String, String> metadata) {
        return new ObjectState(true, eTag, size, null, metadata, ObjectState.Headers.NONE, null, null, null);
    }

    @Test
    void aCopyWithTheSameETagAndSizeHoldsTheVersion() {
        assertThat(state("abc", 3, Map.of()).holdsCopyOf(state("abc", 3, Map.of()))).isTrue();
        assertThat(state("abc", 4, Map.of()).holdsCopyOf(state("abc", 3, Map.of()))).isFalse();
        assertThat(state("xyz", 3, Map.of()).holdsCopyOf(state("abc", 3, Map.of()))).isFalse();
    }

    @Test
    void aCopyWhoseOwnETagDiffersIsRecognisedByTheSourceETagItRecords() {
        ObjectState multipartCopy = state("other-2", 3, Map.of(ObjectState.SOURCE_ETAG_METADATA, "abc"));

        assertThat(multipartCopy.holdsCopyOf(state("abc", 3, Map.of()))).isTrue();
    }

    @Test
    void nothingHoldsACopyOfAnAbsentObject() {
        assertThat(ObjectState.ABSENT.holdsCopyOf(state("abc", 3, Map.of()))).isFalse();
        assertThat(state("abc", 3, Map.of()).holdsCopyOf(ObjectState.ABSENT)).isFalse();
        assertThat(ObjectState.ABSENT.sameVersionAs(ObjectState.ABSENT)).isTrue();
    }

    @Test
    void aCopyHoldsItsOriginalBothWaysSoThatTwoDirectionsNeverCopyBack() {
        ObjectState original = state("abc", 3, Map.of());
        ObjectState multipartCopy = state("other-2", 3, Map.of(ObjectState.SOURCE_ETAG_METADATA, "abc"));
        ObjectState copyOfTheCopy = state("third-3", 3, Map.of(ObjectState.SOURCE_ETAG_METADATA, "abc"));

        assertThat(original.holdsCopyOf(multipartCopy)).isTrue();
        assertThat(copyOfTheCopy.holdsCopyOf(multipartCopy)).isTrue();
        assertThat(state("xyz", 3, Map.of()).holdsCopyOf(multipartCopy)).isFalse();
    }
}
