package io.github.s3drreplicator.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.github.s3drreplicator.pair.BucketPair;
import io.github.s3drreplicator.pair.DeleteMode;
import io.github.s3drreplicator.replicate.DeletionMarks;
import io.github.s3drreplicator.replicate.ObjectState;
import io.github.s3drreplicator.replicate.ReconcileStep.Side;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The audit's decision on a key both buckets list: what the source holds × what DR holds (× their tags, × the pair's
 * storage class, × whether only content is compared) → the drift found, and which looks it took. No S3 at all.
 */
class DriftFinderTest {

    private static final String KEY = "reports/q1.csv";
    private static final Instant WRITTEN = Instant.parse("2026-11-30T10:00:00Z");
    private static final ObjectState.Headers CSV = new ObjectState.Headers("text/csv", "max-age=60", null, null,
            "de-CH", null, null);

    @Test
    void keysCompareInS3ListingOrderWhichIsUtf8ByteOrder() {
        List<String> keys = new ArrayList<>(List.of("b", "a", "ab", "\uFF71", "\uD83D\uDE00", "A", "a/b", "a b"));

        keys.sort(DriftFinder::compareKeys);

        // U+FF71 sorts before U+1F600 in UTF-8 (EF BD B1 < F0 9F 98 80), though not in Java's UTF-16 order
        assertThat(keys).containsExactly("A", "a", "a b", "a/b", "ab", "b", "\uFF71", "\uD83D\uDE00");
    }

    // ---- what a side may hold ----

    /** An object of 10 bytes, in STANDARD, with the CSV headers, user metadata owner=ann, and that many tags. */
    private static Obj object(String eTag, Integer tagCount) {
        return new Obj(new ObjectState(true, eTag, 10L, null, Map.of("owner", "ann"), CSV, null, tagCount, WRITTEN,
                false, null), Map.of(), null);
    }

    /**
     * What a side holds, and the tags GetObjectTagging would give.
     *
     * @param listedAs what the listing said, where it differs from what a look finds (a key gone since)
     */
    private record Obj(ObjectState state, Map<String, String> tags, ListedObject listedAs) {
        Obj size(long size) {
            return with(new ObjectState(true, state.eTag(), size, null, state.metadata(), state.headers(),
                    state.checksum(), state.tagCount(), WRITTEN, false, state.storageClass()));
        }

        Obj metadata(Map<String, String> metadata) {
            return with(new ObjectState(true, state.eTag(), state.size(), null, metadata, state.headers(),
                    state.checksum(), state.tagCount(), WRITTEN, false, state.storageClass()));
        }

        Obj headers(ObjectState.Headers headers) {
            return with(new ObjectState(true, state.eTag(), state.size(), null, state.metadata(), headers,
                    state.checksum(), state.tagCount(), WRITTEN, false, state.storageClass()));
        }

        Obj checksum(String crc64) {
            return with(new ObjectState(true, state.eTag(), state.size(), null, state.metadata(), state.headers(),
                    new ObjectState.Checksum("CRC64NVME", crc64), state.tagCount(), WRITTEN, false,
                    state.storageClass()));
        }

        Obj storageClass(String storageClass) {
            return with(new ObjectState(true, state.eTag(), state.size(), null, state.metadata(), state.headers(),
                    state.checksum(), state.tagCount(), WRITTEN, false, storageClass));
        }

        Obj tags(Map<String, String> tags) {
            return new Obj(state, tags, listedAs);
        }

        private Obj with(ObjectState changed) {
            return new Obj(changed, tags, listedAs);
        }

        ListedObject listed() {
            return listedAs != null ? listedAs : new ListedObject(KEY, state.size(), state.eTag(), WRITTEN);
        }
    }

    /** Listed, then gone when looked at. */
    private static Obj goneSince(Obj listed) {
        return new Obj(ObjectState.ABSENT, null, listed.listed());
    }

    private static final Obj PLAIN = object("e1", 0);
    private static final List<String> HEADS = List.of("head SOURCE", "head TARGET");
    private static final List<String> HEADS_AND_TAGS = List.of("head SOURCE", "head TARGET", "tags SOURCE",
            "tags TARGET");

    // ---- the table ----

    private record Case(String name, String pairStorageClass, boolean sourceHoldsMarks, Comparison comparison,
                        Obj source, Obj dr, Drift.Kind expected, List<String> properties, List<String> looks) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Arguments row(String name, Obj source, Obj dr, Drift.Kind expected, List<String> properties,
                                 List<String> looks) {
        return Arguments.of(new Case(name, null, false, Comparison.EVERYTHING, source, dr, expected, properties,
                looks));
    }

