package io.github.s3drreplicator.audit;

import java.util.Iterator;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

import java.util.stream.Collectors;

import io.github.s3drreplicator.aws.S3Clients;
import io.github.s3drreplicator.pair.BucketPair;
import io.github.s3drreplicator.pair.BucketPairs;
import io.github.s3drreplicator.pair.DeleteMode;
import io.github.s3drreplicator.replicate.DeletionMarks;
import io.github.s3drreplicator.replicate.KeyLooks;
import io.github.s3drreplicator.replicate.ObjectState;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.Tag;

/**
 * Compares production with DR, pair by pair, by merging the two ordered listings as streams: one pass, memory flat
 * whatever the number of keys. Each key is compared in the pair its events go to: the first pair, in
 * {@code replicator.pairs} order, whose bucket and filters select it.
 *
 * <p>Content is compared as the reconciler compares it ({@link ObjectState#holdsCopyOf}): equal sizes and ETags are in
 * sync, as the replicator's copies keep their source's ETag; where the ETags differ, both objects are asked
 * (HeadObject) for their full-object checksums, which settle it where S3 keeps them. No object is read.
 *
 * <p>A key only in DR is drift, except where the pair's delete mode keeps copies of deleted objects and this copy
 * carries the deletion marks: that one is {@link Drift.Kind#RETAINED}, as it should be.
 */
public class DriftFinder {

    private final S3Clients clients;
    private final BucketPairs pairs;

    public DriftFinder(S3Clients clients, BucketPairs pairs) {
        this.clients = clients;
        this.pairs = pairs;
    }

    /**
     * Reports every drift of the pair under the prefix to {@code drifts}; returns how many source objects were
     * compared.
     */
    public long find(BucketPair pair, String prefix, Consumer<Drift> drifts) {
        String listed = narrower(pair.prefix(), prefix);
        if (listed == null) {
            return 0;
        }
        ExecutorService lister = listingThread();
        try {
            return find(pair, prefix,
                    new BucketListing(clients.forRegion(pair.sourceRegion()), pair.sourceBucket(), listed, lister),
                    drifts);
        } finally {
            lister.shutdownNow();
        }
    }

    /** As {@link #find(BucketPair, String, Consumer)}, with the source side read from elsewhere (an inventory). */
    public long find(BucketPair pair, String prefix, Iterator<ListedObject> sourceListing, Consumer<Drift> drifts) {
        String listed = narrower(pair.prefix(), prefix);
        if (listed == null) {
            return 0;
        }
        ExecutorService lister = listingThread();
        try {
            Iterator<ListedObject> src = selected(pair, listed, sourceListing);
            Iterator<ListedObject> dr = selected(pair, listed,
                    new BucketListing(clients.forRegion(pair.targetRegion()), pair.targetBucket(), listed, lister));
            return merge(pair, src, dr, drifts);
        } finally {
            lister.shutdownNow();
        }
    }

    private static ExecutorService listingThread() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "audit-listing");
            thread.setDaemon(true);
            return thread;
        });
    }

    private long merge(BucketPair pair, Iterator<ListedObject> src, Iterator<ListedObject> dr, Consumer<Drift> drifts) {
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
                Drift.Kind kind = isRetained(pair, d) ? Drift.Kind.RETAINED : Drift.Kind.EXTRA;
                drifts.accept(new Drift(kind, d.key(), null, d));
                d = next(dr);
            } else {
                if (!sameContent(pair, s, d)) {
                    drifts.accept(new Drift(Drift.Kind.CHANGED, s.key(), s, d));
                }
                compared++;
                s = next(src);
                d = next(dr);
            }
        }
        return compared;
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
        BucketPair owner = pairs.named(pair.name()).isPresent() ? pair : pairs.all().stream()
                .filter(candidate -> candidate.reversed().equals(pair)).findFirst().orElse(pair);
        if (pair.suffix().isEmpty() && prefix.startsWith(pair.prefix()) && pairs.onlyOwnerOfItsKeys(owner)) {
            return listing;
        }
        return new Iterator<>() {
            private ListedObject next = advance();

            private ListedObject advance() {
                while (listing.hasNext()) {
                    ListedObject candidate = listing.next();
                    if (candidate.key().startsWith(prefix)
                            && owner.equals(pairs.owner(owner.sourceBucket(), candidate.key()))) {
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
            public ListedObject next() {
                if (next == null) {
                    throw new java.util.NoSuchElementException();
                }
                ListedObject answer = next;
                next = advance();
                return answer;
            }
        };
    }

    private boolean isRetained(BucketPair pair, ListedObject d) {
        if (pair.deleteMode() == DeleteMode.MIRROR) {
            return false;
        }
        try {
            return DeletionMarks.isMarked(clients.forRegion(pair.targetRegion())
                    .getObjectTagging(r -> r.bucket(pair.targetBucket()).key(d.key())).tagSet().stream()
                    .collect(Collectors.toMap(Tag::key, Tag::value)));
        } catch (NoSuchKeyException gone) {
            return false;
        }
    }

    private boolean sameContent(BucketPair pair, ListedObject s, ListedObject d) {
        if (s.size() != d.size()) {
            return false;
        }
        if (Objects.equals(s.eTag(), d.eTag())) {
            return true;
        }
        // other ETags: a checksum of the whole object (or, where ETags are no digests, the order of writing) decides
        ObjectState source = KeyLooks.head(clients.forRegion(pair.sourceRegion()), pair.sourceBucket(), s.key());
        ObjectState copy = KeyLooks.head(clients.forRegion(pair.targetRegion()), pair.targetBucket(), d.key());
        return copy.holdsCopyOf(source);
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
