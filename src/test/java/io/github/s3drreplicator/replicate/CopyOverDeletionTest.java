package io.github.s3drreplicator.replicate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * After a copy onto nothing where both directions run: withdrawn only where it buried a deletion the replicator did
 * not see, made after the copied version was written in the source (written at 10:00:10 in every row).
 */
class CopyOverDeletionTest {

    private static final Instant SOURCE_WRITTEN = Instant.parse("2026-11-30T10:00:10Z");

    @ParameterizedTest(name = "after {0}, seen {1}: {2}")
    @CsvSource(delimiter = '|', value = {
        // the application deleted on the target between the look and the copy, after the source's write
        "copy@10:00:12 deleted@10:00:11 deleted@10:00:05 | deleted@10:00:05       | true",
        "copy@10:00:12 deleted@10:00:11                  | -                      | true",
        // the deletion the copy lies on is the one the replicator saw
        "copy@10:00:12 deleted@10:00:05                  | deleted@10:00:05       | false",
        // a deletion unseen but older than the source's write, or in the same second: the write is the newer
        "copy@10:00:12 deleted@10:00:08 deleted@10:00:05 | deleted@10:00:05       | false",
        "copy@10:00:12 deleted@10:00:10 deleted@10:00:05 | deleted@10:00:05       | false",
        // someone wrote after the copy; the copy lies on an object; nothing below the copy
        "e9@10:00:13 copy@10:00:12 deleted@10:00:11      | deleted@10:00:05       | false",
        "copy@10:00:12 e1@10:00:11                       | -                      | false",
        "copy@10:00:12                                   | -                      | false",
    })
    void withdrawsOnlyACopyThatBuriedANewerDeletion(String after, String seen, boolean withdrawn) {
        assertThat(CopyOverDeletion.buriedANewerDeletion(history(after), history(seen), "copy", SOURCE_WRITTEN))
                .isEqualTo(withdrawn);
    }

    private static KeyHistory history(String entries) {
        List<KeyHistory.Entry> list = new ArrayList<>();
        for (String entry : entries.trim().split("\\s+")) {
            if (entry.equals("-")) {
                continue;
            }
            String[] parts = entry.split("@");
            list.add(new KeyHistory.Entry(parts[0].equals("deleted") ? null : parts[0],
                    Instant.parse("2026-11-30T" + parts[1] + "Z")));
        }
        return new KeyHistory(list);
    }
}
