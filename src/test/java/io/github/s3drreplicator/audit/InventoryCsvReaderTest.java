package io.github.s3drreplicator.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class InventoryCsvReaderTest {

    private static final List<String> VERSIONED = InventoryReportWriter.ALL_VERSIONS;
    private static final Instant WHEN = Instant.parse("2026-03-01T10:15:30.123Z");

    static Stream<Arguments> keysAsInventoryWritesThem() {
        return Stream.of(
                Arguments.of("Project+Idea.txt", "Project Idea.txt"),
                Arguments.of("a%2Bb", "a+b"),
                Arguments.of("price%252B.txt", "price%2B.txt"),
                Arguments.of("100%25", "100%"),
                Arguments.of("dir/sub/file.txt", "dir/sub/file.txt"),
                Arguments.of("dir%2Fsub", "dir/sub"),
                Arguments.of("hive/dt%3D2024-05-07-01-00/symlink.txt", "hive/dt=2024-05-07-01-00/symlink.txt"),
                Arguments.of("%E2%82%AC+%F0%9F%98%80+%E6%97%A5%E6%9C%AC", "€ 😀 日本"),
                Arguments.of("+leading+and+trailing+", " leading and trailing "),
                Arguments.of("%22quoted%22%2C+comma", "\"quoted\", comma"));
    }

    @ParameterizedTest(name = "{0} decodes to \"{1}\"")
    @MethodSource("keysAsInventoryWritesThem")
    void decodesKeysExactlyOnce(String encoded, String expected) {
        assertThat(InventoryCsvReader.decodeKey(encoded)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "\"{0}\" survives the writer's encoding")
    @ValueSource(strings = {"a b+c%d", "%2B literally", "€/😀/\uFF71", "x=y&z?w#v", "a//b/../c", "tab\there"})
    void decodingUndoesTheWritersEncoding(String key) {
        assertThat(InventoryCsvReader.decodeKey(InventoryReportWriter.encodeKey(key))).isEqualTo(key);
    }

    @ParameterizedTest(name = "\"{0}\" is refused")
    @ValueSource(strings = {"bad%zz", "trailing%", "%C3%28", "%FF"})
    void refusesWhatIsNotUrlEncodedUtf8(String encoded) {
        assertThatThrownBy(() -> InventoryCsvReader.decodeKey(encoded)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void readsSizeETagAndLastModifiedOfCurrentVersions() throws IOException {
        List<ListedObject> read = read(InventoryReportWriter.CURRENT_VERSIONS, "", List.of(
                InventoryReportWriter.Row.current("a b", 11, "0cc175b9c0f1b6a831c399e269772661", WHEN),
                InventoryReportWriter.Row.current("big", 1L << 40, "9b2cf535f27731c974343645a3985328-3", WHEN)));

        assertThat(read).containsExactly(
                new ListedObject("a b", 11, "0cc175b9c0f1b6a831c399e269772661", WHEN),
                new ListedObject("big", 1L << 40, "9b2cf535f27731c974343645a3985328-3", WHEN));
    }

    @Test
    void keepsOnlyLatestVersionsAndSkipsDeleteMarkers() throws IOException {
        List<ListedObject> read = read(VERSIONED, "", List.of(
                InventoryReportWriter.Row.current("kept", 1, "e1", WHEN),
                InventoryReportWriter.Row.noncurrent("kept", 2, "e0", WHEN.minusSeconds(60)),
                InventoryReportWriter.Row.deleteMarker("deleted", true, WHEN),
                InventoryReportWriter.Row.noncurrent("deleted", 3, "e2", WHEN.minusSeconds(60)),
                InventoryReportWriter.Row.deleteMarker("restored", false, WHEN.minusSeconds(30)),
                InventoryReportWriter.Row.current("restored", 4, "e3", WHEN)));

        assertThat(read).extracting(ListedObject::key, ListedObject::size).containsExactly(
                org.assertj.core.groups.Tuple.tuple("kept", 1L), org.assertj.core.groups.Tuple.tuple("restored", 4L));
    }

    @Test
    void filtersOnTheDecodedKey() throws IOException {
        List<ListedObject> read = read(VERSIONED, "dir one/", List.of(
                InventoryReportWriter.Row.current("dir one/a", 1, "e", WHEN),
                InventoryReportWriter.Row.current("dir+one/b", 1, "e", WHEN),
                InventoryReportWriter.Row.current("dir one", 1, "e", WHEN),
                InventoryReportWriter.Row.current("dir one/€", 1, "e", WHEN)));

        assertThat(read).extracting(ListedObject::key).containsExactly("dir one/a", "dir one/€");
    }

    @Test
    void fieldsTheReportLacksAreUnknown() throws IOException {
        List<ListedObject> read = new ArrayList<>();
        try (InventoryCsvReader reader = new InventoryCsvReader(
                new StringReader("\"prod\",\"only+key\"\n\n\"prod\",\"other\"\n"), List.of("Bucket", "Key"), "")) {
            reader.forEachRemaining(read::add);
        }

        assertThat(read).containsExactly(new ListedObject("only key", -1, null, null),
                new ListedObject("other", -1, null, null));
    }

    @Test
    void refusesASchemaWithoutKeyAndARowShorterThanTheSchema() {
        assertThatThrownBy(() -> new InventoryCsvReader(new StringReader(""), List.of("Bucket", "Size"), ""))
                .isInstanceOf(IOException.class).hasMessageContaining("Key");
        assertThatThrownBy(() -> {
            try (InventoryCsvReader reader = new InventoryCsvReader(new StringReader("\"prod\",\"k\"\n"),
                    InventoryReportWriter.CURRENT_VERSIONS, "")) {
                reader.hasNext();
            }
        }).isInstanceOf(IllegalStateException.class).hasMessageContaining("row 1");
    }

    private static List<ListedObject> read(List<String> schema, String prefix, List<InventoryReportWriter.Row> rows)
            throws IOException {
        String csv = new String(InventoryReportWriter.csv("prod-bucket", schema, rows),
                java.nio.charset.StandardCharsets.UTF_8);
        List<ListedObject> read = new ArrayList<>();
        try (InventoryCsvReader reader = new InventoryCsvReader(new StringReader(csv), schema, prefix)) {
            reader.forEachRemaining(read::add);
        }
        return read;
    }
}
