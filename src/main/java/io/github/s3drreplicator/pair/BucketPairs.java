package io.github.s3drreplicator.pair;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.github.s3drreplicator.config.InvalidSettingException;
import io.github.s3drreplicator.config.ReplicatorSettings;
import io.github.s3drreplicator.config.Setting;
import io.github.s3drreplicator.config.Settings;
import io.github.s3drreplicator.event.ObjectEvent;
import io.github.s3drreplicator.event.RejectedRecordException;

/**
 * The configured bucket pairs, in order of priority, and the router that picks the pair of a record.
 *
 * <p>{@code replicator.pairs} names them (default {@code default}). The pair {@code default} is made of the single-pair
 * properties ({@code replicator.source.*}, {@code replicator.target.*}, {@code replicator.delete.*}); any other pair
 * {@code N} of {@code replicator.pair.N.*}, where everything but the two bucket names falls back to the single-pair
 * value. A record goes to the first pair whose source bucket and filters select it.
 */
public final class BucketPairs {

    public static final String DEFAULT = "default";

    private final List<BucketPair> pairs;

    public BucketPairs(List<BucketPair> pairs) {
        if (pairs.isEmpty()) {
            throw new IllegalArgumentException("no bucket pair is configured (replicator.pairs)");
        }
        this.pairs = List.copyOf(pairs);
    }

    /** @param property looks a property up by its full name; empty when it is not set */
    public static BucketPairs fromProperties(Function<String, Optional<String>> property) {
        return from(ReplicatorSettings.read(property, List.of(), List.of()));
    }

    /** The pairs {@code replicator.pairs} names, in its order. */
    public static BucketPairs from(ReplicatorSettings settings) {
        List<BucketPair> pairs = new ArrayList<>();
        for (String name : settings.pairs()) {
            pairs.add(pair(name, settings));
        }
        return new BucketPairs(pairs);
    }

    private static BucketPair pair(String name, ReplicatorSettings settings) {
        return new BucketPair(name,
                required(name, settings, Settings.SOURCE_BUCKET),
                inherited(name, settings, Settings.SOURCE_REGION),
                settings.ofPair(name, Settings.SOURCE_PREFIX).orElse(""),
                settings.ofPair(name, Settings.SOURCE_SUFFIX).orElse(""),
                required(name, settings, Settings.TARGET_BUCKET),
                inherited(name, settings, Settings.TARGET_REGION),
                inherited(name, settings, Settings.TARGET_STORAGE_CLASS),
                inherited(name, settings, Settings.TARGET_KMS_KEY_ID),
                inherited(name, settings, Settings.DELETE_MODE),
                inherited(name, settings, Settings.DELETE_DELAY));
    }

    /** The pair's own value, else the single-pair setting's (or its default); {@code null} where neither is set. */
    private static <T> T inherited(String name, ReplicatorSettings settings, Setting<T> setting) {
        return settings.ofPair(name, setting).or(() -> settings.find(setting)).orElse(null);
    }

    private static <T> T required(String name, ReplicatorSettings settings, Setting<T> setting) {
        return settings.ofPair(name, setting).orElseThrow(() -> new InvalidSettingException("bucket pair '" + name
                + "' needs " + ReplicatorSettings.pairKey(name, setting)));
    }

    public List<BucketPair> all() {
        return pairs;
    }

    public Optional<BucketPair> named(String name) {
        return pairs.stream().filter(pair -> pair.name().equals(name)).findFirst();
    }

    /** Every region a bucket of a pair lives in. */
    public Set<String> regions() {
        Set<String> regions = new LinkedHashSet<>();
        pairs.forEach(pair -> {
            regions.add(pair.sourceRegion());
            regions.add(pair.targetRegion());
        });
        return regions;
    }

    /** The pair whose events a key of this bucket goes to, or {@code null} where none selects it. */
    public BucketPair owner(String bucket, String key) {
        return pairs.stream().filter(pair -> pair.sourceBucket().equals(bucket) && pair.selects(key)).findFirst()
                .orElse(null);
    }

    /** Whether every key the pair selects is its own: no pair before it reads the same bucket. */
    public boolean onlyOwnerOfItsKeys(BucketPair pair) {
        for (BucketPair earlier : pairs) {
            if (earlier.equals(pair)) {
                return true;
            }
            if (earlier.sourceBucket().equals(pair.sourceBucket())) {
                return false;
            }
        }
        return true;
    }

    /** Whether the reverse pair (DR back to production) runs too: then both buckets are written. */
    public boolean hasReverse(BucketPair pair) {
        return pairs.stream().anyMatch(other -> other.sourceBucket().equals(pair.targetBucket())
                && other.targetBucket().equals(pair.sourceBucket()));
    }

    /** Whether the bucket is the DR bucket of a pair that keeps deleted objects marked (retain or delayed). */
    public boolean keepsMarks(String bucket) {
        return pairs.stream().anyMatch(pair -> pair.targetBucket().equals(bucket)
                && pair.deleteMode() != DeleteMode.MIRROR);
    }

    /**
     * The pair the record belongs to, or {@code null} when its bucket is a source but no pair's filters select the
     * key (no notification filter would have sent it).
     *
     * @throws RejectedRecordException when the record names a bucket that is no pair's source: the copy source is
     *                                 always a configured bucket, never one an event names (no confused deputy)
     */
    public BucketPair pairFor(ObjectEvent event) {
        List<BucketPair> ofBucket = pairs.stream().filter(pair -> pair.sourceBucket().equals(event.bucket())).toList();
        if (ofBucket.isEmpty()) {
            throw new RejectedRecordException("the record names bucket '" + event.bucket()
                    + "', which is not a configured source bucket ("
                    + pairs.stream().map(BucketPair::sourceBucket).distinct().collect(Collectors.joining(", ")) + ")");
        }
        return ofBucket.stream().filter(pair -> pair.selects(event.key())).findFirst().orElse(null);
    }
}
