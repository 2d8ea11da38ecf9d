package io.github.s3drreplicator.sandbox;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When each delete marker made through the sandbox was made. The S3 server behind it dates a delete marker with the
 * version it hides; S3 dates it with the delete, and clients that weigh a delete against a write (newest wins) read
 * that date.
 */
final class DeleteMarkers {

    private final Map<VersionRef, Instant> made = new ConcurrentHashMap<>();

    void made(VersionRef marker, Instant at) {
        made.put(marker, at);
    }

    Optional<Instant> madeAt(VersionRef marker) {
        return Optional.ofNullable(made.get(marker));
    }

    /** The version was deleted; whether it was a delete marker made here. */
    boolean forget(VersionRef version) {
        return made.remove(version) != null;
    }
}
