package io.github.s3drreplicator.bench;

import java.util.List;

/** The little arithmetic the benchmark's figures need. */
final class Stats {

    private Stats() {
    }

    /** The nearest-rank percentile {@code p} (1 to 100) of sorted values; -1 when there are none. */
    static long percentile(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return -1;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }
}
