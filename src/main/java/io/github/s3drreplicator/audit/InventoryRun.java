package io.github.s3drreplicator.audit;

import java.io.Closeable;
import java.util.Iterator;

/** Entries in key order, read from memory or from a file that {@link #close()} lets go of. */
interface InventoryRun extends Iterator<ListedObject>, Closeable {

    @Override
    void close();

    /** A run already in memory, in key order. */
    static InventoryRun of(Iterator<ListedObject> sorted) {
        return new InventoryRun() {
            @Override
            public boolean hasNext() {
                return sorted.hasNext();
            }

            @Override
            public ListedObject next() {
                return sorted.next();
            }

            @Override
            public void close() {
            }
        };
    }
}
