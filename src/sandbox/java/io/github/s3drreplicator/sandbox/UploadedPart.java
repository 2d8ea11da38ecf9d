package io.github.s3drreplicator.sandbox;

import java.util.Optional;
import java.util.function.Function;

/**
 * A part sent to a multipart upload (UploadPart, or UploadPartCopy with a copy source): which upload, which number,
 * and how many bytes, as far as the request tells.
 *
 * @param size the part's bytes; {@link #UNKNOWN} when the request does not say (an UploadPartCopy of a whole
 *             source, a body of unannounced length)
 */
record UploadedPart(String uploadId, int number, long size) {

    static final long UNKNOWN = -1;

    /**
     * @param headers the request headers by (case-insensitive) name
     * @return empty if the request is no part of an upload
     */
    static Optional<UploadedPart> of(String method, S3Path path, Function<String, String> headers) {
        if (!"PUT".equals(method) || path.key() == null || !path.has("uploadId") || !path.has("partNumber")) {
            return Optional.empty();
        }
        int number;
        try {
            number = Integer.parseInt(path.parameter("partNumber"));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        long size = headers.apply("x-amz-copy-source") != null
                ? copiedSize(headers.apply("x-amz-copy-source-range"))
                : uploadedSize(headers);
        return Optional.of(new UploadedPart(path.parameter("uploadId"), number, size));
    }

    /**
     * The part's own bytes: an {@code aws-chunked} body (signed chunks, trailing checksums) announces them in
     * {@code x-amz-decoded-content-length}, any other body in {@code Content-Length}.
     */
    private static long uploadedSize(Function<String, String> headers) {
        Long decoded = number(headers.apply("x-amz-decoded-content-length"));
        if (decoded != null) {
            return decoded;
        }
        String encoding = headers.apply("Content-Encoding");
        String payload = headers.apply("x-amz-content-sha256");
        boolean chunked = (encoding != null && encoding.toLowerCase().contains("aws-chunked"))
                || (payload != null && payload.startsWith("STREAMING-"));
        Long length = number(headers.apply("Content-Length"));
        return chunked || length == null ? UNKNOWN : length;
    }

    /** {@code bytes=first-last}, both inclusive, as UploadPartCopy takes it; without one the whole source. */
    private static long copiedSize(String range) {
        if (range == null || !range.trim().startsWith("bytes=")) {
            return UNKNOWN;
        }
        String[] bounds = range.trim().substring("bytes=".length()).split("-");
        if (bounds.length != 2) {
            return UNKNOWN;
        }
        Long first = number(bounds[0]);
        Long last = number(bounds[1]);
        return first == null || last == null || last < first ? UNKNOWN : last - first + 1;
    }

    private static Long number(String text) {
        if (text == null) {
            return null;
        }
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
