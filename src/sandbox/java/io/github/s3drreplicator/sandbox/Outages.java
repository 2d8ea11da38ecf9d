package io.github.s3drreplicator.sandbox;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The outages in effect now: at most one per S3 region, and one for SQS. */
final class Outages {

    private final Map<String, Outage> current = new ConcurrentHashMap<>();

    /** Starts an outage, or changes the mode of the one already in effect for the same target. */
    void start(Outage outage) {
        current.put(outage.target(), outage);
    }

    /** Ends the outage of a service (an S3 region, or SQS); the one ended, if there was one. */
    Optional<Outage> end(String service, String region) {
        return Optional.ofNullable(current.remove(Outage.target(service, region)));
    }

    /** Ends every outage; those ended. */
    List<Outage> endAll() {
        List<Outage> ended = list();
        ended.forEach(outage -> current.remove(outage.target(), outage));
        return ended;
    }

    /** The outage hitting a request that touches buckets in these regions, if any. */
    Optional<Outage> s3(Collection<String> regions) {
        if (current.isEmpty()) {
            return Optional.empty();
        }
        return regions.stream()
                .map(region -> current.get(Outage.target(Outage.S3, region)))
                .filter(java.util.Objects::nonNull)
                .findFirst();
    }

    Optional<Outage> sqs() {
        return current.isEmpty() ? Optional.empty() : Optional.ofNullable(current.get(Outage.SQS));
    }

    List<Outage> list() {
        return current.values().stream()
                .sorted(Comparator.comparing(Outage::target))
                .toList();
    }
}
