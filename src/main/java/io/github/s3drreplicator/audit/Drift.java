package io.github.s3drreplicator.audit;

import java.util.List;

/**
 * One key on which DR differs from production.
 *
 * @param source     the source's entry, {@code null} when the key is only in DR
 * @param dr         DR's entry, {@code null} when the key is missing there
 * @param properties for {@link Kind#METADATA}, which properties differ, as the reconciler names them
 *                   ({@code metadata}, {@code Content-Type}, ..., {@code website-redirect}, {@code storage-class});
 *                   empty for the other kinds
 */
public record Drift(Kind kind, String key, ListedObject source, ListedObject dr, List<String> properties) {

    public Drift {
        properties = properties == null ? List.of() : List.copyOf(properties);
    }

    public Drift(Kind kind, String key, ListedObject source, ListedObject dr) {
        this(kind, key, source, dr, List.of());
    }

    public enum Kind {
        /** in production, not in DR */
        MISSING,
        /** in both, with other content */
        CHANGED,
        /**
         * in both with the same content, but carrying other user metadata, content headers, website redirect or (where
         * the pair names one) storage class; its tags are then not compared, as the copy that repairs it brings them
         */
        METADATA,
        /** in both with the same content and metadata, but other tags */
        TAGS,
        /** in DR, no longer in production */
        EXTRA,
        /** in DR, no longer in production, and kept marked as the pair's delete mode wants: not drift */
        RETAINED;

        public boolean isDrift() {
            return this != RETAINED;
        }

        /** Whether only the comparison of what objects carry besides their bytes finds this kind. */
        public boolean isProperties() {
            return this == METADATA || this == TAGS;
        }
    }
}
