package io.github.s3drreplicator.audit;

import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteMarkerEntry;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.ObjectVersion;

/**
 * A versioned bucket's keys in S3's listing order, each with the version that counted at an instant
 * ({@link VersionAtInstant}): ListObjectVersions read page by page in the background, a few pages ahead, each key's
 * entries folded as they come. A key's entries may run over several pages; only the key being folded is held, so
 * memory stays flat however many keys and versions the bucket holds.
 */
final class VersionListing implements Iterator<VersionListing.KeyAtInstant> {

    /**
     * One key of the bucket.
     *
     * @param at                the version that counted at the instant, or {@code null} where the key did not exist
     * @param firstChangeAfter  when DR first recorded a change of the key after the instant, or {@code null}
     */
    record KeyAtInstant(String key, VersionAtInstant.Entry at, Instant firstChangeAfter) {
    }

    private static final Object END = new Object();
    private static final int KEYS_AHEAD = 4000;

    private final BlockingQueue<Object> keys = new ArrayBlockingQueue<>(KEYS_AHEAD);
    private Object next;

    VersionListing(S3Client s3, String bucket, String prefix, Instant instant, ExecutorService executor) {
        executor.execute(() -> {
            try {
                Folding folding = new Folding(instant);
                for (ListObjectVersionsResponse page : s3.listObjectVersionsPaginator(r -> r.bucket(bucket)
                        .prefix(prefix))) {
                    folding.page(page.versions(), page.deleteMarkers());
                }
                folding.end();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                keys.offer(e);
            }
        });
    }

    /** Folds each key's entries as pages arrive, handing on a key once the listing has moved past it. */
    private final class Folding {
        private final Instant instant;
        private String key;
        private VersionAtInstant folded;

        Folding(Instant instant) {
            this.instant = instant;
        }

        /** One page: both lists in key order, each key's entries newest first; the last key may go on. */
        void page(List<ObjectVersion> versions, List<DeleteMarkerEntry> markers) throws InterruptedException {
            int v = 0;
            int m = 0;
            while (v < versions.size() || m < markers.size()) {
                String nextKey = m == markers.size() || (v < versions.size()
                        && DriftFinder.compareKeys(versions.get(v).key(), markers.get(m).key()) <= 0)
                        ? versions.get(v).key() : markers.get(m).key();
                if (!nextKey.equals(key)) {
                    handOn();
                    key = nextKey;
                    folded = new VersionAtInstant(instant);
                }
                for (; v < versions.size() && versions.get(v).key().equals(key); v++) {
                    ObjectVersion version = versions.get(v);
                    folded.version(VersionAtInstant.Entry.version(version.versionId(), unquoted(version.eTag()),
                            version.size() == null ? 0 : version.size(), version.lastModified(),
                            Boolean.TRUE.equals(version.isLatest())));
                }
                for (; m < markers.size() && markers.get(m).key().equals(key); m++) {
                    DeleteMarkerEntry marker = markers.get(m);
                    folded.deleteMarker(VersionAtInstant.Entry.deleteMarker(marker.versionId(),
                            marker.lastModified(), Boolean.TRUE.equals(marker.isLatest())));
                }
            }
        }

        void end() throws InterruptedException {
            handOn();
            keys.put(END);
        }

        private void handOn() throws InterruptedException {
            if (key != null) {
                keys.put(new KeyAtInstant(key, folded.at(), folded.firstChangeAfter()));
            }
        }
    }

    private static String unquoted(String eTag) {
        return eTag == null ? null : eTag.replace("\"", "");
    }

    @Override
    public boolean hasNext() {
        if (next == null) {
            try {
                next = keys.poll(10, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while listing versions", e);
            }
            if (next == null) {
                throw new IllegalStateException("the version listing stalled for 10 minutes");
            }
        }
        if (next instanceof RuntimeException failure) {
            throw failure;
        }
        return next != END;
    }

    @Override
    public KeyAtInstant next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        KeyAtInstant answer = (KeyAtInstant) next;
        next = null;
        return answer;
    }
}
