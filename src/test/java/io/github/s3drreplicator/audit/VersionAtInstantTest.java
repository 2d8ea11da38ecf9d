package io.github.s3drreplicator.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Which of a key's versions and delete markers counts at an instant: the newest dated at or before it, in whole
 * seconds as S3 dates them. A key's entries are written as ListObjectVersions gives them, two lists each newest first:
 * {@code v2@10:05:00*} is version v2 dated 10:05:00, {@code *} marking the key's latest entry; delete markers likewise
 * ({@code d@...}).
 */
class VersionAtInstantTest {

    @ParameterizedTest(name = "at {0}: versions [{1}], markers [{2}] -> {3} ({4})")
    @CsvSource(delimiter = '|', textBlock = """
            10:00:00     | v1@09:00:00*             |              | v1     | written before, unchanged since
            10:00:00     | v2@10:05:00* v1@09:00:00 |              | v1     | overwritten after the instant
            10:00:00     | v2@10:00:00* v1@09:00:00 |              | v2     | written in the instant's second: counts
            10:00:00.700 | v2@10:00:00* v1@09:00:00 |              | v2     | the instant is taken to its whole second
            09:59:59     | v2@10:00:00* v1@09:00:00 |              | v1     | the second before leaves it out
            10:00:00     | v1@10:00:01*             |              | absent | created after the instant
            10:00:00     |                          |              | absent | no entry at all
            10:00:00     | v1@09:00:00              | d@09:30:00*  | absent | deleted before the instant
            10:00:00     | v1@09:00:00              | d@10:00:00*  | absent | deleted in the instant's second
            10:00:00     | v1@09:00:00              | d@10:30:00*  | v1     | deleted after the instant
            10:00:00     | v2@10:30:00* v1@09:00:00 | d@09:30:00   | absent | deleted, written again after
            10:45:00     | v2@10:30:00* v1@09:00:00 | d@09:30:00   | v2     | deleted, written again before
            09:15:00     | v2@10:30:00* v1@09:00:00 | d@09:30:00   | v1     | before the deletion
            10:00:00     |                          | d@09:00:00*  | absent | only a delete marker
            10:00:00     | v1@10:00:00              | d@10:00:00*  | absent | one second, the marker is the latest
            10:00:00     | v1@10:00:00*             | d@10:00:00   | v1     | one second, the version is the latest
            10:00:00     | v2@11:00:00* v1@09:00:00 | d@09:00:00   | v1     | one second, neither latest: the object
            10:00:00     | v3@10:00:00* v2@10:00:00 |              | v3     | two versions in one second: as listed
            10:00:00     | v3@11:00:00* v2@10:00:00 v1@10:00:00 | d@09:59:59 | v2 | the first listed of the second
            """)
    void theNewestEntryAtOrBeforeTheInstantCounts(String at, String versions, String markers, String expected,
                                                  String why) {
        VersionAtInstant key = fold(at, versions, markers);
        VersionAtInstant.Entry counted = key.at();
        assertThat(counted == null ? "absent" : counted.versionId()).as(why).isEqualTo(expected);
    }

    @Test
    void theFirstChangeAfterTheInstantIsTheOldestEntryDatedAfterIt() {
        assertThat(fold("10:00:00", "v3@11:00:00* v2@10:20:00 v1@09:00:00", "d@10:10:00").firstChangeAfter())
                .isEqualTo(time("10:10:00"));
        assertThat(fold("10:00:00", "v1@09:00:00*", "").firstChangeAfter()).isNull();
        assertThat(fold("10:00:00", "v2@10:00:00* v1@09:00:00", "").firstChangeAfter()).as("within the second")
                .isNull();
    }

    @Test
    void theVersionThatCountsKeepsWhatARestoreCopiesFromIt() {
        VersionAtInstant key = new VersionAtInstant(time("10:00:00"));
        key.version(VersionAtInstant.Entry.version("v2", "e2", 20, time("10:30:00"), true));
        key.version(VersionAtInstant.Entry.version("v1", "e1", 10, time("09:00:00"), false));
        assertThat(key.at()).isEqualTo(VersionAtInstant.Entry.version("v1", "e1", 10, time("09:00:00"), false));
    }

    private static VersionAtInstant fold(String at, String versions, String markers) {
        VersionAtInstant key = new VersionAtInstant(time(at));
        for (String entry : words(versions)) {
            key.version(VersionAtInstant.Entry.version(name(entry), "etag-" + name(entry), 1, date(entry),
                    entry.endsWith("*")));
        }
        for (String entry : words(markers)) {
            key.deleteMarker(VersionAtInstant.Entry.deleteMarker(name(entry), date(entry), entry.endsWith("*")));
        }
        return key;
    }

    private static String[] words(String entries) {
        return entries == null || entries.isBlank() ? new String[0] : entries.trim().split("\\s+");
    }

    private static String name(String entry) {
        return entry.substring(0, entry.indexOf('@'));
    }

    private static Instant date(String entry) {
        return time(entry.substring(entry.indexOf('@') + 1).replace("*", ""));
    }

    private static Instant time(String time) {
        return Instant.parse("2026-12-06T" + time + "Z");
    }
}
