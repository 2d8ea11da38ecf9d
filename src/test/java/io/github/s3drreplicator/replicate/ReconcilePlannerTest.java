package io.github.s3drreplicator.replicate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.github.s3drreplicator.event.ObjectEvent;
import io.github.s3drreplicator.pair.BucketPair;
import io.github.s3drreplicator.pair.DeleteMode;
import io.github.s3drreplicator.replicate.KeyReplication.Origin;
import io.github.s3drreplicator.replicate.KeyReplication.Policy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The decision table: what the source holds × what DR holds × the event × the delete mode (× who wins, where both
 * sides are written) → the next step and the conditions its write carries. No S3 at all.
 */
class ReconcilePlannerTest {

    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
    private static final ReconcilePlanner PLANNER = new ReconcilePlanner(Clock.fixed(NOW, ZoneOffset.UTC),
            Duration.ofSeconds(3));
    private static final String MARKED_AT = "2026-11-29T08:00:00Z";

    // ---- what a side may hold ----

    private static ObjectState object(String eTag, String at, int tagCount) {
        return new ObjectState(true, eTag, 10L, "v-" + eTag, Map.of("owner", "ann"), ObjectState.Headers.NONE, null,
                tagCount, Instant.parse("2026-11-30T" + at + "Z"), false);
    }

    private static View seen(String eTag, String at) {
        return View.seen(object(eTag, at, 0));
    }

    private static View tagged(String eTag, String at, Map<String, String> tags) {
        return View.seen(object(eTag, at, tags.size())).withTags(tags);
    }

    private static View untoldTags(String eTag, String at) {
        return View.seen(object(eTag, at, 1));
    }

    private static final View ABSENT = View.seen(ObjectState.ABSENT);

    /** An object written at 10:00:00 with other user metadata than {@link #object}'s. */
    private static ObjectState withMetadata(String eTag, Map<String, String> metadata) {
        return new ObjectState(true, eTag, 10L, "v-" + eTag, metadata, ObjectState.Headers.NONE, null, 0,
                Instant.parse("2026-11-30T10:00:00Z"), false);
    }

    /** An object written at 10:00:00 with other content headers than {@link #object}'s. */
    private static ObjectState withHeaders(String eTag, ObjectState.Headers headers) {
        return new ObjectState(true, eTag, 10L, "v-" + eTag, Map.of("owner", "ann"), headers, null, 0,
                Instant.parse("2026-11-30T10:00:00Z"), false);
    }

    private static View announced(String eTag) {
        return View.announced(ObjectState.announced(eTag, 10L, null));
    }

    /** Versions and delete markers, newest first: "e1@10:00:00" or "deleted@10:00:00". */
    private static View history(View view, String... entries) {
        List<KeyHistory.Entry> list = new ArrayList<>();
        for (String entry : entries) {
            String[] parts = entry.split("@");
            list.add(new KeyHistory.Entry(parts[0].equals("deleted") ? null : parts[0],
                    Instant.parse("2026-11-30T" + parts[1] + "Z")));
        }
        return view.withHistory(new KeyHistory(list));
    }

    private static final Map<String, String> MARKS = Map.of(DeletionMarks.DELETED_AT, MARKED_AT);
    private static final String STORM = "2026-11-30T11:00:00Z-1a2b3c4d";
    /** What an operator's discard of {@link #STORM} left on a DR object. */
    private static final Map<String, String> KEPT = Map.of(DeletionMarks.DELETED_AT, MARKED_AT,
            DeletionMarks.KEPT_BY_DISCARD, STORM);

    // ---- a record ----

    private static BucketPair pair(DeleteMode mode) {
        return new BucketPair("default", "prod-bucket", "us-east-1", "", "", "dr-bucket", "us-east-2", null, null,
                mode, 7);
    }

    private record Case(String event, DeleteMode mode, Origin origin, Policy policy, View source, View target,
                        int conflicts, String expected) {

        KeyReplication replication() {
            BucketPair pair = origin == Origin.RESTORE ? pair(mode).reversed() : pair(mode);
            KeyReplication r = new KeyReplication(new ObjectEvent(event, pair.sourceBucket(), "k", 10L, "e1", null,
                    null, null), pair, origin, policy, false, null);
            if (origin == Origin.DISCARDED) {
                r.decidedFrom(STORM);
            }
            r.source(source);
            r.target(target);
            for (int i = 0; i < conflicts; i++) {
                View keep = r.source();
                r.conflicted();
                // the table states what is known after the conflict
                r.source(keep.knowledge() == View.Knowledge.ANNOUNCED && i == 0 ? keep : source);
                r.target(target);
            }
            return r;
        }

        @Override
        public String toString() {
            return event + " " + mode + (origin == Origin.EVENT ? "" : " " + origin)
                    + (policy == Policy.NEWER_WINS ? " newer-wins" : "") + (conflicts > 0 ? " after " + conflicts
                    + " refused" : "") + " -> " + expected;
        }
    }

