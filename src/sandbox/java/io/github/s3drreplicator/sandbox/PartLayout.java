package io.github.s3drreplicator.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How one object was uploaded in parts: the parts its CompleteMultipartUpload listed, in that order, each with its
 * number as uploaded and where its bytes lie in the object.
 */
record PartLayout(List<Part> parts) {

    /** One part: its number as uploaded, and its bytes {@code [start, start + size)} in the object. */
    record Part(int number, long start, long size) {
    }

    PartLayout {
        parts = List.copyOf(parts);
    }

    /**
     * @param numbers the part numbers the completion listed, in order
     * @param sizes   each part's size by number
     * @throws IllegalArgumentException if a listed part has no size
     */
    static PartLayout of(List<Integer> numbers, Map<Integer, Long> sizes) {
        List<Part> parts = new ArrayList<>(numbers.size());
        long start = 0;
        for (int number : numbers) {
            Long size = sizes.get(number);
            if (size == null || size < 0) {
                throw new IllegalArgumentException("part " + number + " has no known size");
            }
            parts.add(new Part(number, start, size));
            start += size;
        }
        return new PartLayout(parts);
    }

    int count() {
        return parts.size();
    }

    /** The object's size: all its parts together. */
    long size() {
        return parts.isEmpty() ? 0 : parts.get(parts.size() - 1).start() + parts.get(parts.size() - 1).size();
    }

    Optional<Part> part(int number) {
        return parts.stream().filter(part -> part.number() == number).findFirst();
    }
}
