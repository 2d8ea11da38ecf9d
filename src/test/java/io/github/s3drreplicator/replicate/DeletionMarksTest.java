package io.github.s3drreplicator.replicate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import io.github.s3drreplicator.pair.BucketPair;
import io.github.s3drreplicator.pair.DeleteMode;
import org.junit.jupiter.api.Test;

class DeletionMarksTest {

    private static final Instant DELETED = Instant.parse("2026-11-25T10:15:30.999Z");

    private static BucketPair pair(DeleteMode mode, int days) {
        return new BucketPair("default", "prod-bucket", "us-east-1", "", "", "dr-bucket", "us-east-2", null, null, mode,
                days);
    }

    @Test
    void retainAddsTheTimeOfDeletionToTheObjectsOwnTags() {
        Map<String, String> marked = DeletionMarks.marked(pair(DeleteMode.RETAIN, 30), Map.of("team", "blue"), DELETED);

        assertThat(marked).containsExactly(Map.entry("replicator-deleted-at", "2026-11-25T10:15:30Z"),
                Map.entry("team", "blue"));
        assertThat(DeletionMarks.isMarked(marked)).isTrue();
        assertThat(DeletionMarks.isMarkedFor(pair(DeleteMode.RETAIN, 30), marked)).isTrue();
        assertThat(DeletionMarks.isMarkedFor(pair(DeleteMode.DELAYED, 30), marked)).isFalse();
    }

    @Test
    void delayedAddsTheDelayTheLifecycleRuleFiltersOn() {
        Map<String, String> marked = DeletionMarks.marked(pair(DeleteMode.DELAYED, 7), Map.of(), DELETED);

        assertThat(marked).containsEntry("replicator-delete-after-days", "7");
        assertThat(DeletionMarks.isMarkedFor(pair(DeleteMode.DELAYED, 7), marked)).isTrue();
        assertThat(DeletionMarks.isMarkedFor(pair(DeleteMode.DELAYED, 30), marked)).isFalse();
    }

    @Test
    void anObjectWithTenTagsGivesUpTheLastInNameOrderAndTheFirstTimeIsKept() {
        Map<String, String> tags = new HashMap<>();
        for (int i = 0; i < 10; i++) {
            tags.put("tag-" + i, "v");
        }
        tags.put("replicator-deleted-at", "2026-01-01T00:00:00Z");

        Map<String, String> marked = DeletionMarks.marked(pair(DeleteMode.DELAYED, 30), tags, DELETED);

        assertThat(marked).hasSize(10)
                .containsEntry("replicator-deleted-at", "2026-01-01T00:00:00Z")
                .containsKeys("tag-0", "tag-7")
                .doesNotContainKeys("tag-8", "tag-9");
        assertThat(DeletionMarks.unmarked(marked)).hasSize(8).doesNotContainKey("replicator-deleted-at");
    }

    @Test
    void aDiscardMarksTheObjectKeptWithTheStormAndNoDelayWhateverTheMode() {
        Map<String, String> kept = DeletionMarks.keptByDiscard(Map.of("team", "blue"), DELETED,
                "2026-11-25T10:00:00Z-1a2b3c4d");

        assertThat(kept).containsExactly(Map.entry("replicator-deleted-at", "2026-11-25T10:15:30Z"),
                Map.entry("replicator-kept-by-discard", "2026-11-25T10:00:00Z-1a2b3c4d"), Map.entry("team", "blue"));
        assertThat(DeletionMarks.isKeptByDiscard(kept)).isTrue();
        assertThat(DeletionMarks.isMarked(kept)).isTrue();
        assertThat(DeletionMarks.isKeptByDiscard(DeletionMarks.marked(pair(DeleteMode.RETAIN, 30), Map.of(),
                DELETED))).isFalse();
        assertThat(DeletionMarks.unmarked(kept)).as("what a restore brings back").containsExactly(
                Map.entry("team", "blue"));
    }
}