    private static Arguments row(String event, DeleteMode mode, View source, View target, String expected) {
        return Arguments.of(new Case(event, mode, Origin.EVENT, Policy.MIRROR, source, target, 0, expected));
    }

    private static Arguments refused(int conflicts, View source, View target, String expected) {
        return Arguments.of(new Case("ObjectCreated:Put", DeleteMode.MIRROR, Origin.EVENT, Policy.MIRROR, source,
                target, conflicts, expected));
    }

    /** A held delete of {@link #STORM}, which an operator discarded. */
    private static Arguments discarded(View source, View target, String expected) {
        return Arguments.of(new Case("ObjectRemoved:Delete", DeleteMode.MIRROR, Origin.DISCARDED, Policy.MIRROR,
                source, target, 0, expected));
    }

    private static Arguments newerWins(View source, View target, String expected) {
        return Arguments.of(new Case("ObjectCreated:Copy", DeleteMode.MIRROR, Origin.EVENT, Policy.NEWER_WINS,
                source, target, 0, expected));
    }

    private static Arguments restore(View dr, View production, String expected) {
        return Arguments.of(new Case("ObjectCreated:Audit", DeleteMode.RETAIN, Origin.RESTORE, Policy.NEWER_WINS, dr,
                production, 0, expected));
    }

