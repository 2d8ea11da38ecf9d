package io.github.s3drreplicator.audit;

/**
 * One key on which DR differs from production.
 *
 * @param source the source's entry, {@code null} when the key is only in DR
 * @param dr     DR's entry, {@code null} when the key is missing there
 */
public record Drift(Kind kind, String key, ListedObject source, ListedObject dr) {

    public enum Kind {
        /** in production, not in DR */
        MISSING,
        /** in both, with other content */
        CHANGED,
        /** in DR, no longer in production */
        EXTRA,
        /** in DR, no longer in production, and kept marked as the pair's delete mode wants: not drift */
        RETAINED;

        public boolean isDrift() {
            return this != RETAINED;
        }
    }
}
