package io.github.s3drreplicator.replicate;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One key's versions and delete markers in one bucket, newest first (ListObjectVersions): what tells, where both
 * buckets are written, which side moved on from the other's current state. An unversioned bucket's history is its
 * current object alone, or nothing.
 */
public record KeyHistory(List<Entry> entries) {

    public static final KeyHistory NONE = new KeyHistory(List.of());

    /**
     * @param eTag  the version's ETag, {@code null} for a delete marker
     */
    public record Entry(String eTag, Instant lastModified) {

        public boolean deleteMarker() {
            return eTag == null;
        }
    }

    public KeyHistory {
        entries = List.copyOf(entries);
    }

    /** The newest entry, or {@code null} when the key never existed here (or left no trace). */
    public Entry current() {
        return entries.isEmpty() ? null : entries.get(0);
    }

    /**
     * Whether this side once held {@code other}, the other side's current object (the same content), and has written
     * something since: then {@code other} is older than this side's current state. A deletion is never matched: all
     * deletions look alike, and this side's old deletion may be another than the other side's (one the application
     * made there later, after a write here that had not reached there yet). Deletions are ordered by time instead.
     */
    public boolean movedOnFrom(Entry other) {
        if (other == null || other.deleteMarker()) {
            return false;
        }
        for (int i = 1; i < entries.size(); i++) {
            if (Objects.equals(entries.get(i).eTag(), other.eTag())) {
                return true;
            }
        }
        return false;
    }
}
