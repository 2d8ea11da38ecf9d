package io.github.s3drreplicator.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import io.github.s3drreplicator.audit.InventoryListing;
import io.github.s3drreplicator.audit.InventoryReportWriter;
import io.github.s3drreplicator.audit.InventoryReportWriter.Row;
import io.github.s3drreplicator.audit.ListedObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * An S3 Inventory report of {@code prod-bucket}, written as S3 writes one (an all-versions CSV report with
 * noncurrent versions and delete markers, its rows shuffled over several data files), reads back as exactly what
 * ListObjectsV2 lists under the prefix: the same keys in the same order, with the same sizes and ETags.
 */
class InventoryListingIT {

    private static final String PREFIX = "inventory-it/";
    private static final String INVENTORY_BUCKET = "inventory-bucket";
    // No character from U+E000 to U+FFFF: S3Mock sorts its listing in Java's String order, which puts them after
    // emoji where S3 puts them before. InventorySorterTest covers that order.
    private static final String[] HOSTILE = {"dir %d/€ object+%d", "a%%2Bb-%d", "100%% sure %d", "😀 emoji/%d",
        "日本語/ファイル-%d", "quote\"comma,%d", "x=y&z?w#%d", "double//slash/%d", "trailing space %d ",
        "plus+sign+%d", "tilde~star*paren(%d)", "plain-%d", "dir %d/€ object", "Upper/%d"};

    @TempDir
    Path temp;

    @Test
    void inventoryListsExactlyWhatListObjectsV2Lists() throws Exception {
        try (AwsTestEnvironment environment = SandboxEnvironment.start(false)) {
            S3Client s3 = environment.s3Client();
            s3.createBucket(r -> r.bucket(INVENTORY_BUCKET));
            List<String> keys = new ArrayList<>();
            for (int i = 0; i < 280; i++) {
                keys.add(PREFIX + String.format(HOSTILE[i % HOSTILE.length], i, i));
            }
            for (int i = 0; i < 20; i++) {
                keys.add("elsewhere/" + i);
            }
            for (String key : keys) {
                s3.putObject(r -> r.bucket(AwsTestEnvironment.SOURCE_BUCKET).key(key),
                        RequestBody.fromString(key.repeat(1 + key.length() % 3)));
            }

            List<Row> rows = new ArrayList<>();
            for (String key : keys) {
                HeadObjectResponse head = s3.headObject(r -> r.bucket(AwsTestEnvironment.SOURCE_BUCKET).key(key));
                rows.add(Row.current(key, head.contentLength(), head.eTag().replace("\"", ""), head.lastModified()));
                if (key.hashCode() % 5 == 0) {
                    rows.add(Row.noncurrent(key, 1, "c4ca4238a0b923820dcc509a6f75849b", head.lastModified()));
                }
            }
            for (int i = 0; i < 15; i++) {
                String deleted = PREFIX + "deleted €/" + i;
                rows.add(Row.deleteMarker(deleted, true, java.time.Instant.now()));
                rows.add(Row.noncurrent(deleted, 2, "c81e728d9d4c2f636f067f89cc14862c", java.time.Instant.now()));
            }
            Collections.shuffle(rows, new Random(20260301));
            int[] cuts = {0, 37, 120, 121, 260, rows.size()};
            List<List<Row>> files = new ArrayList<>();
            for (int i = 1; i < cuts.length; i++) {
                files.add(rows.subList(cuts[i - 1], cuts[i]));
            }
            InventoryReportWriter.Report report = InventoryReportWriter.write(s3, INVENTORY_BUCKET,
                    AwsTestEnvironment.SOURCE_BUCKET, InventoryReportWriter.ALL_VERSIONS, files);

            List<ListedObject> listed = new ArrayList<>();
            // 40 entries in memory at a time: the 280 objects go through spilled runs and a merge
            try (InventoryListing listing = InventoryListing.open(s3, report.manifestUri(), PREFIX, 40, temp)) {
                assertThat(listing.sourceBucket()).isEqualTo(AwsTestEnvironment.SOURCE_BUCKET);
                listing.forEachRemaining(listed::add);
            }

            List<S3Object> objects = new ArrayList<>();
            s3.listObjectsV2Paginator(r -> r.bucket(AwsTestEnvironment.SOURCE_BUCKET).prefix(PREFIX).maxKeys(50))
                    .contents().forEach(objects::add);
            assertThat(objects).hasSize(280);
            assertThat(listed).extracting(ListedObject::key)
                    .containsExactlyElementsOf(objects.stream().map(S3Object::key).toList());
            for (int i = 0; i < objects.size(); i++) {
                S3Object object = objects.get(i);
                ListedObject entry = listed.get(i);
                assertThat(entry.size()).as("size of %s", object.key()).isEqualTo(object.size());
                assertThat(entry.eTag()).as("ETag of %s", object.key()).isEqualTo(object.eTag().replace("\"", ""));
                assertThat(entry.lastModified()).as("last modified of %s", object.key())
                        .isEqualTo(object.lastModified().truncatedTo(ChronoUnit.SECONDS));
            }
            try (Stream<Path> left = Files.list(temp)) {
                assertThat(left).as("temporary files after close").isEmpty();
            }
        }
    }
}
