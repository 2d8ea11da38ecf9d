package io.github.s3drreplicator.replicate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ObjectStateTest {

    static ObjectState state(String eTag, long size) {
        return new ObjectState(true, eTag, size, null, Map.of(), ObjectState.Headers.NONE, null, null,
                Instant.parse("2026-11-30T10:00:00Z"), false);
    }

    private static ObjectState withChecksum(String eTag, long size, String value) {
        return new ObjectState(true, eTag, size, null, Map.of(), ObjectState.Headers.NONE,
                new ObjectState.Checksum("CRC64NVME", value), null, null, false);
    }

    private static ObjectState opaque(String eTag, long size, String at, Map<String, String> metadata) {
        return new ObjectState(true, eTag, size, null, metadata, ObjectState.Headers.NONE, null, null,
                Instant.parse(at), true);
    }

    @Test
    void aCopyWithTheSameETagAndSizeHoldsTheVersion() {
        assertThat(state("abc", 3).holdsCopyOf(state("abc", 3))).isTrue();
        assertThat(state("abc", 4).holdsCopyOf(state("abc", 3))).isFalse();
        assertThat(state("xyz", 3).holdsCopyOf(state("abc", 3))).isFalse();
    }

    @Test
    void aCopyMadeInTheSourcesOwnPartsHasItsETag() {
        assertThat(state("d41d8cd98f00b204e9800998ecf8427e-3", 12).holdsCopyOf(
                state("d41d8cd98f00b204e9800998ecf8427e-3", 12))).isTrue();
        assertThat(state("aaaa-3", 12).multipart()).isTrue();
        assertThat(state("aaaa-3", 12).parts()).isEqualTo(3);
        assertThat(state("aaaa", 12).parts()).isEqualTo(1);
    }

    @Test
    void fullObjectChecksumsDecideWhereTheyExistWhateverTheETags() {
        assertThat(withChecksum("copy-2", 3, "same").holdsCopyOf(withChecksum("original", 3, "same"))).isTrue();
        assertThat(withChecksum("original", 3, "other").holdsCopyOf(withChecksum("original", 3, "same")))
                .as("equal ETags, another checksum: the bytes differ").isFalse();
    }

    @Test
    void metadataNeverMakesACopy() {
        ObjectState handCopy = opaque("other", 3, "2026-11-30T09:00:00Z",
                Map.of("replicator-source-etag", "abc"));

        assertThat(handCopy.holdsCopyOf(state("abc", 3))).as("written before its source, whatever it says")
                .isFalse();
    }

    @Test
    void opaqueETagsWithoutChecksumsFallBackToSizeAndTheOrderOfWriting() {
        ObjectState source = opaque("kms-1", 3, "2026-11-30T10:00:00Z", Map.of());

        assertThat(opaque("kms-2", 3, "2026-11-30T10:00:05Z", Map.of()).holdsCopyOf(source)).isTrue();
        assertThat(opaque("kms-2", 3, "2026-11-30T09:59:00Z", Map.of()).holdsCopyOf(source)).isFalse();
    }

    @Test
    void nothingHoldsACopyOfAnAbsentObject() {
        assertThat(ObjectState.ABSENT.holdsCopyOf(state("abc", 3))).isFalse();
        assertThat(state("abc", 3).holdsCopyOf(ObjectState.ABSENT)).isFalse();
    }

    @Test
    void aCopyHoldsItsOriginalBothWaysSoThatTwoDirectionsNeverCopyBack() {
        assertThat(state("abc", 3).holdsCopyOf(state("abc", 3))).isTrue();
        assertThat(withChecksum("x-2", 3, "c").holdsCopyOf(withChecksum("y", 3, "c"))
                && withChecksum("y", 3, "c").holdsCopyOf(withChecksum("x-2", 3, "c"))).isTrue();
    }

    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> properties() {
        ObjectState.Headers csv = new ObjectState.Headers("text/csv", "max-age=60", "attachment", "gzip", "de-CH",
                Instant.parse("2027-01-01T00:00:00Z"), "/moved.html");
        return java.util.stream.Stream.of(
                args(Map.of("a", "1"), csv, null, Map.of("a", "1"), csv, null, null, "[]"),
                args(Map.of("a", "1"), csv, null, Map.of("a", "2"), csv, null, null, "[metadata]"),
                args(Map.of(), csv, null, Map.of("a", "1"), csv, null, null, "[metadata]"),
                args(Map.of(), csv, null, Map.of(), new ObjectState.Headers("text/plain", "max-age=60", "attachment",
                        "gzip", "de-CH", Instant.parse("2027-01-01T00:00:00Z"), "/moved.html"), null, null,
                        "[Content-Type]"),
                args(Map.of(), csv, null, Map.of(), ObjectState.Headers.NONE, null, null, "[Content-Type,"
                        + " Cache-Control, Content-Disposition, Content-Encoding, Content-Language, Expires,"
                        + " website-redirect]"),
                // an empty header is no header
                args(Map.of(), new ObjectState.Headers("", null, null, null, null, null), null, Map.of(),
                        ObjectState.Headers.NONE, null, null, "[]"),
                // the storage class only where one is expected; S3 names STANDARD by saying nothing
                args(Map.of(), csv, null, Map.of(), csv, "GLACIER", null, "[]"),
                args(Map.of(), csv, null, Map.of(), csv, null, "STANDARD", "[]"),
                args(Map.of(), csv, null, Map.of(), csv, null, "STANDARD_IA", "[storage-class]"),
                args(Map.of(), csv, null, Map.of(), csv, "STANDARD_IA", "STANDARD_IA", "[]"));
    }

    private static org.junit.jupiter.params.provider.Arguments args(Map<String, String> sourceMetadata,
            ObjectState.Headers sourceHeaders, String sourceClass, Map<String, String> copyMetadata,
            ObjectState.Headers copyHeaders, String copyClass, String expectedClass, String differ) {
        return org.junit.jupiter.params.provider.Arguments.of(
                new ObjectState(true, "e", 1L, null, sourceMetadata, sourceHeaders, null, 0, null, false, sourceClass),
                new ObjectState(true, "e", 1L, null, copyMetadata, copyHeaders, null, 0, null, false, copyClass),
                expectedClass, differ);
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{3}")
    @org.junit.jupiter.params.provider.MethodSource("properties")
    void namesWhatACopyCarriesBesidesTheBytesThatIsNotItsSources(ObjectState source, ObjectState copy,
                                                                 String expectedClass, String differ) {
        assertThat(copy.propertiesDifferingFrom(source, expectedClass).toString()).isEqualTo(differ);
    }
}
