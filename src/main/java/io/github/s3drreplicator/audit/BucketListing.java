package io.github.s3drreplicator.audit;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A bucket's objects in S3's listing order (UTF-8 binary order of the keys), read page by page in the background,
 * a few pages ahead: memory stays flat however many keys the bucket holds, and two listings run in parallel.
 */
final class BucketListing implements Iterator<ListedObject> {

    private static final ListedObject END = new ListedObject("", -1, null, null);
    private static final int PAGES_AHEAD = 4;

    private final BlockingQueue<Object> entries = new ArrayBlockingQueue<>(PAGES_AHEAD * 1000);
    private Object next;

    BucketListing(S3Client s3, String bucket, String prefix, ExecutorService executor) {
        executor.execute(() -> {
            try {
                for (S3Object object : s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix)).contents()) {
                    entries.put(new ListedObject(object.key(), object.size(),
                            object.eTag() == null ? null : object.eTag().replace("\"", ""), object.lastModified()));
                }
                entries.put(END);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                entries.offer(e);
            }
        });
    }

    @Override
    public boolean hasNext() {
        if (next == null) {
            try {
                next = entries.poll(10, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while listing", e);
            }
            if (next == null) {
                throw new IllegalStateException("the listing stalled for 10 minutes");
            }
        }
        if (next instanceof RuntimeException failure) {
            throw failure;
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
