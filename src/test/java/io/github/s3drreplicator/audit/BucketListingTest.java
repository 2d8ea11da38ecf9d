package io.github.s3drreplicator.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.NavigableSet;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A listing read in ranges by several threads yields exactly what one read page by page yields, in S3's order,
 * whatever the keys look like; only the number of requests differs.
 */
class BucketListingTest {

    /** ListObjectsV2 over keys in memory, in UTF-8 byte order, with StartAfter and continuation tokens. */
    static final class ListingS3 implements S3Client {
        final NavigableSet<String> keys = new ConcurrentSkipListSet<>(DriftFinder::compareKeys);
        final AtomicInteger requests = new AtomicInteger();
        volatile String failAfter;

        @Override
        public ListObjectsV2Response listObjectsV2(ListObjectsV2Request request) {
            requests.incrementAndGet();
            String from = request.continuationToken() != null ? request.continuationToken() : request.startAfter();
            if (failAfter != null && from != null && DriftFinder.compareKeys(from, failAfter) >= 0) {
                throw S3Exception.builder().statusCode(403).message("Access Denied").build();
            }
            List<S3Object> page = new ArrayList<>();
            NavigableSet<String> rest = from == null ? keys : keys.tailSet(from, false);
            String last = null;
            for (String key : rest) {
                if (!key.startsWith(request.prefix() == null ? "" : request.prefix())) {
                    continue;
                }
                if (page.size() == request.maxKeys()) {
                    return ListObjectsV2Response.builder().contents(page).isTruncated(true)
                            .nextContinuationToken(last).build();
                }
                page.add(S3Object.builder().key(key).size(1L).eTag("\"e\"").build());
                last = key;
            }
            return ListObjectsV2Response.builder().contents(page).isTruncated(false).build();
        }

        @Override
        public String serviceName() {
            return "s3";
        }

        @Override
        public void close() {
        }
    }

    private static List<String> listed(S3Client s3, String prefix) {
        BucketListing listing = new BucketListing(s3, "b", prefix, 8);
        try {
            List<String> keys = new ArrayList<>();
            listing.forEachRemaining(object -> keys.add(object.key()));
            return keys;
        } finally {
            listing.close();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 999, 1000, 1001, 5000, 23_456})
    void numberedKeysAreListedWhole(int count) {
        ListingS3 s3 = new ListingS3();
        for (int i = 0; i < count; i++) {
            s3.keys.add(String.format("object-%06d", i));
        }

        assertThat(listed(s3, "")).containsExactlyElementsOf(s3.keys);
    }

    @Test
    void aLargeBucketIsReadInRangesSideBySide() {
        ListingS3 s3 = new ListingS3();
        for (int i = 0; i < 30_000; i++) {
            s3.keys.add(String.format("object-%06d", i));
        }

        assertThat(listed(s3, "")).containsExactlyElementsOf(s3.keys);
        // twenty pages one after the other, then ranges from object-02 to object-09 (those past the last key empty),
        // each asked once more to find its end: a few more requests than pages, not twice as many
        assertThat(s3.requests.get()).isBetween(31, 45);
    }

    @Test
    void aShortListingIsReadPageByPage() {
        ListingS3 s3 = new ListingS3();
        for (int i = 0; i < BucketListing.SPLIT_AFTER_PAGES * 1000; i++) {
            s3.keys.add(String.format("object-%06d", i));
        }

        assertThat(listed(s3, "")).containsExactlyElementsOf(s3.keys);
        assertThat(s3.requests.get()).isEqualTo(BucketListing.SPLIT_AFTER_PAGES);
    }

    @Test
    void keysOfEveryShapeAreListedWholeAndInOrder() {
        ListingS3 s3 = new ListingS3();
        Random random = new Random(11);
        String[] shapes = {"", "logs/2026/", "€/", "😀 ", "a b+c/", "Z", "~", "data/x/"};
        for (int i = 0; i < 30_000; i++) {
            String shape = shapes[random.nextInt(shapes.length)];
            s3.keys.add(shape + (random.nextBoolean() ? Long.toHexString(random.nextLong())
                    : String.format("%07d", random.nextInt(10_000_000))) + (random.nextInt(50) == 0 ? "\uFFFF" : ""));
        }

        assertThat(listed(s3, "")).containsExactlyElementsOf(s3.keys);
        TreeSet<String> logs = new TreeSet<>(DriftFinder::compareKeys);
        s3.keys.stream().filter(k -> k.startsWith("logs/2026/")).forEach(logs::add);
        assertThat(listed(s3, "logs/2026/")).containsExactlyElementsOf(logs);
    }

    @Test
    void aRangeThatFailsFailsTheListingWhenItsTurnComes() {
        ListingS3 s3 = new ListingS3();
        for (int i = 0; i < 30_000; i++) {
            s3.keys.add(String.format("object-%06d", i));
        }
        s3.failAfter = "object-025";

        assertThatThrownBy(() -> listed(s3, "")).isInstanceOf(S3Exception.class).hasMessageContaining("Access Denied");
    }
}
