package io.github.s3drreplicator.audit;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

import io.github.s3drreplicator.aws.S3Clients;
import io.github.s3drreplicator.pair.BucketPair;
import io.github.s3drreplicator.pair.BucketPairs;
import io.github.s3drreplicator.pair.DeleteMode;
import io.github.s3drreplicator.replicate.DeletionMarks;
import io.github.s3drreplicator.replicate.KeyLooks;
import io.github.s3drreplicator.replicate.ObjectState;
import io.github.s3drreplicator.replicate.ReconcilePlanner;
import io.github.s3drreplicator.replicate.ReconcileStep.Side;

/**
 * Compares production with DR, pair by pair, by merging the two ordered listings as streams: one pass, memory flat
 * whatever the number of keys. Each key is compared in the pair its events go to: the first pair, in
 * {@code replicator.pairs} order, whose bucket and filters select it.
 *
 * <p>Content is compared as the reconciler compares it ({@link ObjectState#holdsCopyOf}): equal sizes and ETags are in
 * sync, as the replicator's copies keep their source's ETag; where the ETags differ, both objects are asked
 * (HeadObject) for their full-object checksums, which settle it where S3 keeps them. No object is read.
 *
 * <p>Unless only content is compared ({@link Comparison#CONTENT}), every key both sides hold with the same content is
 * looked at on both sides (HeadObject) and what the objects carry besides their bytes is compared by the reconciler's
 * rules ({@link ReconcilePlanner#propertiesDiffering}, {@link ReconcilePlanner#tagsWanted}): metadata drift, else,
 * where either side's tag count says it may have tags, their tags (GetObjectTagging): tag drift.
 *
 * <p>A key only in DR is drift, except where the pair's delete mode keeps copies of deleted objects and this copy
 * carries the deletion marks, or where an operator kept it when discarding a storm's deletes (in any mode): that one
 * is {@link Drift.Kind#RETAINED}, as it should be. Telling them apart takes a look at each such key's tags.
 *
 * <p>The looks run on their own threads ({@link KeyLooksInParallel}), so that the merge goes on while they wait for
 * S3; drift is therefore told from several threads, in no particular order.
 */
public class DriftFinder {

    /** Ranges of one bucket's keys listed at once ({@link BucketListing}); few, as listings are light. */
    static final int LISTING_PARALLELISM = 8;

    private final S3Clients clients;
    private final BucketPairs pairs;
    private final int lookParallelism;

    /** @param lookParallelism how many keys are looked at at once */
    public DriftFinder(S3Clients clients, BucketPairs pairs, int lookParallelism) {
        this.clients = clients;
        this.pairs = pairs;
        this.lookParallelism = lookParallelism;
    }

    /**
     * Reports every drift of the pair under the prefix to {@code drifts}, from any thread; returns how many source
     * objects were compared, once every look is done.
     */
    public long find(BucketPair pair, String prefix, Comparison comparison, Consumer<Drift> drifts) {
        return find(pair, prefix, comparison, drifts, () -> { });
    }

    /** As above; {@code compared} is told of each source object compared (for a progress display). */
    public long find(BucketPair pair, String prefix, Comparison comparison, Consumer<Drift> drifts,
                     Runnable compared) {
        String listed = narrower(pair.prefix(), prefix);
        if (listed == null) {
            return 0;
        }
        BucketListing source = new BucketListing(clients.forRegion(pair.sourceRegion()), pair.sourceBucket(), listed,
                LISTING_PARALLELISM);
        try {
            return find(pair, prefix, source, comparison, drifts, compared);
        } finally {
            source.close();
        }
    }

    /** As {@link #find(BucketPair, String, Comparison, Consumer)}, with the source side read from elsewhere. */
    public long find(BucketPair pair, String prefix, Iterator<ListedObject> sourceListing, Comparison comparison,
                     Consumer<Drift> drifts) {
        return find(pair, prefix, sourceListing, comparison, drifts, () -> { });
    }

    /** As above; {@code compared} is told of each source object compared (for a progress display). */
    public long find(BucketPair pair, String prefix, Iterator<ListedObject> sourceListing, Comparison comparison,
                     Consumer<Drift> drifts, Runnable compared) {
        String listed = narrower(pair.prefix(), prefix);
        if (listed == null) {
            return 0;
        }
        BucketListing target = new BucketListing(clients.forRegion(pair.targetRegion()), pair.targetBucket(), listed,
                LISTING_PARALLELISM);
        try (KeyLooksInParallel looks = new KeyLooksInParallel(lookParallelism)) {
            Iterator<ListedObject> src = counted(selected(pair, listed, sourceListing), compared);
            Iterator<ListedObject> dr = selected(pair, listed, target);
            long objects = merge(pair, src, dr, comparison, looks, drifts);
            looks.awaitAll();
            return objects;
        } finally {
            target.close();
        }
    }

