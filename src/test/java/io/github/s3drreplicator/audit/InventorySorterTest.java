package io.github.s3drreplicator.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InventorySorterTest {

    // U+FF71 before U+1F600 in S3's order, after it in Java's String order
    private static final String[] PIECES = {"a", "b", "A", " ", "+", "%", "/", "€", "\uFF71", "😀", "日", "z"};

    @TempDir
    Path directory;

    @Test
    void sortsInS3OrderInBoundedChunksOverSeveralMergePasses() throws IOException {
        List<ListedObject> entries = randomEntries(new Random(42), 2_000);

        List<ListedObject> sorted = new ArrayList<>();
        try (InventorySorter sorter = new InventorySorter(directory, 7, 3)) {
            entries.forEach(sorter::add);
            assertThat(sorter.spilledRuns()).as("full chunks spilled").isEqualTo(2_000 / 7);
            sorter.sorted().forEachRemaining(sorted::add);
            assertThat(sorter.spilledRuns()).as("runs left for the last merge").isLessThanOrEqualTo(3);
        }

        List<ListedObject> expected = new ArrayList<>(entries);
        expected.sort((x, y) -> DriftFinder.compareKeys(x.key(), y.key()));
        assertThat(sorted).extracting(ListedObject::key).containsExactlyElementsOf(
                expected.stream().map(ListedObject::key).toList());
        assertThat(sorted).containsExactlyInAnyOrderElementsOf(entries);
        try (Stream<Path> left = Files.list(directory)) {
            assertThat(left).as("spilled runs left after close").isEmpty();
        }
    }

    @Test
    void orderIsCodePointOrderNotUtf16Order() {
        List<ListedObject> sorted = new ArrayList<>();
        try (InventorySorter sorter = new InventorySorter(directory, 1, 2)) {
            for (String key : List.of("😀", "\uFF71", "b", "a/b", "a b", "a")) {
                sorter.add(new ListedObject(key, 1, "e", null));
            }
            sorter.sorted().forEachRemaining(sorted::add);
        }

        assertThat(sorted).extracting(ListedObject::key).containsExactly("a", "a b", "a/b", "b", "\uFF71", "😀");
    }

    @Test
    void whatFitsInOneChunkNeverTouchesTheDisk() throws IOException {
        List<ListedObject> sorted = new ArrayList<>();
        try (InventorySorter sorter = new InventorySorter(directory, 100, 2)) {
            randomEntries(new Random(1), 99).forEach(sorter::add);
            sorter.sorted().forEachRemaining(sorted::add);
            assertThat(sorter.spilledRuns()).isZero();
            try (Stream<Path> files = Files.list(directory)) {
                assertThat(files).isEmpty();
            }
        }
        assertThat(sorted).hasSize(99).isSortedAccordingTo(InventorySorter.KEY_ORDER);
    }

    @Test
    void spilledRunsKeepEveryFieldIncludingUnknownOnes() throws IOException {
        List<ListedObject> entries = List.of(
                new ListedObject("a", 0, null, null),
                new ListedObject("b", Long.MAX_VALUE, "9b2cf535f27731c974343645a3985328-3",
                        Instant.parse("2026-03-01T10:15:30.123456789Z")),
                new ListedObject("c", -1, "", Instant.EPOCH));

        Path file = InventorySpillFile.write(directory, entries.iterator());
        List<ListedObject> read = new ArrayList<>();
        try (InventoryRun run = InventorySpillFile.read(file)) {
            run.forEachRemaining(read::add);
        }

        assertThat(read).containsExactlyElementsOf(entries);
    }

    private static List<ListedObject> randomEntries(Random random, int count) {
        List<ListedObject> entries = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            StringBuilder key = new StringBuilder();
            for (int n = 1 + random.nextInt(6); n > 0; n--) {
                key.append(PIECES[random.nextInt(PIECES.length)]);
            }
            // unique keys, as in a listing
            key.append('#').append(i);
            entries.add(new ListedObject(key.toString(), random.nextInt(1000), Integer.toHexString(i),
                    Instant.ofEpochSecond(1_700_000_000L + i)));
        }
        return entries;
    }
}
