package io.github.s3drreplicator.sandbox;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * What S3 answers a HeadObject or GetObject that asks for one part of an object ({@code ?partNumber=N}): that part's
 * bytes with {@code 206 Partial Content}, {@code Content-Range} and, for an object uploaded in parts, the number of
 * parts ({@code x-amz-mp-parts-count}); an object uploaded in one piece is one part; a part it does not have is
 * {@code 416 InvalidPartNumber}.
 */
sealed interface PartRead {

    int MAX_PART_NUMBER = 10_000;

    /**
     * The part's bytes {@code [start, start + length)} of an object of {@code total} bytes.
     *
     * @param partsCount the object's parts, or {@code null} for an object uploaded in one piece
     */
    record Bytes(long start, long length, long total, Integer partsCount) implements PartRead {

        /** Whether the part is the whole object (a single piece, or an upload of one part). */
        boolean whole() {
            return start == 0 && length == total;
        }

        /** {@code Content-Range}, or {@code null} for an empty part, which no range can name. */
        String contentRange() {
            return length == 0 ? null : "bytes " + start + "-" + (start + length - 1) + "/" + total;
        }
    }

    /** The object has fewer parts than asked for. */
    record NotSatisfiable(int requested, int actual) implements PartRead {
    }

    /** The object was uploaded in parts the sandbox did not see (before it started, or behind its back). */
    record LayoutUnknown(int partsCount) implements PartRead {
    }

    /**
     * @param eTag   the object's ETag, quoted or not: {@code md5-of-md5s-N} for an object uploaded in N parts
     * @param size   the object's size
     * @param layout the layout recorded for this object, if any; ignored unless it fits the ETag and the size
     */
    static PartRead judge(int number, String eTag, long size, Optional<PartLayout> layout) {
        OptionalInt parts = partsOf(eTag);
        if (parts.isEmpty()) {
            return number == 1 ? new Bytes(0, size, size, null) : new NotSatisfiable(number, 1);
        }
        int count = parts.getAsInt();
        Optional<PartLayout> fitting = layout.filter(l -> l.count() == count && l.size() == size);
        if (fitting.isEmpty()) {
            return new LayoutUnknown(count);
        }
        return fitting.get().part(number)
                .<PartRead>map(part -> new Bytes(part.start(), part.size(), size, count))
                .orElse(new NotSatisfiable(number, count));
    }

    /** A {@code partNumber} parameter as S3 takes it: a whole number from 1 to 10,000. */
    static OptionalInt number(String parameter) {
        try {
            int number = Integer.parseInt(parameter);
            return number >= 1 && number <= MAX_PART_NUMBER ? OptionalInt.of(number) : OptionalInt.empty();
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    /** The N of an ETag {@code md5-of-md5s-N}; empty for the ETag of an object uploaded in one piece. */
    private static OptionalInt partsOf(String eTag) {
        if (eTag == null) {
            return OptionalInt.empty();
        }
        String bare = eTag.replace("\"", "");
        int dash = bare.lastIndexOf('-');
        if (dash < 0) {
            return OptionalInt.empty();
        }
        try {
            return OptionalInt.of(Integer.parseInt(bare.substring(dash + 1)));
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }
}
