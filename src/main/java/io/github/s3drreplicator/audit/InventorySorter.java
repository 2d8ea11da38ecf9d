package io.github.s3drreplicator.audit;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;

/**
 * An external merge sort of inventory entries by key, in S3's listing order, in bounded memory: entries are
 * gathered {@code chunkSize} at a time, each chunk sorted and spilled to a file in {@code directory}, and the spilled
 * runs merged at most {@code fanIn} at a time, so that at most {@code chunkSize} entries and {@code fanIn} open runs
 * are held however many entries there are. Input that fits in one chunk never touches the disk.
 */
final class InventorySorter implements Closeable {

    /** S3's listing order: UTF-8 byte order of the keys, which is code point order. */
    static final Comparator<ListedObject> KEY_ORDER = Comparator.comparing(ListedObject::key, DriftFinder::compareKeys);

    private final Path directory;
    private final int chunkSize;
    private final int fanIn;
    private final Deque<Path> runs = new ArrayDeque<>();
    private List<ListedObject> chunk = new ArrayList<>();
    private InventoryRun sorted;

    InventorySorter(Path directory, int chunkSize, int fanIn) {
        if (chunkSize < 1 || fanIn < 2) {
            throw new IllegalArgumentException("chunkSize must be at least 1 and fanIn at least 2");
        }
        this.directory = directory;
        this.chunkSize = chunkSize;
        this.fanIn = fanIn;
    }

    void add(ListedObject entry) {
        if (sorted != null) {
            throw new IllegalStateException("sorted() was called already");
        }
        chunk.add(entry);
        if (chunk.size() >= chunkSize) {
            spill();
        }
    }

    /** How many runs are on disk now; for tests. */
    int spilledRuns() {
        return runs.size();
    }

    /** Every entry added, in key order; the sorter's {@link #close()} closes the answer. */
    InventoryRun sorted() {
        if (sorted != null) {
            throw new IllegalStateException("sorted() was called already");
        }
        if (runs.isEmpty()) {
            chunk.sort(KEY_ORDER);
            sorted = InventoryRun.of(chunk.iterator());
            return sorted;
        }
        if (!chunk.isEmpty()) {
            spill();
        }
        chunk = null;
        try {
            // merge the oldest runs into one until a single merge can take them all
            while (runs.size() > fanIn) {
                List<Path> group = new ArrayList<>();
                for (int i = 0; i < fanIn; i++) {
                    group.add(runs.removeFirst());
                }
                try (InventoryRun merged = open(group)) {
                    runs.addLast(InventorySpillFile.write(directory, merged));
                }
                for (Path merged : group) {
                    Files.delete(merged);
                }
            }
            sorted = open(runs);
            return sorted;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot merge the inventory's sorted runs", e);
        }
    }

    private void spill() {
        chunk.sort(KEY_ORDER);
        try {
            runs.addLast(InventorySpillFile.write(directory, chunk.iterator()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot spill a sorted run to " + directory, e);
        }
        chunk = new ArrayList<>(chunkSize);
    }

    private static InventoryRun open(Iterable<Path> files) throws IOException {
        List<InventoryRun> opened = new ArrayList<>();
        try {
            for (Path file : files) {
                opened.add(InventorySpillFile.read(file));
            }
        } catch (IOException | RuntimeException e) {
            opened.forEach(InventoryRun::close);
            throw e;
        }
        return new InventoryMerge(opened);
    }

    /** Closes the sorted answer and deletes the runs this sorter spilled. */
    @Override
    public void close() {
        try {
            if (sorted != null) {
                sorted.close();
            }
        } finally {
            chunk = null;
            for (Path run : runs) {
                try {
                    Files.deleteIfExists(run);
                } catch (IOException e) {
                    // the owner deletes the whole directory as well
                }
            }
            runs.clear();
        }
    }
}