    private long merge(BucketPair pair, Iterator<ListedObject> src, Iterator<ListedObject> dr, Comparison comparison,
                       KeyLooksInParallel looks, Consumer<Drift> drifts) {
        boolean sourceHoldsMarks = pairs.keepsMarks(pair.sourceBucket());
        long compared = 0;
        ListedObject s = next(src);
        ListedObject d = next(dr);
        while (s != null || d != null) {
            int order = s == null ? 1 : d == null ? -1 : compareKeys(s.key(), d.key());
            if (order < 0) {
                drifts.accept(new Drift(Drift.Kind.MISSING, s.key(), s, null));
                compared++;
                s = next(src);
            } else if (order > 0) {
                ListedObject extra = d;
                // a copy kept by its marks is no drift: its tags say (an operator's discard, in any mode)
                looks.submit(() -> drifts.accept(new Drift(onlyInDr(pair, KeyLooks.tags(
                        clients.forRegion(pair.targetRegion()), pair.targetBucket(), extra.key(), null)), extra.key(),
                        null, extra)));
                d = next(dr);
            } else {
                ListedObject source = s;
                ListedObject copy = d;
                if (decidedByListings(source, copy, comparison)) {
                    report(compare(pair, sourceHoldsMarks, comparison, source, copy, null), drifts);
                } else {
                    Looks looked = new S3Looks(pair, source.key());
                    looks.submit(() -> report(compare(pair, sourceHoldsMarks, comparison, source, copy, looked),
                            drifts));
                }
                compared++;
                s = next(src);
                d = next(dr);
            }
        }
        return compared;
    }

    private static void report(Drift drift, Consumer<Drift> drifts) {
        if (drift != null) {
            drifts.accept(drift);
        }
    }

    /** What the audit may ask S3 about one key on either side; {@link #compare} asks only what it needs. */
    interface Looks {
        /** The object (HeadObject); absent where the key is gone. */
        ObjectState head(Side side);

        /** The current version's tags (GetObjectTagging), or {@code null} where the key is gone. */
        Map<String, String> tags(Side side);
    }

    /** The key in the pair's buckets, each in its region. */
    private final class S3Looks implements Looks {
        private final BucketPair pair;
        private final String key;

        S3Looks(BucketPair pair, String key) {
            this.pair = pair;
            this.key = key;
        }

        @Override
        public ObjectState head(Side side) {
            return side == Side.SOURCE ? KeyLooks.head(clients.forRegion(pair.sourceRegion()), pair.sourceBucket(), key)
                    : KeyLooks.head(clients.forRegion(pair.targetRegion()), pair.targetBucket(), key);
        }

        @Override
        public Map<String, String> tags(Side side) {
            // without a version: s3:GetObjectTagging, which the audit's policy grants, reads the current one
            return side == Side.SOURCE
                    ? KeyLooks.tags(clients.forRegion(pair.sourceRegion()), pair.sourceBucket(), key, null)
                    : KeyLooks.tags(clients.forRegion(pair.targetRegion()), pair.targetBucket(), key, null);
        }
    }

    /** Whether the listings alone decide a key both hold: other sizes, or the same ETag where only content counts. */
    static boolean decidedByListings(ListedObject s, ListedObject d, Comparison comparison) {
        return s.size() != d.size() || (!comparison.properties() && Objects.equals(s.eTag(), d.eTag()));
    }

