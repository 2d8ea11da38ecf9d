package io.github.s3drreplicator.audit;

import java.time.Instant;

/**
 * Which of one key's versions and delete markers in DR counts at an instant: the newest dated at or before it. Fed
 * the key's entries as ListObjectVersions lists them (versions and delete markers in two lists, each newest first),
 * it keeps only what decides, so a key of a million versions costs no more memory than a key of one.
 *
 * <ul>
 *   <li>S3 dates versions in whole seconds, so the instant is taken to its whole second: every entry dated in the
 *       instant's second counts as at or before it ({@code 10:00:00.700Z} includes what S3 dates {@code 10:00:00}).
 *       To leave out what was written in that second, name the second before.</li>
 *   <li>Entries in one second are ordered as S3 lists them: the first version listed is the newer of two versions.
 *       A version and a delete marker in one second are split into S3's two lists, which no longer tell their
 *       order: the key's latest entry is the newer where it is one of them; otherwise the version counts, as an
 *       object beats a deletion in the same second everywhere in the replicator (docs/convergence.md).</li>
 *   <li>A delete marker at or before the instant, newer than any version, means the key did not exist then; so
 *       does a key whose every entry is dated after the instant (created later).</li>
 * </ul>
 */
final class VersionAtInstant {

    /**
     * One version or delete marker of the key.
     *
     * @param eTag   without quotes; {@code null} for a delete marker
     * @param latest S3's IsLatest: the key's current entry
     */
    record Entry(String versionId, String eTag, long size, Instant lastModified, boolean deleteMarker,
                 boolean latest) {

        static Entry version(String versionId, String eTag, long size, Instant lastModified, boolean latest) {
            return new Entry(versionId, eTag, size, lastModified, false, latest);
        }

        static Entry deleteMarker(String versionId, Instant lastModified, boolean latest) {
            return new Entry(versionId, null, 0, lastModified, true, latest);
        }

        long second() {
            return lastModified.getEpochSecond();
        }
    }

    private final long second;
    private Entry version;
    private Entry marker;
    private Instant firstChange;

    VersionAtInstant(Instant instant) {
        this.second = instant.getEpochSecond();
    }

    /** The key's next version, in listing order. */
    void version(Entry entry) {
        if (entry.second() > second) {
            changed(entry);
        } else if (version == null || entry.second() > version.second()) {
            // the first listed of one second is the newer; a later second wins whatever the order listed
            version = entry;
        }
    }

    /** The key's next delete marker, in listing order. */
    void deleteMarker(Entry entry) {
        if (entry.second() > second) {
            changed(entry);
        } else if (marker == null || entry.second() > marker.second()) {
            marker = entry;
        }
    }

    private void changed(Entry entry) {
        if (firstChange == null || entry.lastModified().isBefore(firstChange)) {
            firstChange = entry.lastModified();
        }
    }

    /** The version that counts at the instant, or {@code null} where the key did not exist then. */
    Entry at() {
        if (version == null) {
            return null;
        }
        if (marker == null || version.second() > marker.second()) {
            return version;
        }
        if (marker.second() > version.second() || marker.latest()) {
            return null;
        }
        return version;
    }

    /** When the key first changed after the instant, as DR's entries date it; {@code null} where it did not. */
    Instant firstChangeAfter() {
        return firstChange;
    }
}
