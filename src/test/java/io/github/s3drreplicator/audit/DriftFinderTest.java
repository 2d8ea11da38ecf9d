package io.github.s3drreplicator.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class DriftFinderTest {

    @Test
    void keysCompareInS3ListingOrderWhichIsUtf8ByteOrder() {
        List<String> keys = new ArrayList<>(List.of("b", "a", "ab", "\uFF71", "\uD83D\uDE00", "A", "a/b", "a b"));

        keys.sort(DriftFinder::compareKeys);

        // U+FF71 sorts before U+1F600 in UTF-8 (EF BD B1 < F0 9F 98 80), though not in Java's UTF-16 order
        assertThat(keys).containsExactly("A", "a", "a b", "a/b", "ab", "b", "\uFF71", "\uD83D\uDE00");
    }
}
