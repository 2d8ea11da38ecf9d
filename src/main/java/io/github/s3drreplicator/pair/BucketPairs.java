package io.github.s3drreplicator.pair;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

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
        List<BucketPair> pairs = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        for (String name : property.apply("replicator.pairs").orElse(DEFAULT).split(",")) {
            if (!name.isBlank() && !names.add(name.trim())) {
                throw new IllegalArgumentException("replicator.pairs names '" + name.trim() + "' twice");
            }
        }
        for (String name : names) {
            pairs.add(pair(name, property));
        }
        return new BucketPairs(pairs);
    }

    private static BucketPair pair(String name, Function<String, Optional<String>> property) {
        String own = DEFAULT.equals(name) ? "replicator." : "replicator.pair." + name + ".";
        Function<String, String> value = key -> property.apply(own + key).filter(v -> !v.isBlank())
                .or(() -> property.apply("replicator." + key).filter(v -> !v.isBlank()))
                .map(String::trim)
                .orElse(null);
        Function<String, String> required = key -> property.apply(own + key).filter(v -> !v.isBlank())
                .map(String::trim)
                .orElseThrow(() -> new IllegalArgumentException("bucket pair '" + name + "' needs " + own + key));
        Function<String, String> ownOnly = key -> property.apply(own + key).map(String::trim).orElse("");
        String delay = value.apply("delete.delay");
        return new BucketPair(name,
                required.apply("source.bucket"),
                value.apply("source.region"),
                ownOnly.apply("source.prefix"),
                ownOnly.apply("source.suffix"),
                required.apply("target.bucket"),
                value.apply("target.region"),
                value.apply("target.storage-class"),
                value.apply("target.kms-key-id"),
                DeleteMode.of(Optional.ofNullable(value.apply("delete.mode")).orElse("mirror")),
                delay == null ? 30 : Integer.parseInt(delay));
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