    /**
     * The drift of a key both listings hold, or {@code null} where there is none: other sizes are changed content;
     * else both objects are looked at (unless only content counts and the ETags agree) and compared as the reconciler
     * compares them: the content ({@link ObjectState#holdsCopyOf}), then what the objects carry besides their bytes
     * ({@link ReconcilePlanner#propertiesDiffering}), then, only where either side's tag count says it may have tags,
     * the tags ({@link ReconcilePlanner#tagsWanted}). Metadata drift is repaired by a new copy, which brings the tags
     * too: they are then not read. The looks are newer than the listings: a key gone from both meanwhile, or whose
     * tags went with it, is no drift.
     *
     * @param sourceHoldsMarks the source bucket is a DR bucket that keeps deleted objects marked
     * @param looks            asked about the key; {@code null} where the listings decide
     */
    static Drift compare(BucketPair pair, boolean sourceHoldsMarks, Comparison comparison, ListedObject s,
                         ListedObject d, Looks looks) {
        if (s.size() != d.size()) {
            return new Drift(Drift.Kind.CHANGED, s.key(), s, d);
        }
        if (decidedByListings(s, d, comparison)) {
            return null;
        }
        ObjectState source = looks.head(Side.SOURCE);
        ObjectState copy = looks.head(Side.TARGET);
        if (!source.exists() && !copy.exists()) {
            return null;
        }
        // other ETags: a checksum of the whole object (or, where ETags are no digests, the order of writing) decides
        if (!copy.holdsCopyOf(source)) {
            return new Drift(Drift.Kind.CHANGED, s.key(), s, d);
        }
        if (!comparison.properties()) {
            return null;
        }
        List<String> differing = ReconcilePlanner.propertiesDiffering(pair, false, sourceHoldsMarks, source, copy);
        if (!differing.isEmpty()) {
            return new Drift(Drift.Kind.METADATA, s.key(), s, d, differing);
        }
        if (!source.mayHaveTags() && !copy.mayHaveTags()) {
            return null;
        }
        Map<String, String> sourceTags = looks.tags(Side.SOURCE);
        Map<String, String> copyTags = sourceTags == null ? null : looks.tags(Side.TARGET);
        if (sourceTags == null || copyTags == null) {
            return null;
        }
        Map<String, String> wanted = ReconcilePlanner.tagsWanted(false, sourceHoldsMarks, sourceTags);
        return wanted == null || wanted.equals(copyTags) ? null : new Drift(Drift.Kind.TAGS, s.key(), s, d);
    }

    /** The longer of two prefixes when one starts with the other; {@code null} when they select nothing in common. */
    static String narrower(String a, String b) {
        if (a.startsWith(b)) {
            return a;
        }
        return b.startsWith(a) ? b : null;
    }

    /**
     * Only the keys whose events go to this pair: its filters select them and no pair before it does (the prefix is
     * listed already). A restore walks a pair reversed: its keys are those of the pair it reverses.
     */
    private Iterator<ListedObject> selected(BucketPair pair, String prefix, Iterator<ListedObject> listing) {
        return selected(pairs, pair, prefix, listing, ListedObject::key);
    }

    /** As above, for a listing of anything keyed ({@code keyOf}), of either bucket of the pair. */
    static <T> Iterator<T> selected(BucketPairs pairs, BucketPair pair, String prefix, Iterator<T> listing,
                                    java.util.function.Function<T, String> keyOf) {
        BucketPair owner = pairs.named(pair.name()).isPresent() ? pair : pairs.all().stream()
                .filter(candidate -> candidate.reversed().equals(pair)).findFirst().orElse(pair);
        if (pair.suffix().isEmpty() && prefix.startsWith(pair.prefix()) && pairs.onlyOwnerOfItsKeys(owner)) {
            return listing;
        }
        return new Iterator<>() {
            private T next = advance();

            private T advance() {
                while (listing.hasNext()) {
                    T candidate = listing.next();
                    String key = keyOf.apply(candidate);
                    if (key.startsWith(prefix) && owner.equals(pairs.owner(owner.sourceBucket(), key))) {
                        return candidate;
                    }
                }
                return null;
            }

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public T next() {
                if (next == null) {
                    throw new java.util.NoSuchElementException();
                }
                T answer = next;
                next = advance();
                return answer;
            }
        };
    }

    /** The listing as it is, {@code each} told of every entry taken from it. */
    private static Iterator<ListedObject> counted(Iterator<ListedObject> listing, Runnable each) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return listing.hasNext();
            }

            @Override
            public ListedObject next() {
                ListedObject answer = listing.next();
                each.run();
                return answer;
            }
        };
    }

    /**
     * What a key only in DR is, by its tags: retained where the pair's mode keeps copies of deleted objects and it is
     * marked so, or, in any mode, where an operator kept it when discarding a storm's deletes (final); else extra.
     *
     * @param tags its tags, {@code null} where it is gone since it was listed
     */
    static Drift.Kind onlyInDr(BucketPair pair, Map<String, String> tags) {
        boolean kept = DeletionMarks.isKeptByDiscard(tags)
                || (pair.deleteMode() != DeleteMode.MIRROR && DeletionMarks.isMarked(tags));
        return kept ? Drift.Kind.RETAINED : Drift.Kind.EXTRA;
    }

    /** S3 lists keys in UTF-8 binary order, which is code point order (not Java's UTF-16 order). */
    static int compareKeys(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    private static ListedObject next(Iterator<ListedObject> listing) {
        return listing.hasNext() ? listing.next() : null;
    }
}
