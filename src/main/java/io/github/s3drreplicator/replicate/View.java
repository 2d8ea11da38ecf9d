package io.github.s3drreplicator.replicate;

import java.util.Map;

/**
 * What one reconciliation knows of one side of a key: nothing yet, what an event announced (to be confirmed by the
 * copy's condition), or what S3 answered; and, once asked, the object's tags and the key's history.
 *
 * @param tags    {@code null} until looked up (or not worth it: {@link ObjectState#mayHaveTags()} said none)
 * @param history {@code null} until looked up
 */
public record View(Knowledge knowledge, ObjectState state, Map<String, String> tags, KeyHistory history) {

    public enum Knowledge { UNKNOWN, ANNOUNCED, SEEN }

    public static final View UNKNOWN = new View(Knowledge.UNKNOWN, null, null, null);

    public static View announced(ObjectState announced) {
        return new View(Knowledge.ANNOUNCED, announced, null, null);
    }

    public static View seen(ObjectState state) {
        return new View(Knowledge.SEEN, state, state.mayHaveTags() ? null : Map.of(), null);
    }

    public View withTags(Map<String, String> found) {
        return new View(knowledge, state, found, history);
    }

    public View withHistory(KeyHistory found) {
        return new View(knowledge, state, tags, found);
    }

    public boolean unknown() {
        return knowledge == Knowledge.UNKNOWN;
    }

    public boolean seen() {
        return knowledge == Knowledge.SEEN;
    }

    public boolean exists() {
        return state != null && state.exists();
    }

    /** The tags, where known: {@code Map.of()} for an absent object or one S3 says has none. */
    public Map<String, String> knownTags() {
        return !exists() ? Map.of() : tags;
    }
}
