package io.github.s3drreplicator.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

/** Boundaries for the rest of a listing, guessed from a page of it. */
class KeyRangesTest {

    private static List<String> numbered(String prefix, int from, int count) {
        List<String> keys = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            keys.add(String.format("%sobject-%06d", prefix, i));
        }
        return keys;
    }

    @Test
    void numberedKeysSplitIntoRangesOfAboutAPage() {
        assertThat(KeyRanges.splits("", numbered("", 0, 1000), null)).containsExactly("object-001", "object-002",
                "object-003", "object-004", "object-005", "object-006", "object-007", "object-008", "object-009");
    }

    @Test
    void aRangeIsSplitWithinItsEndOnly() {
        // the range (object-009, object-01]: its page reaches object-009999; nothing of the alphabet fits before
        // its end but a coarser split would pass it
        assertThat(KeyRanges.splits("", numbered("", 9000, 1000), "object-01")).isEmpty();
        // the range (object-01, object-02] of a larger bucket: ten thousand keys, split in ten
        assertThat(KeyRanges.splits("", numbered("", 10_000, 1000), "object-02"))
                .containsExactly("object-011", "object-012", "object-013", "object-014", "object-015", "object-016",
                        "object-017", "object-018", "object-019");
        // the open range after the last split: split one position further up
        assertThat(KeyRanges.splits("", numbered("", 9000, 1000), null)).containsExactly("object-01",
                "object-02", "object-03", "object-04", "object-05", "object-06", "object-07", "object-08",
                "object-09");
    }

    @Test
    void hashedKeysSplitOverTheirAlphabetAtMostSixteenWays() {
        Random random = new Random(7);
        TreeSet<String> all = new TreeSet<>();
        while (all.size() < 200_000) {
            all.add(Long.toHexString(random.nextLong() | Long.MIN_VALUE));
        }
        List<String> page = new ArrayList<>(all).subList(0, 1000);

        List<String> boundaries = KeyRanges.splits("", page, null);

        assertThat(boundaries).isNotEmpty().hasSizeLessThanOrEqualTo(KeyRanges.MAX_SPLITS);
        assertThat(boundaries).isSorted().allMatch(b -> b.compareTo(page.get(999)) > 0);
    }

    @Test
    void boundariesKeepThePrefixAndStayAfterThePage() {
        List<String> page = numbered("logs/2026/", 0, 1000);

        List<String> boundaries = KeyRanges.splits("logs/2026/", page, null);

        assertThat(boundaries).isNotEmpty().allMatch(b -> b.startsWith("logs/2026/"))
                .allMatch(b -> DriftFinder.compareKeys(b, page.get(999)) > 0);
    }

    @Test
    void aPageThatGivesNoHintGivesNoSplit() {
        assertThat(KeyRanges.splits("", List.of("a"), null)).isEmpty();
        // every key the same up to its last character, which is the alphabet's last: nothing after
        assertThat(KeyRanges.splits("zz", List.of("zz~", "zz~~"), null)).isEmpty();
    }
}