    static Stream<Arguments> table() {
        String put = "ObjectCreated:Put";
        String delete = "ObjectRemoved:Delete";
        DeleteMode mirror = DeleteMode.MIRROR;
        DeleteMode retain = DeleteMode.RETAIN;
        DeleteMode delayed = DeleteMode.DELAYED;
        return Stream.of(
                // the fast path: a new object in one request, DR looked at only if S3 refuses
                row(put, mirror, announced("e1"), View.UNKNOWN, "copy e1 over nothing"),
                refused(1, announced("e1"), View.UNKNOWN, "look TARGET STATE"),
                // DR holds the announced bytes already: the source's metadata and tags are worth a look
                refused(1, announced("e1"), seen("e1", "10:00:01"), "look SOURCE STATE"),
                refused(1, announced("e1"), seen("e0", "09:00:00"), "copy e1 over e0"),
                refused(1, announced("e1"), ABSENT, "look SOURCE STATE"),
                refused(2, View.UNKNOWN, View.UNKNOWN, "look TARGET STATE"),
                // the full path: the target first, so that a delete is conditioned on what DR held before the source
                // was seen without the key (a re-creation copied in between changes the ETag it names)
                row(delete, mirror, View.UNKNOWN, View.UNKNOWN, "look TARGET STATE"),
                row(delete, mirror, View.UNKNOWN, seen("e1", "10:00:00"), "look SOURCE STATE"),
                row(delete, mirror, ABSENT, View.UNKNOWN, "look TARGET STATE"),
                row(delete, mirror, ABSENT, seen("e1", "10:00:00"), "delete e1"),
                row(delete, mirror, ABSENT, ABSENT, "done already-absent"),
                row(put, mirror, ABSENT, ABSENT, "done source-gone"),
                row(put, mirror, ABSENT, seen("e1", "10:00:00"), "delete e1"),
                // a delete event for an object production still has never deletes it
                row(delete, mirror, seen("e1", "10:00:00"), seen("e1", "10:00:01"), "done already-in-sync"),
                row(delete, mirror, seen("e1", "10:00:00"), ABSENT, "copy e1 over nothing"),
                row(put, mirror, seen("e1", "10:00:00"), seen("e0", "11:00:00"), "copy e1 over e0"),
                // an object uploaded in parts is copied in its parts, with what the upload must set itself
                row(put, mirror, seen("aa-3", "10:00:00"), ABSENT, "copy aa-3 over nothing in parts,"
                        + " metadata {owner=ann}, tags {}"),
                row(put, mirror, untoldTags("aa-3", "10:00:00"), ABSENT, "look SOURCE TAGS"),
                row(put, mirror, tagged("aa-3", "10:00:00", Map.of("team", "x")), seen("e0", "09:00:00"),
                        "copy aa-3 over e0 in parts, metadata {owner=ann}, tags {team=x}"),
                // tags
                row("ObjectTagging:Put", mirror, tagged("e1", "10:00:00", Map.of("team", "x")),
                        tagged("e1", "10:00:01", Map.of()), "tag e1's version with {team=x}"),
                row("ObjectTagging:Put", mirror, tagged("e1", "10:00:00", Map.of("team", "x")),
                        tagged("e1", "10:00:01", Map.of("team", "x")), "done already-in-sync"),
                // a tag change whose event was lost: any record of the key finds it where either side has tags
                row(put, mirror, tagged("e1", "10:00:00", Map.of("team", "y")),
                        tagged("e1", "10:00:01", Map.of("team", "x")), "tag e1's version with {team=y}"),
                row(put, mirror, untoldTags("e1", "10:00:00"), seen("e1", "10:00:01"), "look SOURCE TAGS"),
                row(put, mirror, seen("e1", "10:00:00"), untoldTags("e1", "10:00:01"), "look TARGET TAGS"),
                row(put, mirror, tagged("e1", "10:00:00", Map.of()), tagged("e1", "10:00:01", Map.of("team", "x")),
                        "tag e1's version with {}"),
                // metadata: a copy in place with new metadata keeps the ETag; DR gets a new copy of the source
                row("ObjectCreated:Copy", mirror, View.seen(withMetadata("e1", Map.of("owner", "bob"))),
                        seen("e1", "10:00:01"), "copy e1 over e1"),
                row("ObjectCreated:Copy", mirror, View.seen(withHeaders("e1", new ObjectState.Headers(
                        "text/csv", null, null, null, null, null))), seen("e1", "10:00:01"), "copy e1 over e1"),
                row("ObjectCreated:Copy", mirror, View.seen(withHeaders("e1", new ObjectState.Headers(
                        null, null, null, null, null, null, "/elsewhere.html"))), seen("e1", "10:00:01"),
                        "copy e1 over e1"),
                row("ObjectCreated:Copy", mirror, View.seen(withMetadata("aa-3", Map.of("owner", "bob"))),
                        seen("aa-3", "10:00:01"), "copy aa-3 over aa-3 in parts, metadata {owner=bob}, tags {}"),
                // both directions: metadata flows only from the side written in a later second
                newerWins(View.seen(withMetadata("e1", Map.of("owner", "bob"))), seen("e1", "09:00:00"),
                        "copy e1 over e1"),
                newerWins(View.seen(withMetadata("e1", Map.of("owner", "bob"))), seen("e1", "10:00:00"),
                        "done already-in-sync"),
                // delete modes
                row(delete, retain, ABSENT, seen("e1", "10:00:00"), "tag e1's version with marks {"
                        + DeletionMarks.DELETED_AT + "=2026-11-30T12:00:00Z}"),
                row(delete, retain, ABSENT, untoldTags("e1", "10:00:00"), "look TARGET TAGS"),
                row(delete, retain, ABSENT, tagged("e1", "10:00:00", MARKS), "done already-retained"),
                row(delete, delayed, ABSENT, seen("e1", "10:00:00"), "mark: copy e1 over e1, metadata {owner=ann, "
                        + DeletionMarks.DELETED_AT + "=2026-11-30T12:00:00Z}, tags {" + DeletionMarks.EXPIRE_AFTER_DAYS
                        + "=7, " + DeletionMarks.DELETED_AT + "=2026-11-30T12:00:00Z}"),
                // a copy an operator kept by discarding its storm is kept for good, in any mode; a mirror looks at
                // the tags of an object that has some before it deletes it
                row(delete, mirror, ABSENT, untoldTags("e1", "10:00:00"), "look TARGET TAGS"),
                row(delete, mirror, ABSENT, tagged("e1", "10:00:00", Map.of("team", "x")), "delete e1"),
                row(delete, mirror, ABSENT, tagged("e1", "10:00:00", MARKS), "delete e1"),
                row(delete, mirror, ABSENT, tagged("e1", "10:00:00", KEPT), "done kept-by-discard"),
                row(put, mirror, ABSENT, tagged("e1", "10:00:00", KEPT), "done kept-by-discard"),
                row(delete, retain, ABSENT, tagged("e1", "10:00:00", KEPT), "done kept-by-discard"),
                row(delete, delayed, ABSENT, tagged("e1", "10:00:00", KEPT), "done kept-by-discard"),
                // ... and production writing the key again replicates it as any write: the marks go
                row(put, mirror, tagged("e1", "10:00:00", Map.of()), tagged("e1", "09:00:00", KEPT),
                        "tag e1's version with {}"),
                row(put, mirror, seen("e2", "10:00:00"), tagged("e1", "09:00:00", KEPT), "copy e2 over e1"),
                // the discard itself: DR's object marked, nothing copied or deleted
                discarded(View.UNKNOWN, View.UNKNOWN, "look TARGET STATE"),
                discarded(ABSENT, seen("e1", "10:00:00"), "tag e1's version with marks {"
                        + DeletionMarks.DELETED_AT + "=2026-11-30T12:00:00Z, " + DeletionMarks.KEPT_BY_DISCARD + "="
                        + STORM + "}"),
                discarded(ABSENT, tagged("e1", "10:00:00", Map.of("team", "x")), "tag e1's version with marks {"
                        + DeletionMarks.DELETED_AT + "=2026-11-30T12:00:00Z, " + DeletionMarks.KEPT_BY_DISCARD + "="
                        + STORM + ", team=x}"),
                discarded(ABSENT, untoldTags("e1", "10:00:00"), "look TARGET TAGS"),
                discarded(ABSENT, tagged("e1", "10:00:00", KEPT), "done already-retained"),
                discarded(ABSENT, ABSENT, "done already-absent"),
                discarded(seen("e2", "10:00:00"), seen("e1", "09:00:00"), "done source-present"),
                // a kept copy whose object production has again loses its marks
                row(put, retain, tagged("e1", "10:00:00", Map.of()), tagged("e1", "09:00:00", MARKS),
                        "tag e1's version with {}"),
                // both directions at once: whichever side moved on from the other's state wins
                newerWins(seen("e1", "10:00:00"), seen("e2", "10:00:09"), "look SOURCE HISTORY"),
                // both directions: an announcement is never copied at once, onto nothing or over DR's object
                newerWins(announced("e1"), View.UNKNOWN, "look TARGET STATE"),
                newerWins(announced("e1"), seen("e0", "10:00:09"), "look SOURCE STATE"),
                newerWins(history(seen("e1", "10:00:00"), "e1@10:00:00"),
                        history(seen("e2", "10:00:09"), "e2@10:00:09"), "done target-newer"),
                newerWins(history(seen("e2", "10:00:03"), "e2@10:00:03", "e1@10:00:00"),
                        history(seen("e1", "10:00:05"), "e1@10:00:05"), "copy e2 over e1"),
                newerWins(history(seen("e1", "10:00:05"), "e1@10:00:05"),
                        history(seen("e2", "10:00:03"), "e2@10:00:03", "e1@10:00:00"), "done target-newer"),
                newerWins(history(ABSENT, "deleted@10:10:00", "e1@10:00:00"),
                        history(seen("e1", "10:00:01"), "e1@10:00:01"), "delete e1"),
                newerWins(history(seen("e1", "10:00:01"), "e1@10:00:01"),
                        history(ABSENT, "deleted@10:10:00", "e1@10:00:00"), "done target-newer"),
                newerWins(history(ABSENT), history(seen("e1", "10:00:01"), "e1@10:00:01"), "done target-newer"),
                // production deleted and wrote again; DR's deletion is the replica of production's: production wins
                newerWins(history(seen("e2", "10:00:06"), "e2@10:00:06", "deleted@10:00:04", "e1@10:00:00"),
                        history(ABSENT, "deleted@10:00:05", "e1@10:00:01"), "copy e2 over nothing"),
                newerWins(history(ABSENT, "deleted@10:00:05", "e1@10:00:01"),
                        history(seen("e2", "10:00:06"), "e2@10:00:06", "deleted@10:00:04", "e1@10:00:00"),
                        "done target-newer"),
                // ... and where DR deleted later, before production's new write reached it, DR wins: all deletions
                // look alike, they are ordered by time (BothDirectionsHistoryIT, seed 28727949320586)
                newerWins(history(seen("e2", "10:00:06"), "e2@10:00:06", "deleted@10:00:04", "e1@10:00:00"),
                        history(ABSENT, "deleted@10:00:20", "e1@10:00:01"), "done target-newer"),
                newerWins(history(ABSENT, "deleted@10:00:20", "e1@10:00:01"),
                        history(seen("e2", "10:00:06"), "e2@10:00:06", "deleted@10:00:04", "e1@10:00:00"),
                        "delete e2"),
                // in whole seconds, as S3 dates objects: a deletion in the write's second does not beat it
                newerWins(history(seen("e2", "10:00:06"), "e2@10:00:06", "deleted@10:00:04", "e1@10:00:00"),
                        history(ABSENT, "deleted@10:00:06.700", "e1@10:00:01"), "copy e2 over nothing"),
                newerWins(seen("e1", "10:00:00"), seen("e1", "10:00:09"), "done already-in-sync"),
                // a deletion that beats the target's object by date alone, made a moment ago (NOW is 12:00:00, and a
                // marker dated 11:59:59 may have been made up to 12:00:00): it may be the other direction's own,
                // overtaken by a write about to follow it; looked at again once it has stood 3 s
                newerWins(history(ABSENT, "deleted@11:59:59.200", "e1@11:00:00"),
                        history(seen("e2", "11:59:58"), "e2@11:59:58"), "wait 3000 ms"),
                // ... unless it is old enough, or the source deleted the very object the target holds
                newerWins(history(ABSENT, "deleted@11:59:56", "e1@11:00:00"),
                        history(seen("e2", "11:59:55"), "e2@11:59:55"), "delete e2"),
                newerWins(history(ABSENT, "deleted@11:59:59", "e2@11:59:58"),
                        history(seen("e2", "11:59:58"), "e2@11:59:58"), "delete e2"),
                // a restore: DR back to production, never over a newer write there, kept copies without their marks
                restore(history(seen("e1", "10:00:00"), "e1@10:00:00"), history(ABSENT),
                        "restore: copy e1 over nothing"),
                restore(history(seen("e1", "10:00:00"), "e1@10:00:00"),
                        history(ABSENT, "deleted@11:00:00", "e1@09:00:00"), "restore: copy e1 over nothing"),
                restore(history(seen("e1", "10:00:00"), "e1@10:00:00"),
                        history(seen("e2", "10:05:00"), "e2@10:05:00"), "done production-newer"),
                restore(history(seen("e1", "10:05:00"), "e1@10:05:00"),
                        history(seen("e0", "10:00:00"), "e0@10:00:00"), "restore: copy e1 over e0"),
                restore(history(tagged("e1", "10:00:00", Map.of(DeletionMarks.DELETED_AT, MARKED_AT, "team", "x")),
                        "e1@10:00:00"), history(ABSENT), "restore: copy e1 over nothing, metadata {owner=ann},"
                        + " tags {team=x}"),
                restore(ABSENT, seen("e1", "10:00:00"), "done not-in-dr"),
                // ... and never over a write it cannot tell is older: the same second
                restore(history(seen("e1", "10:00:05"), "e1@10:00:05"),
                        history(seen("e0", "10:00:05.900"), "e0@10:00:05.900"), "done production-newer"),
                restore(history(seen("e1", "10:00:05"), "e1@10:00:05", "e0@10:00:01"),
                        history(seen("e0", "10:00:05"), "e0@10:00:05"), "restore: copy e1 over e0"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void decides(Case c) {
        assertThat(describe(PLANNER.next(c.replication()))).isEqualTo(c.expected());
    }

    // ---- restore --as-of: production back to DR's version of an instant ----

    private static final Instant RESTORE_STARTED = Instant.parse("2026-11-30T11:00:00.400Z");

    /**
     * A key a restore to an instant (09:00) brings back: {@code version} is DR's version then ({@code null}: none),
     * {@code listed} what production's listing showed ({@code null}: nothing); {@code dr} is that version as looked
     * at, {@code production} the key there now.
     */
    private static KeyReplication asOf(String version, String listed, boolean prune, View dr, View production) {
        BucketPair reversed = pair(DeleteMode.MIRROR).reversed();
        KeyReplication r = new KeyReplication(new ObjectEvent("ObjectCreated:RestoreAsOf", reversed.sourceBucket(),
                "k", 10L, null, null, null, null), reversed, Origin.RESTORE, Policy.NEWER_WINS, false, null)
                .restoreStartedAt(RESTORE_STARTED)
                .restoringAsOf(new KeyAsOf(version, listed, prune));
        r.source(dr);
        r.target(production);
        return r;
    }

    private static Arguments asOfRow(String version, String listed, boolean prune, View dr, View production,
                                     String expected) {
        return Arguments.of(version + " then, " + listed + " listed" + (prune ? ", pruning" : ""),
                asOf(version, listed, prune, dr, production), expected);
    }

    private static View multipart(String eTag, Map<String, String> tags) {
        return View.seen(new ObjectState(true, eTag, 10L, "v-" + eTag, Map.of("owner", "ann"),
                ObjectState.Headers.NONE, null, tags.size(), Instant.parse("2026-11-30T08:00:00Z"), false))
                .withTags(tags);
    }

    static Stream<Arguments> asOfTable() {
        return Stream.of(
                // what production holds is looked at first, then the version
                asOfRow("v-e1", null, false, View.UNKNOWN, View.UNKNOWN, "look TARGET STATE"),
                asOfRow("v-e1", null, false, View.UNKNOWN, ABSENT, "look SOURCE STATE"),
                // deleted since: the version comes back, as it was, over nothing
                asOfRow("v-e1", null, false, seen("e1", "08:00:00"), ABSENT,
                        "restore: copy e1 of version v-e1 over nothing"),
                // overwritten since (the ransom's encryption, newer than the version): overwritten back
                asOfRow("v-e1", "e9", false, seen("e1", "08:00:00"), seen("e9", "10:30:00"),
                        "restore: copy e1 of version v-e1 over e9"),
                asOfRow("v-e1", "e1", false, seen("e1", "08:00:00"), seen("e1", "08:00:00"), "done already-in-sync"),
                // the version's tags, where it has some, and without the marks of a copy DR kept after a deletion
                asOfRow("v-e1", null, false, untoldTags("e1", "08:00:00"), ABSENT, "look SOURCE TAGS"),
                asOfRow("v-e1", null, false, tagged("e1", "08:00:00", Map.of("team", "x")), ABSENT,
                        "restore: copy e1 of version v-e1 over nothing"),
                asOfRow("v-e1", null, false, tagged("e1", "08:00:00", Map.of(DeletionMarks.DELETED_AT, MARKED_AT,
                        "team", "x")), ABSENT, "restore: copy e1 of version v-e1 over nothing, metadata"
                        + " {owner=ann}, tags {team=x}"),
                asOfRow("v-e1", null, false, tagged("e1", "08:00:00", MARKS), ABSENT,
                        "restore: copy e1 of version v-e1 over nothing, metadata {owner=ann}, tags {}"),
                // uploaded in parts: in its own parts, its metadata and tags given to the new upload
                asOfRow("v-e1-2", null, false, multipart("e1-2", Map.of("team", "x")), ABSENT,
                        "restore: copy e1-2 of version v-e1-2 over nothing in parts, metadata {owner=ann},"
                                + " tags {team=x}"),
                asOfRow("v-e1-2", null, false, multipart("e1-2", Map.of()), ABSENT,
                        "restore: copy e1-2 of version v-e1-2 over nothing in parts, metadata {owner=ann}"),
                // expired since it was listed
                asOfRow("v-e1", null, false, ABSENT, ABSENT, "done version-gone"),
                // the application's: changed since the listing, or written in the second the restore began or later
                asOfRow("v-e1", "e9", false, View.UNKNOWN, seen("e8", "10:30:00"), "done production-newer"),
                asOfRow("v-e1", "e9", false, View.UNKNOWN, ABSENT, "done production-newer"),
                asOfRow("v-e1", null, false, View.UNKNOWN, seen("e8", "10:30:00"), "done production-newer"),
                asOfRow("v-e1", "e9", false, View.UNKNOWN, seen("e9", "11:00:00"), "done production-newer"),
                asOfRow("v-e1", "e9", false, View.UNKNOWN, seen("e9", "10:59:59"), "look SOURCE STATE"),
                // created since: left alone, or pruned on the condition that it is still what was listed
                asOfRow(null, "e9", false, View.UNKNOWN, seen("e9", "10:30:00"), "done created-since"),
                asOfRow(null, "e9", true, View.UNKNOWN, seen("e9", "10:30:00"), "delete e9"),
                asOfRow(null, "e9", true, View.UNKNOWN, seen("e8", "10:30:00"), "done production-newer"),
                asOfRow(null, null, true, View.UNKNOWN, ABSENT, "done already-absent"));
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("asOfTable")
    void restoresAsOfAnInstant(String name, KeyReplication r, String expected) {
        assertThat(describe(PLANNER.next(r))).isEqualTo(expected);
    }

    @Test
    void aRestoreAsOfAnInstantKeepsWhatProductionWroteUnderItsWrite() {
        View version = seen("e1", "08:00:00");
        View encrypted = seen("e9", "10:30:00");
        KeyReplication r = asOf("v-e1", "e9", false, version, encrypted);
        assertThat(describe(PLANNER.next(r))).isEqualTo("restore: copy e1 of version v-e1 over e9");

        // S3 refused the copy: the application wrote the key meanwhile
        r.conflicted();
        r.target(seen("e2", "11:00:05"));
        assertThat(describe(PLANNER.next(r))).isEqualTo("done production-newer");

        // refused with production as it was (the version expired under the copy): the version is looked at again
        KeyReplication expired = asOf("v-e1", "e9", false, version, encrypted);
        PLANNER.next(expired);
        expired.conflicted();
        expired.target(encrypted);
        assertThat(describe(PLANNER.next(expired))).isEqualTo("look SOURCE STATE");
        expired.source(ABSENT);
        assertThat(describe(PLANNER.next(expired))).isEqualTo("done version-gone");

        // a prune refused because the application wrote the key again
        KeyReplication pruned = asOf(null, "e9", true, View.UNKNOWN, encrypted);
        assertThat(describe(PLANNER.next(pruned))).isEqualTo("delete e9");
        pruned.conflicted();
        pruned.target(seen("e3", "11:00:07"));
        assertThat(describe(PLANNER.next(pruned))).isEqualTo("done production-newer");
    }

    @Test
    void aDeletionOfOursThatTheSourceOvertookLosesToTheSourcesWriteWhileItIsTheTargetsNewest() {
        View production = history(seen("e2", "10:00:06"), "e2@10:00:06", "deleted@10:00:04", "e1@10:00:00");
        View dr = history(ABSENT, "deleted@10:00:08", "e1@10:00:01");
        KeyReplication r = ((Case) newerWins(production, dr, "").get()[0]).replication();
        assertThat(describe(PLANNER.next(r))).as("by date alone").isEqualTo("done target-newer");

        r.deletionOvertaken(new KeyHistory.Entry(null, Instant.parse("2026-11-30T10:00:08Z")));
        assertThat(describe(PLANNER.next(r))).isEqualTo("look TARGET STATE");
        r.source(production);
        r.target(dr);
        assertThat(describe(PLANNER.next(r))).isEqualTo("copy e2 over nothing");
        // the application deleted in DR after ours: that deletion is the newer state
        r.target(history(ABSENT, "deleted@10:00:09", "deleted@10:00:08", "e1@10:00:01"));
        assertThat(describe(PLANNER.next(r))).isEqualTo("done target-newer");
    }

    @Test
    void aRecordPausesForAFreshDeletionOnceAndThenLooksAtBothSidesAgain() {
        View dr = history(ABSENT, "deleted@11:59:59", "e1@11:00:00");
        View production = history(seen("e2", "11:59:58"), "e2@11:59:58");
        KeyReplication r = ((Case) newerWins(dr, production, "").get()[0]).replication();
        assertThat(describe(PLANNER.next(r))).isEqualTo("wait 3000 ms");

        r.waited();
        assertThat(describe(PLANNER.next(r))).isEqualTo("look TARGET STATE");
        r.source(dr);
        r.target(production);
        assertThat(describe(PLANNER.next(r))).as("once only").isEqualTo("delete e2");
    }

    @Test
    void aDeleteIsDecidedOnWhatTheTargetHeldBeforeTheSourceWasSeenWithoutTheKey() {
        KeyReplication r = ((Case) row("ObjectRemoved:Delete", DeleteMode.MIRROR, View.UNKNOWN, View.UNKNOWN, "")
                .get()[0]).replication();
        assertThat(describe(PLANNER.next(r))).isEqualTo("look TARGET STATE");
        r.target(seen("e1", "10:00:00"));
        assertThat(describe(PLANNER.next(r))).isEqualTo("look SOURCE STATE");
        r.source(ABSENT);
        assertThat(describe(PLANNER.next(r))).as("conditioned on what was seen first").isEqualTo("delete e1");
        // production wrote the key again and its copy reached DR in between: S3 refuses the delete
        r.conflicted();
        assertThat(describe(PLANNER.next(r))).isEqualTo("look TARGET STATE");
        r.target(seen("e2", "10:00:03"));
        assertThat(describe(PLANNER.next(r))).isEqualTo("look SOURCE STATE");
        r.source(seen("e2", "10:00:02"));
        assertThat(describe(PLANNER.next(r))).isEqualTo("done already-in-sync");
    }

    @Test
    void metadataIsComparedWithThePairsStorageClassWhereItNamesOne() {
        BucketPair infrequent = new BucketPair("default", "prod-bucket", "us-east-1", "", "", "dr-bucket",
                "us-east-2", "STANDARD_IA", null, DeleteMode.MIRROR, 7);
        KeyReplication r = new KeyReplication(new ObjectEvent("ObjectCreated:Copy", "prod-bucket", "k", 10L, "e1",
                null, null, null), infrequent, Origin.EVENT, Policy.MIRROR, false, null);
        r.source(seen("e1", "10:00:00"));
        r.target(seen("e1", "10:00:01"));
        assertThat(describe(PLANNER.next(r))).as("DR's copy in STANDARD").isEqualTo("copy e1 over e1");

        ObjectState inClass = new ObjectState(true, "e1", 10L, "v-e1", Map.of("owner", "ann"),
                ObjectState.Headers.NONE, null, 0, Instant.parse("2026-11-30T10:00:01Z"), false, "STANDARD_IA");
        r.target(View.seen(inClass));
        assertThat(describe(PLANNER.next(r))).isEqualTo("done already-in-sync");

        // without a class of the pair's, DR's copies are in whatever class S3 or a lifecycle rule gives them
        KeyReplication mirror = ((Case) row("ObjectCreated:Copy", DeleteMode.MIRROR, seen("e1", "10:00:00"),
                View.seen(inClass), "").get()[0]).replication();
        assertThat(describe(PLANNER.next(mirror))).isEqualTo("done already-in-sync");
    }

    @Test
    void afterTagsAreSetTheSourcesTagsAreReadOnceMoreAndSetAgainIfTheyChangedMeanwhile() {
        KeyReplication r = ((Case) row("ObjectTagging:Put", DeleteMode.MIRROR,
                tagged("e1", "10:00:00", Map.of("team", "x")), tagged("e1", "10:00:01", Map.of()), "").get()[0])
                .replication();
        ReconcileStep.Tag first = (ReconcileStep.Tag) PLANNER.next(r);
        r.tagsWritten(first);
        assertThat(describe(PLANNER.next(r))).isEqualTo("look SOURCE TAGS");
        // another tag change landed in production after this record read the tags
        r.source(r.source().withTags(Map.of("team", "y")));
        ReconcileStep again = PLANNER.next(r);
        assertThat(describe(again)).isEqualTo("tag e1's version with {team=y}");
        r.tagsWritten((ReconcileStep.Tag) again);
        assertThat(r.conflicts()).as("each new round counts").isEqualTo(1);
        r.source(r.source().withTags(Map.of("team", "y")));
        assertThat(describe(PLANNER.next(r))).isEqualTo("done tags-synced");
        assertThat(r.getOutcome()).isEqualTo("tags-synced");
    }

    @Test
    void aRestoreKeepsWhatProductionWroteOrDeletedUnderItsWrite() {
        View dr = history(seen("e1", "10:05:00"), "e1@10:05:00");
        View olderInProduction = history(seen("e0", "10:00:00"), "e0@10:00:00");
        KeyReplication r = ((Case) restore(dr, olderInProduction, "").get()[0]).replication();
        assertThat(describe(PLANNER.next(r))).isEqualTo("restore: copy e1 over e0");

        // S3 refused: the application wrote the key meanwhile (412)
        r.conflicted();
        r.source(dr);
        r.target(history(seen("e2", "10:00:00"), "e2@10:00:00", "e0@10:00:00"));
        assertThat(describe(PLANNER.next(r))).as("after a 412").isEqualTo("done production-newer");

        // ... or deleted it, in a versioned production (404, or 412 on the If-Match)
        KeyReplication deleted = ((Case) restore(dr, olderInProduction, "").get()[0]).replication();
        PLANNER.next(deleted);
        deleted.conflicted();
        deleted.source(dr);
        deleted.target(history(ABSENT, "deleted@10:00:00", "e0@10:00:00"));
        assertThat(describe(PLANNER.next(deleted))).as("after a 404").isEqualTo("done production-newer");

        // refused because DR's side changed, production as it was: decided again as before
        KeyReplication drChanged = ((Case) restore(dr, olderInProduction, "").get()[0]).replication();
        PLANNER.next(drChanged);
        drChanged.conflicted();
        drChanged.source(history(seen("e3", "10:06:00"), "e3@10:06:00", "e1@10:05:00"));
        drChanged.target(olderInProduction);
        assertThat(describe(PLANNER.next(drChanged))).isEqualTo("restore: copy e3 over e0");
    }

    @Test
    void aRestoreKeepsWhatProductionWroteOrDeletedSinceItBegan() {
        View dr = history(seen("e1", "10:05:00"), "e1@10:05:00");
        KeyReplication written = ((Case) restore(dr, history(seen("e2", "10:00:00"), "e2@10:00:00"), "").get()[0])
                .replication().restoreStartedAt(Instant.parse("2026-11-30T09:59:59.500Z"));
        assertThat(describe(PLANNER.next(written))).isEqualTo("done production-newer");

        KeyReplication deleted = ((Case) restore(dr, history(ABSENT, "deleted@10:00:00", "e0@09:00:00"), "")
                .get()[0]).replication().restoreStartedAt(Instant.parse("2026-11-30T10:00:00Z"));
        assertThat(describe(PLANNER.next(deleted))).isEqualTo("done production-newer");

        // lost before the restore began: brought back
        KeyReplication lost = ((Case) restore(dr, history(ABSENT, "deleted@10:00:00", "e0@09:00:00"), "")
                .get()[0]).replication().restoreStartedAt(Instant.parse("2026-11-30T10:00:01Z"));
        assertThat(describe(PLANNER.next(lost))).isEqualTo("restore: copy e1 over nothing");
    }

    @Test
    void onATieBothDirectionsAgreeOnOneWinner() {
        KeyHistory.Entry a = new KeyHistory.Entry("aaa", Instant.parse("2026-11-30T10:00:00Z"));
        KeyHistory.Entry b = new KeyHistory.Entry("bbb", Instant.parse("2026-11-30T10:00:00Z"));
        KeyHistory.Entry deleted = new KeyHistory.Entry(null, Instant.parse("2026-11-30T10:00:00Z"));
        KeyHistory none = KeyHistory.NONE;

        assertThat(ReconcilePlanner.sourceIsNewer(none, a, none, b))
                .isNotEqualTo(ReconcilePlanner.sourceIsNewer(none, b, none, a));
        assertThat(ReconcilePlanner.sourceIsNewer(none, a, none, deleted)).as("an object beats a deletion").isTrue();
        assertThat(ReconcilePlanner.sourceIsNewer(none, deleted, none, a)).isFalse();
    }

    @Test
    void theFastPathIsForSingleUploadsCopiedWithoutAKeyOfOurs() {
        BucketPair plain = pair(DeleteMode.MIRROR);
        BucketPair kms = new BucketPair("kms", "prod-bucket", "us-east-1", "", "", "dr-bucket", "us-east-2", null,
                "arn:aws:kms:key", DeleteMode.MIRROR, 7);

        assertThat(ReconcilePlanner.fastPathFor("0123456789abcdef0123456789abcdef", 3L, plain)).isTrue();
        assertThat(ReconcilePlanner.fastPathFor("0123456789abcdef0123456789abcdef-2", 3L, plain)).isFalse();
        assertThat(ReconcilePlanner.fastPathFor("0123456789abcdef0123456789abcdef", 3L, kms)).isFalse();
        assertThat(ReconcilePlanner.fastPathFor(null, 3L, plain)).isFalse();
    }

    /** The step, in the words of the table. */
    static String describe(ReconcileStep step) {
        if (step instanceof ReconcileStep.Look look) {
            return "look " + look.side() + " " + look.need();
        }
        if (step instanceof ReconcileStep.Copy copy) {
            String prefix = switch (copy.purpose()) {
                case REPLICATE -> "";
                case MARK -> "mark: ";
                case RESTORE -> "restore: ";
            };
            return prefix + "copy " + copy.source().eTag()
                    + (copy.sourceVersionId() == null ? "" : " of version " + copy.sourceVersionId()) + " over "
                    + (copy.destination().ifMatch() == null ? "nothing" : copy.destination().ifMatch())
                    + (copy.inParts() ? " in parts" : "")
                    + (copy.metadata() == null ? "" : ", metadata " + sorted(copy.metadata()))
                    + (copy.tags() == null ? "" : ", tags " + sorted(copy.tags()));
        }
        if (step instanceof ReconcileStep.Delete delete) {
            return "delete " + delete.destination().ifMatch();
        }
        if (step instanceof ReconcileStep.Wait wait) {
            return "wait " + wait.pause().toMillis() + " ms";
        }
        if (step instanceof ReconcileStep.Tag tag) {
            return "tag " + tag.versionId().substring(2) + "'s version with " + (tag.mark() ? "marks " : "")
                    + sorted(tag.tags());
        }
        return "done " + ((ReconcileStep.Done) step).reason();
    }

    private static String sorted(Map<String, String> map) {
        return map.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", ", "{", "}"));
    }

}
