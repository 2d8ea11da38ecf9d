package io.github.s3drreplicator.audit;

import java.util.Comparator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;

/**
 * A k-way merge of sorted runs into one run in key order: one entry of each run in memory at a time. Equal keys
 * come out in the order of the runs, so the merge is stable.
 */
final class InventoryMerge implements InventoryRun {

    private record Head(ListedObject entry, int run) {
    }

    private static final Comparator<Head> ORDER = Comparator.<Head, ListedObject>comparing(Head::entry,
            InventorySorter.KEY_ORDER).thenComparingInt(Head::run);

    private final List<InventoryRun> runs;
    private final PriorityQueue<Head> heads;

    InventoryMerge(List<InventoryRun> runs) {
        this.runs = List.copyOf(runs);
        this.heads = new PriorityQueue<>(Math.max(1, runs.size()), ORDER);
        for (int i = 0; i < this.runs.size(); i++) {
            advance(i);
        }
    }

    @Override
    public boolean hasNext() {
        return !heads.isEmpty();
    }

    @Override
    public ListedObject next() {
        Head head = heads.poll();
        if (head == null) {
            throw new NoSuchElementException();
        }
        advance(head.run());
        return head.entry();
    }

    private void advance(int run) {
        if (runs.get(run).hasNext()) {
            heads.add(new Head(runs.get(run).next(), run));
        }
    }

    @Override
    public void close() {
        RuntimeException failure = null;
        for (InventoryRun run : runs) {
            try {
                run.close();
            } catch (RuntimeException e) {
                failure = failure == null ? e : failure;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
