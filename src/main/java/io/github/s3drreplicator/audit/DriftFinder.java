package io.github.s3drreplicator.audit;

import java.util.Iterator;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

import io.github.s3drreplicator.replicate.ObjectState;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Compares production with DR by merging the two ordered listings as streams: one pass, memory flat whatever the
 * number of keys.
 *
 * <p>Content is compared by ETag, with one refinement: a copy made in parts has an ETag of its own, so when the sizes
 * agree but the ETags do not, DR's copy is asked (HeadObject) for the source ETag it recorded when it was made
 * ({@code x-amz-meta-replicator-source-etag}). Equal sizes and equal or recorded ETags mean in sync; anything else is
 * changed. No object is read.
 */
public class DriftFinder {

    private final S3Client source;
    private final S3Client target;
    private final String sourceBucket;
    private final String targetBucket;

    public DriftFinder(S3Client source, S3Client target, String sourceBucket, String targetBucket) {
        this.source = source;
        this.target = target;
        this.sourceBucket = sourceBucket;
        this.targetBucket = targetBucket;
    }

    /** Reports every drift under the prefix to {@code drifts}; returns how many source objects were compared. */
    public long find(String prefix, Consumer<Drift> drifts) {
        ExecutorService listers = Executors.newFixedThreadPool(2, r -> {
            Thread thread = new Thread(r, "audit-listing");
            thread.setDaemon(true);
            return thread;
        });
        try {
            Iterator<ListedObject> src = new BucketListing(source, sourceBucket, prefix, listers);
            Iterator<ListedObject> dr = new BucketListing(target, targetBucket, prefix, listers);
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
                    drifts.accept(new Drift(Drift.Kind.EXTRA, d.key(), null, d));
                    d = next(dr);
                } else {
                    if (!sameContent(s, d)) {
                        drifts.accept(new Drift(Drift.Kind.CHANGED, s.key(), s, d));
                    }
                    compared++;
                    s = next(src);
                    d = next(dr);
                }
            }
            return compared;
        } finally {
            listers.shutdownNow();
        }
    }

    private boolean sameContent(ListedObject s, ListedObject d) {
        if (s.size() != d.size()) {
            return false;
        }
        if (Objects.equals(s.eTag(), d.eTag())) {
            return true;
        }
        try {
            String recorded = target.headObject(r -> r.bucket(targetBucket).key(d.key())).metadata()
                    .get(ObjectState.SOURCE_ETAG_METADATA);
            return Objects.equals(s.eTag(), recorded);
        } catch (NoSuchKeyException gone) {
            return false;
        }
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
