package io.github.s3drreplicator.replicate;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import io.github.s3drreplicator.pair.BucketPair;
import io.github.s3drreplicator.pair.DeleteMode;

/**
 * The tags that mark a DR copy whose source was deleted, in delete modes {@code retain} and {@code delayed}:
 * {@value #DELETED_AT} carries the time, and in mode {@code delayed} {@value #EXPIRE_AFTER_DAYS} carries the delay,
 * which a lifecycle rule of the DR bucket filters on (config/dr-bucket-lifecycle-delayed-deletes.json).
 *
 * <p>In any mode, a copy an operator chose to keep ({@code breaker discard}) carries {@value #DELETED_AT} and
 * {@value #KEPT_BY_DISCARD}, the storm it was kept from: that decision is final, so no later delete (a repair, an
 * event delivered again) removes it, and the audit counts it retained, not extra.
 */
public final class DeletionMarks {

    public static final String DELETED_AT = "replicator-deleted-at";
    public static final String EXPIRE_AFTER_DAYS = "replicator-delete-after-days";
    public static final String KEPT_BY_DISCARD = "replicator-kept-by-discard";
    /** S3 keeps at most this many tags on an object. */
    static final int MAX_TAGS = 10;

    private DeletionMarks() {
    }

    /** Whether the object was marked as deleted in production. */
    public static boolean isMarked(Map<String, String> tags) {
        return tags != null && tags.containsKey(DELETED_AT);
    }

    /** Whether an operator kept the object when discarding a storm's deletes: it is never deleted. */
    public static boolean isKeptByDiscard(Map<String, String> tags) {
        return tags != null && tags.containsKey(KEPT_BY_DISCARD);
    }

    /**
     * The object's tags with the marks of an operator's discard: the time and the storm. No delay, whatever the pair's
     * mode: what an operator kept is kept, never expired.
     */
    public static Map<String, String> keptByDiscard(Map<String, String> tags, Instant decidedAt, String storm) {
        Map<String, String> marks = new LinkedHashMap<>();
        marks.put(DELETED_AT, tags.getOrDefault(DELETED_AT, decidedAt.truncatedTo(ChronoUnit.SECONDS).toString()));
        marks.put(KEPT_BY_DISCARD, storm);
        return withMarks(marks, tags);
    }

    /** When production deleted the object, as its marks say; {@code null} where unmarked or unreadable. */
    public static Instant deletedAt(Map<String, String> tags) {
        if (!isMarked(tags)) {
            return null;
        }
        try {
            return Instant.parse(tags.get(DELETED_AT));
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    /** Whether the tags carry the marks the pair's delete mode asks for. */
    public static boolean isMarkedFor(BucketPair pair, Map<String, String> tags) {
        if (!isMarked(tags)) {
            return false;
        }
        return pair.deleteMode() != DeleteMode.DELAYED
                || String.valueOf(pair.deleteDelayDays()).equals(tags.get(EXPIRE_AFTER_DAYS));
    }

    /**
     * The object's tags with the marks added. An object with S3's maximum of tags already gives up some of its own,
     * the ones last in name order: the marks are what keeps it (or lets it expire).
     */
    public static Map<String, String> marked(BucketPair pair, Map<String, String> tags, Instant deletedAt) {
        Map<String, String> marks = new LinkedHashMap<>();
        marks.put(DELETED_AT, tags.getOrDefault(DELETED_AT, deletedAt.truncatedTo(ChronoUnit.SECONDS).toString()));
        if (pair.deleteMode() == DeleteMode.DELAYED) {
            marks.put(EXPIRE_AFTER_DAYS, String.valueOf(pair.deleteDelayDays()));
        }
        return withMarks(marks, tags);
    }

    private static Map<String, String> withMarks(Map<String, String> marks, Map<String, String> tags) {
        Map<String, String> result = new LinkedHashMap<>(marks);
        for (Map.Entry<String, String> tag : new TreeMap<>(unmarked(tags)).entrySet()) {
            if (result.size() < MAX_TAGS) {
                result.put(tag.getKey(), tag.getValue());
            }
        }
        return result;
    }

    /** The user metadata without the time a delayed delete wrote into it: what production had, for a restore. */
    public static Map<String, String> unmarkedMetadata(Map<String, String> metadata) {
        Map<String, String> result = new LinkedHashMap<>(metadata);
        result.remove(DELETED_AT);
        return result;
    }

    /** The tags without the marks: what production had, for a restore. */
    public static Map<String, String> unmarked(Map<String, String> tags) {
        Map<String, String> result = new LinkedHashMap<>(tags);
        result.remove(DELETED_AT);
        result.remove(EXPIRE_AFTER_DAYS);
        result.remove(KEPT_BY_DISCARD);
        return result;
    }
}
