package io.github.s3drreplicator.audit;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A bucket's objects in S3's listing order (UTF-8 binary order of the keys), read in the background by several
 * threads at once once the listing proves long: a range of keys read page by page that is still not at its end after
 * {@value #SPLIT_AFTER_PAGES} pages has the rest split into ranges ({@code StartAfter} a boundary, up to the next),
 * guessed from that page ({@link KeyRanges}), and the ranges are listed side by side, the earliest first, and handed on
 * in order. A bucket of a million keys is read in about the time of its longest range rather than of a thousand pages
 * one after the other. A short listing is read page by page: each range costs a request past its end (a page of keys
 * that belong to the next), which a range of a page or two would pay for in full. Each range reads at most two pages
 * ahead of the one the audit reads: memory stays flat however many keys the bucket holds.
 */
final class BucketListing implements Iterator<ListedObject> {

    private static final Object END = new Object();
    private static final int PAGE = 1000;
    /** Pages a range reads one after the other before it splits what is left of it. */
    static final int SPLIT_AFTER_PAGES = 20;
    private static final AtomicInteger POOLS = new AtomicInteger();

    private final S3Client s3;
    private final String bucket;
    private final String prefix;
    private final ThreadPoolExecutor threads;
    private final AtomicLong order = new AtomicLong();
    /** The range being read, and the ones after it in key order (each links to the next once it is known). */
    private Range current;
    private Object next;

    /** One range of keys: after {@code after} (from the start where {@code null}), up to {@code upTo} inclusive. */
    private final class Range implements Runnable, Comparable<Range> {
        final String after;
        volatile String upTo;
        /** Its place in key order, among ranges read at once: earlier ranges are read first. */
        final String sortKey;
        final long created = order.incrementAndGet();
        final BlockingQueue<Object> entries = new ArrayBlockingQueue<>(2 * PAGE + 1);
        volatile Range following;

        Range(String after, String upTo, Range following) {
            this.after = after;
            this.upTo = upTo;
            this.sortKey = after == null ? "" : after;
            this.following = following;
        }

        @Override
        public int compareTo(Range other) {
            int byKey = DriftFinder.compareKeys(sortKey, other.sortKey);
            return byKey != 0 ? byKey : Long.compare(created, other.created);
        }

        @Override
        public void run() {
            try {
                String token = null;
                int pages = 0;
                while (true) {
                    String continuation = token;
                    ListObjectsV2Response page = s3.listObjectsV2(r -> r.bucket(bucket).prefix(prefix)
                            .startAfter(continuation == null ? after : null).continuationToken(continuation)
                            .maxKeys(PAGE));
                    List<S3Object> contents = page.contents();
                    if (++pages == SPLIT_AFTER_PAGES && Boolean.TRUE.equals(page.isTruncated()) && !contents.isEmpty()
                            && within(contents.get(contents.size() - 1).key())) {
                        split(contents);
                    }
                    for (S3Object object : contents) {
                        if (!within(object.key())) {
                            entries.put(END);
                            return;
                        }
                        entries.put(new ListedObject(object.key(), object.size(),
                                object.eTag() == null ? null : object.eTag().replace("\"", ""),
                                object.lastModified()));
                    }
                    if (!Boolean.TRUE.equals(page.isTruncated())) {
                        entries.put(END);
                        return;
                    }
                    token = page.nextContinuationToken();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                try {
                    entries.put(e);
                } catch (InterruptedException stopped) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        private boolean within(String key) {
            String end = upTo;
            return end == null || DriftFinder.compareKeys(key, end) <= 0;
        }

        /** The rest of this range, after the page just read, split in ranges read by other threads. */
        private void split(List<S3Object> page) {
            List<String> keys = new ArrayList<>(page.size());
            page.forEach(object -> keys.add(object.key()));
            List<String> boundaries = KeyRanges.splits(prefix, keys, upTo);
            if (boundaries.isEmpty()) {
                return;
            }
            // linked from the last to the first, so that each knows the next before anyone reads it
            Range after = following;
            List<Range> made = new ArrayList<>();
            for (int i = boundaries.size() - 1; i >= 0; i--) {
                after = new Range(boundaries.get(i), i + 1 < boundaries.size() ? boundaries.get(i + 1) : upTo, after);
                made.add(after);
            }
            following = after;
            upTo = boundaries.get(0);
            made.forEach(threads::execute);
        }
    }

    /**
     * @param parallelism how many ranges are read at once
     */
    BucketListing(S3Client s3, String bucket, String prefix, int parallelism) {
        this.s3 = s3;
        this.bucket = bucket;
        this.prefix = prefix;
        int pool = POOLS.incrementAndGet();
        AtomicInteger count = new AtomicInteger();
        ThreadPoolExecutor executor = new ThreadPoolExecutor(parallelism, parallelism, 10, TimeUnit.SECONDS,
                new PriorityBlockingQueue<>(), r -> {
                    Thread thread = new Thread(r, "audit-listing-" + pool + "-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        executor.allowCoreThreadTimeOut(true);
        this.threads = executor;
        this.current = new Range(null, null, null);
        threads.execute(current);
    }

    /** Stops reading: the threads end. */
    void close() {
        threads.shutdownNow();
    }

    @Override
    public boolean hasNext() {
        while (next == null) {
            Object taken;
            try {
                taken = current.entries.poll(10, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while listing", e);
            }
            if (taken == null) {
                throw new IllegalStateException("the listing of " + bucket + " stalled for 10 minutes");
            }
            if (taken instanceof RuntimeException failure) {
                close();
                throw failure;
            }
            if (taken != END) {
                next = taken;
            } else if (current.following != null) {
                current = current.following;
            } else {
                next = END;
            }
        }
        return next != END;
    }

    @Override
    public ListedObject next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        ListedObject answer = (ListedObject) next;
        next = null;
        return answer;
    }
}
