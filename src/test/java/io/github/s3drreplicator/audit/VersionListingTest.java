package io.github.s3drreplicator.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.github.s3drreplicator.audit.VersionListing.KeyAtInstant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteMarkerEntry;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsRequest;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.ObjectVersion;

/**
 * DR's version listing, key by key: a key's versions and delete markers come in two lists per page, and a key's
 * entries may run over several pages (S3 cuts pages by entries, not keys); each key is folded whole and handed on
 * once, in listing order.
 */
class VersionListingTest {

    private static final Instant INSTANT = Instant.parse("2026-12-06T10:00:00Z");
    private final ExecutorService lister = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() {
        lister.shutdownNow();
    }

    /** One listed entry: a version, or a delete marker ({@code eTag} null). */
    private record Listed(String key, String versionId, String eTag, String time, boolean latest) {
        Instant date() {
            return Instant.parse("2026-12-06T" + time + "Z");
        }
    }

    private static final List<Listed> BUCKET = List.of(
            // overwritten after the instant: the version of 09:00 counts
            new Listed("a", "a3", "e-a3", "10:20:00", true),
            new Listed("a", "a2", "e-a2", "10:10:00", false),
            new Listed("a", "a1", "e-a1", "09:00:00", false),
            // deleted after the instant, its marker and version on either side of a page boundary
            new Listed("b", "b-d", null, "10:30:00", true),
            new Listed("b", "b1", "e-b1", "08:00:00", false),
            // created after the instant
            new Listed("c", "c1", "e-c1", "10:40:00", true),
            // deleted before the instant
            new Listed("d", "d-d", null, "09:30:00", true),
            new Listed("d", "d1", "e-d1", "09:00:00", false),
            // unchanged
            new Listed("e", "e1", "e-e1", "07:00:00", true));

    @ParameterizedTest(name = "{0} entries a page")
    @ValueSource(ints = {1, 2, 3, 4, 1000})
    void everyKeyIsFoldedWholeWhereverThePagesCutIt(int pageSize) {
        List<KeyAtInstant> keys = new ArrayList<>();
        new VersionListing(new PagedVersions(BUCKET, pageSize), "dr-bucket", "", INSTANT, lister)
                .forEachRemaining(keys::add);

        assertThat(keys).extracting(KeyAtInstant::key).containsExactly("a", "b", "c", "d", "e");
        assertThat(keys).extracting(key -> key.at() == null ? "absent" : key.at().versionId())
                .containsExactly("a1", "b1", "absent", "absent", "e1");
        assertThat(keys.get(0).at().eTag()).isEqualTo("e-a1");
        assertThat(keys).extracting(KeyAtInstant::firstChangeAfter).containsExactly(
                Instant.parse("2026-12-06T10:10:00Z"), Instant.parse("2026-12-06T10:30:00Z"),
                Instant.parse("2026-12-06T10:40:00Z"), null, null);
    }

    @Test
    void aKeyOfManyVersionsOverManyPagesIsOneKey() {
        List<Listed> many = new ArrayList<>();
        for (int i = 5000; i > 0; i--) {
            many.add(new Listed("hot", "v" + i, "e" + i, i > 2500 ? "11:00:00" : "09:00:00", i == 5000));
        }
        many.add(new Listed("next", "n1", "e-n1", "09:00:00", true));
        List<KeyAtInstant> keys = new ArrayList<>();
        new VersionListing(new PagedVersions(many, 1000), "dr-bucket", "", INSTANT, lister)
                .forEachRemaining(keys::add);

        assertThat(keys).extracting(KeyAtInstant::key).containsExactly("hot", "next");
        assertThat(keys.get(0).at().versionId()).as("the newest of the instant's second, as listed").isEqualTo("v2500");
    }

    /** ListObjectVersions of a fixed listing, cut into pages of so many entries, with S3's markers. */
    private static final class PagedVersions implements S3Client {
        private final List<Listed> entries;
        private final int pageSize;

        PagedVersions(List<Listed> entries, int pageSize) {
            this.entries = entries;
            this.pageSize = pageSize;
        }

        @Override
        public ListObjectVersionsResponse listObjectVersions(ListObjectVersionsRequest request) {
            int from = 0;
            if (request.keyMarker() != null) {
                while (!(entries.get(from).key().equals(request.keyMarker())
                        && entries.get(from).versionId().equals(request.versionIdMarker()))) {
                    from++;
                }
                from++;
            }
            int to = Math.min(entries.size(), from + pageSize);
            List<ObjectVersion> versions = new ArrayList<>();
            List<DeleteMarkerEntry> markers = new ArrayList<>();
            for (Listed entry : entries.subList(from, to)) {
                if (entry.eTag() == null) {
                    markers.add(DeleteMarkerEntry.builder().key(entry.key()).versionId(entry.versionId())
                            .lastModified(entry.date()).isLatest(entry.latest()).build());
                } else {
                    versions.add(ObjectVersion.builder().key(entry.key()).versionId(entry.versionId())
                            .eTag("\"" + entry.eTag() + "\"").size(1L).lastModified(entry.date())
                            .isLatest(entry.latest()).build());
                }
            }
            Listed last = entries.get(to - 1);
            boolean truncated = to < entries.size();
            return ListObjectVersionsResponse.builder().versions(versions).deleteMarkers(markers)
                    .isTruncated(truncated)
                    .nextKeyMarker(truncated ? last.key() : null)
                    .nextVersionIdMarker(truncated ? last.versionId() : null)
                    .build();
        }

        @Override
        public String serviceName() {
            return "s3";
        }

        @Override
        public void close() {
        }
    }
}