    private static Arguments contentOnly(String name, Obj source, Obj dr, Drift.Kind expected, List<String> looks) {
        return Arguments.of(new Case(name, null, false, Comparison.CONTENT, source, dr, expected, List.of(), looks));
    }

    private static Arguments inClass(String name, String pairStorageClass, Obj source, Obj dr, Drift.Kind expected,
                                     List<String> looks) {
        return Arguments.of(new Case(name, pairStorageClass, false, Comparison.EVERYTHING, source, dr, expected,
                expected == null ? List.of() : List.of("storage-class"), looks));
    }

    private static Arguments fromMarkingDr(String name, Obj source, Obj dr, Drift.Kind expected,
                                           List<String> looks) {
        return Arguments.of(new Case(name, null, true, Comparison.EVERYTHING, source, dr, expected, List.of(),
                looks));
    }

    static Stream<Arguments> table() {
        Map<String, String> team = Map.of("team", "blue");
        return Stream.of(
                // content
                row("same everything, no tags on either side: two heads, no tag look", PLAIN, PLAIN, null,
                        List.of(), HEADS),
                row("other size: changed, from the listings alone", PLAIN, PLAIN.size(11), Drift.Kind.CHANGED,
                        List.of(), List.of()),
                row("other ETag, no checksum: changed", PLAIN, object("e2", 0), Drift.Kind.CHANGED, List.of(),
                        HEADS),
                row("other ETag, the same full-object checksum: in sync", PLAIN.checksum("c1"),
                        object("e2", 0).checksum("c1"), null, List.of(), HEADS),
                row("DR's copy gone since listed: changed", PLAIN, goneSince(PLAIN), Drift.Kind.CHANGED, List.of(),
                        HEADS),
                row("gone from both since listed: nothing", goneSince(PLAIN), goneSince(PLAIN), null, List.of(),
                        HEADS),
                // metadata
                row("user metadata differs", PLAIN.metadata(Map.of("owner", "bob")), PLAIN, Drift.Kind.METADATA,
                        List.of("metadata"), HEADS),
                row("metadata differs only in one header", PLAIN.headers(new ObjectState.Headers("text/plain",
                        "max-age=60", null, null, "de-CH", null, null)), PLAIN, Drift.Kind.METADATA,
                        List.of("Content-Type"), HEADS),
                row("website redirect only in production", PLAIN.headers(new ObjectState.Headers("text/csv",
                        "max-age=60", null, null, "de-CH", null, "/latest.csv")), PLAIN, Drift.Kind.METADATA,
                        List.of("website-redirect"), HEADS),
                row("an empty header is no header", PLAIN.headers(new ObjectState.Headers("text/csv", "max-age=60",
                        "", null, "de-CH", null, null)), PLAIN, null, List.of(), HEADS),
                row("metadata and tags differ: metadata, whose copy brings the tags; no tag look",
                        object("e1", 1).metadata(Map.of()).tags(team), PLAIN, Drift.Kind.METADATA,
                        List.of("metadata"), HEADS),
                // storage class
                inClass("DR in another class, the pair names none: in sync", null, PLAIN,
                        PLAIN.storageClass("STANDARD_IA"), null, HEADS),
                inClass("DR in STANDARD, the pair names STANDARD_IA", "STANDARD_IA", PLAIN, PLAIN, Drift.Kind.METADATA,
                        HEADS),
                inClass("DR in the pair's class, production in STANDARD: in sync", "STANDARD_IA", PLAIN,
                        PLAIN.storageClass("STANDARD_IA"), null, HEADS),
                inClass("the pair names STANDARD, DR in GLACIER_IR", "STANDARD", PLAIN,
                        PLAIN.storageClass("GLACIER_IR"), Drift.Kind.METADATA, HEADS),
                // tags
                row("tags only in production", object("e1", 1).tags(team), PLAIN, Drift.Kind.TAGS, List.of(),
                        HEADS_AND_TAGS),
                row("tags only in DR", PLAIN, object("e1", 1).tags(team), Drift.Kind.TAGS, List.of(),
                        HEADS_AND_TAGS),
                row("other tag values", object("e1", 1).tags(team), object("e1", 1).tags(Map.of("team", "red")),
                        Drift.Kind.TAGS, List.of(), HEADS_AND_TAGS),
                row("the same tags", object("e1", 1).tags(team), object("e1", 1).tags(team), null, List.of(),
                        HEADS_AND_TAGS),
                // S3 says no count where an object has no tags: nothing to read
                row("no tag count on either side: no tag look", object("e1", null), object("e1", null), null,
                        List.of(), HEADS),
                row("a tag count on one side only: both read", object("e1", 1).tags(team), object("e1", null),
                        Drift.Kind.TAGS, List.of(), HEADS_AND_TAGS),
                // only content
                contentOnly("content only, the same ETag: no look, whatever the metadata",
                        PLAIN.metadata(Map.of("owner", "bob")).tags(team), PLAIN, null, List.of()),
                contentOnly("content only, other ETags, the same checksum, other metadata: in sync",
                        PLAIN.checksum("c1").metadata(Map.of()), object("e2", 0).checksum("c1"), null, HEADS),
                contentOnly("content only, other ETags and no checksum: changed", PLAIN, object("e2", 0),
                        Drift.Kind.CHANGED, HEADS),
                // a pair whose source is a DR bucket that keeps deleted copies marked
                fromMarkingDr("a marked copy's deletion time in the metadata is no drift",
                        PLAIN.metadata(Map.of("owner", "ann", DeletionMarks.DELETED_AT, "2026-11-29T08:00:00Z")),
                        PLAIN, null, HEADS),
                fromMarkingDr("a copy kept marked deleted is left alone: no tag drift",
                        object("e1", 1).tags(Map.of(DeletionMarks.DELETED_AT, "2026-11-29T08:00:00Z")), PLAIN,
                        null, HEADS_AND_TAGS));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void aKeyBothBucketsListDriftsAsTheReconcilerWouldSee(Case c) {
        BucketPair pair = new BucketPair("default", "prod-bucket", "us-east-1", "", "", "dr-bucket", "us-east-2",
                c.pairStorageClass(), null, DeleteMode.MIRROR, 0);
        List<String> looks = new ArrayList<>();
        Map<Side, Obj> sides = new HashMap<>(Map.of(Side.SOURCE, c.source(), Side.TARGET, c.dr()));
        DriftFinder.Looks recorded = new DriftFinder.Looks() {
            @Override
            public ObjectState head(Side side) {
                looks.add("head " + side);
                return sides.get(side).state();
            }

            @Override
            public Map<String, String> tags(Side side) {
                looks.add("tags " + side);
                return sides.get(side).tags();
            }
        };
        ListedObject s = c.source().listed();
        ListedObject d = c.dr().listed();

        Drift drift = DriftFinder.compare(pair, c.sourceHoldsMarks(), c.comparison(), s, d,
                DriftFinder.decidedByListings(s, d, c.comparison()) ? null : recorded);

        assertThat(drift == null ? null : drift.kind()).isEqualTo(c.expected());
        if (drift != null) {
            assertThat(drift.key()).isEqualTo(KEY);
            assertThat(drift.properties()).isEqualTo(c.properties());
        }
        assertThat(looks).isEqualTo(c.looks());
    }

    @ParameterizedTest(name = "{0} with tags {1}: {2}")
    @MethodSource("onlyInDr")
    void aKeyOnlyInDrIsRetainedWhereItsMarksKeepItElseExtra(DeleteMode mode, Map<String, String> tags,
                                                           Drift.Kind expected) {
        BucketPair pair = new BucketPair("default", "prod-bucket", "us-east-1", "", "", "dr-bucket", "us-east-2", null,
                null, mode, 30);

        assertThat(DriftFinder.onlyInDr(pair, tags)).isEqualTo(expected);
    }

    static Stream<Arguments> onlyInDr() {
        Map<String, String> deleted = Map.of(DeletionMarks.DELETED_AT, "2026-11-29T08:00:00Z");
        Map<String, String> kept = Map.of(DeletionMarks.DELETED_AT, "2026-11-29T08:00:00Z",
                DeletionMarks.KEPT_BY_DISCARD, "2026-11-29T07:59:00Z-1a2b3c4d", "team", "blue");
        return Stream.of(
                Arguments.of(DeleteMode.MIRROR, Map.of(), Drift.Kind.EXTRA),
                Arguments.of(DeleteMode.MIRROR, deleted, Drift.Kind.EXTRA),
                Arguments.of(DeleteMode.MIRROR, kept, Drift.Kind.RETAINED),
                Arguments.of(DeleteMode.RETAIN, Map.of(), Drift.Kind.EXTRA),
                Arguments.of(DeleteMode.RETAIN, deleted, Drift.Kind.RETAINED),
                Arguments.of(DeleteMode.RETAIN, kept, Drift.Kind.RETAINED),
                Arguments.of(DeleteMode.DELAYED, kept, Drift.Kind.RETAINED),
                Arguments.of(DeleteMode.MIRROR, null, Drift.Kind.EXTRA));
    }
}
