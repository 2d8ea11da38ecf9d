package io.github.s3drreplicator.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import io.github.s3drreplicator.audit.InventoryReportWriter.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InventoryListingTest {

    private static final String SOURCE = "prod-bucket";
    private static final String INVENTORY = "inventory-bucket";
    private static final Instant WHEN = Instant.parse("2026-03-01T10:15:30Z");
    private static final List<String> KEYS = List.of("a", "a b", "a+b", "a%2Bb", "a/b", "dir one/x", "dir one/€",
            "dir one/\uFF71", "dir one/😀", "dir one/😀/deeper", "z", "€", "\uFF71", "😀");

    private final InventoryInMemoryS3 s3 = new InventoryInMemoryS3();

    @TempDir
    Path temp;

    @Test
    void yieldsCurrentObjectsOfSeveralFilesInS3OrderAndCleansUp() throws IOException {
        List<Row> rows = new ArrayList<>();
        for (String key : KEYS) {
            rows.add(Row.current(key, key.length(), "etag-" + key.hashCode(), WHEN));
            rows.add(Row.noncurrent(key, 999, "old", WHEN.minusSeconds(3600)));
        }
        rows.add(Row.deleteMarker("gone", true, WHEN));
        rows.add(Row.noncurrent("gone", 5, "old", WHEN.minusSeconds(60)));
        Collections.shuffle(rows, new Random(7));
        InventoryReportWriter.Report report = InventoryReportWriter.write(s3, INVENTORY, SOURCE,
                InventoryReportWriter.ALL_VERSIONS, List.of(rows.subList(0, 9), rows.subList(9, 10),
                        rows.subList(10, 25), rows.subList(25, rows.size())));

        List<ListedObject> listed = new ArrayList<>();
        try (InventoryListing listing = InventoryListing.open(s3, report.manifestUri(), "", 2, 2, temp)) {
            assertThat(listing.sourceBucket()).isEqualTo(SOURCE);
            assertThat(listing.creationTimestamp()).isNotNull();
            try (Stream<Path> runs = Files.walk(temp)) {
                assertThat(runs.filter(Files::isRegularFile)).as("spilled runs while open").isNotEmpty();
            }
            listing.forEachRemaining(listed::add);
        }

        List<String> expected = new ArrayList<>(KEYS);
        expected.sort(DriftFinder::compareKeys);
        assertThat(listed).extracting(ListedObject::key).containsExactlyElementsOf(expected);
        assertThat(listed).allSatisfy(entry -> {
            assertThat(entry.size()).isEqualTo(entry.key().length());
            assertThat(entry.eTag()).isEqualTo("etag-" + entry.key().hashCode());
            assertThat(entry.lastModified()).isEqualTo(WHEN);
        });
        try (Stream<Path> left = Files.list(temp)) {
            assertThat(left).as("temporary files after close").isEmpty();
        }
    }

    @Test
    void prefixIsMatchedAgainstTheDecodedKey() throws IOException {
        List<Row> rows = new ArrayList<>(KEYS.stream().map(key -> Row.current(key, 1, "e", WHEN)).toList());
        Collections.reverse(rows);
        String manifest = InventoryReportWriter.write(s3, INVENTORY, SOURCE, InventoryReportWriter.CURRENT_VERSIONS,
                List.of(rows)).manifestUri();

        assertThat(keys(manifest, "dir one/")).containsExactly(
                "dir one/x", "dir one/€", "dir one/\uFF71", "dir one/😀", "dir one/😀/deeper");
        assertThat(keys(manifest, "a")).containsExactly("a", "a b", "a%2Bb", "a+b", "a/b");
        assertThat(keys(manifest, "nothing/")).isEmpty();
    }

    @Test
    void aKeyListedTwiceIsYieldedOnce() throws IOException {
        String manifest = InventoryReportWriter.write(s3, INVENTORY, SOURCE, InventoryReportWriter.CURRENT_VERSIONS,
                List.of(List.of(Row.current("twice", 1, "e", WHEN), Row.current("b", 1, "e", WHEN)),
                        List.of(Row.current("twice", 1, "e", WHEN), Row.current("a", 1, "e", WHEN)))).manifestUri();

        assertThat(keys(manifest, "")).containsExactly("a", "b", "twice");
    }

    @Test
    void readsEveryGzipMemberOfADataFileServedInPieces() throws IOException {
        List<Row> rows = KEYS.stream().map(key -> Row.current(key, 1, "e", WHEN)).toList();
        InventoryReportWriter.Report report = InventoryReportWriter.write(s3, INVENTORY, SOURCE,
                InventoryReportWriter.CURRENT_VERSIONS, List.of(rows));
        String dataKey = report.dataFileKeys().get(0);
        // the same rows as two gzip members, delivered as a network stream would: the first member, then the second
        byte[] first = InventoryReportWriter.gzip(
                InventoryReportWriter.csv(SOURCE, InventoryReportWriter.CURRENT_VERSIONS, rows.subList(0, 5)));
        byte[] second = InventoryReportWriter.gzip(
                InventoryReportWriter.csv(SOURCE, InventoryReportWriter.CURRENT_VERSIONS, rows.subList(5, 14)));
        s3.put(INVENTORY, dataKey, first, second);
        rewriteManifest(report, json -> json.replaceFirst("\"MD5checksum\" : \"[0-9a-f]+\"",
                "\"MD5checksum\" : \"" + InventoryReportWriter.md5(s3.get(INVENTORY, dataKey)) + "\""));

        assertThat(keys(report.manifestUri(), "")).hasSize(KEYS.size());
    }

    @Test
    void refusesADataFileThatDoesNotMatchTheManifestsMd5AndLeavesNothingBehind() throws IOException {
        InventoryReportWriter.Report report = InventoryReportWriter.write(s3, INVENTORY, SOURCE,
                InventoryReportWriter.CURRENT_VERSIONS, List.of(List.of(Row.current("a", 1, "e", WHEN)),
                        List.of(Row.current("b", 1, "e", WHEN))));
        s3.put(INVENTORY, report.dataFileKeys().get(1), InventoryReportWriter.gzip(InventoryReportWriter.csv(
                SOURCE, InventoryReportWriter.CURRENT_VERSIONS, List.of(Row.current("c", 1, "e", WHEN)))));

        assertThatThrownBy(() -> InventoryListing.open(s3, report.manifestUri(), "", 1, 2, temp))
                .isInstanceOf(IOException.class).hasMessageContaining("MD5")
                .hasMessageContaining(report.dataFileKeys().get(1));
        try (Stream<Path> left = Files.list(temp)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void refusesAManifestThatDoesNotMatchItsChecksumButReadsOneWithoutChecksum() throws IOException {
        InventoryReportWriter.Report report = InventoryReportWriter.write(s3, INVENTORY, SOURCE,
                InventoryReportWriter.CURRENT_VERSIONS, List.of(List.of(Row.current("a", 1, "e", WHEN))));
        rewriteManifest(report, json -> json.replace("\"version\"", "\"tampered\""));
        String checksum = checksumKey(report);

        assertThatThrownBy(() -> InventoryListing.open(s3, report.manifestUri(), "", 1, 2, temp))
                .isInstanceOf(IOException.class).hasMessageContaining("manifest.checksum");

        s3.delete(INVENTORY, checksum);
        assertThat(keys(report.manifestUri(), "")).containsExactly("a");
    }

    @Test
    void refusesParquetAndOrcReportsAndUrisThatAreNotS3() {
        for (String format : List.of("Parquet", "ORC")) {
            s3.put(INVENTORY, format + "/manifest.json", ("{\"sourceBucket\":\"prod-bucket\",\"fileFormat\":\""
                    + format + "\",\"fileSchema\":\"message s3.inventory { }\",\"files\":[]}")
                    .getBytes(StandardCharsets.UTF_8));
            assertThatThrownBy(() -> InventoryListing.open(s3, "s3://" + INVENTORY + "/" + format + "/manifest.json",
                    "", 10, temp)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(format)
                    .hasMessageContaining("only CSV");
        }
        for (String uri : Arrays.asList(null, "inventory-bucket/manifest.json", "s3://bucket-only", "s3://bucket/",
                "s3:///manifest.json")) {
            assertThatThrownBy(() -> InventoryListing.open(s3, uri, "")).isInstanceOf(IllegalArgumentException.class);
        }
    }

    private List<String> keys(String manifestUri, String prefix) throws IOException {
        List<String> keys = new ArrayList<>();
        try (InventoryListing listing = InventoryListing.open(s3, manifestUri, prefix, 3, 2, temp)) {
            listing.forEachRemaining(entry -> keys.add(entry.key()));
        }
        return keys;
    }

    private void rewriteManifest(InventoryReportWriter.Report report,
                                 java.util.function.UnaryOperator<String> change) {
        String key = report.manifestUri().substring(("s3://" + INVENTORY + "/").length());
        String json = change.apply(new String(s3.get(INVENTORY, key), StandardCharsets.UTF_8));
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        s3.put(INVENTORY, key, bytes);
        if (!json.contains("\"tampered\"")) {
            s3.put(INVENTORY, checksumKey(report), InventoryReportWriter.md5(bytes).getBytes(StandardCharsets.UTF_8));
        }
    }

    private static String checksumKey(InventoryReportWriter.Report report) {
        return report.manifestUri().substring(("s3://" + INVENTORY + "/").length())
                .replace("manifest.json", "manifest.checksum");
    }
}
