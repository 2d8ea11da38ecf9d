package io.github.s3drreplicator.sandbox;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import org.apache.commons.codec.DecoderException;
import org.apache.commons.codec.net.PercentCodec;

/**
 * A request to the sandbox's S3 port that, when it succeeds, changes an object and so earns an event notification.
 * Path-style requests only ({@code /bucket/key}), as the sandbox serves them.
 *
 * @param eventName the event S3 would send, for example {@code ObjectCreated:Put}; for a DeleteObjects batch
 *                  {@code ObjectRemoved:Delete}, once per key
 * @param bucket    the bucket written to
 * @param key       the decoded key; {@code null} for a DeleteObjects batch or a POST upload, whose keys are in
 *                  the body
 */
record S3Write(String eventName, String bucket, String key) {

    static final String PUT = "ObjectCreated:Put";
    static final String POST = "ObjectCreated:Post";
    static final String COPY = "ObjectCreated:Copy";
    static final String COMPLETE_MULTIPART_UPLOAD = "ObjectCreated:CompleteMultipartUpload";
    static final String DELETE = "ObjectRemoved:Delete";

    // query parameters that make a request act on something else than the object itself (tags, ACL, parts...)
    private static final Set<String> NEUTRAL_QUERY_PARAMETERS = Set.of("x-id");

    boolean isBatch() {
        return key == null;
    }

    /**
     * @param rawUri  the request target as sent, path and query still percent-encoded
     * @param headers the request headers by (case-insensitive) name
     */
    static Optional<S3Write> of(String method, String rawUri, Function<String, String> headers) {
        int q = rawUri.indexOf('?');
        String rawPath = q < 0 ? rawUri : rawUri.substring(0, q);
        List<String> params = q < 0 ? List.of() : parameterNames(rawUri.substring(q + 1));
        if (!rawPath.startsWith("/") || rawPath.length() < 2) {
            return Optional.empty();
        }
        int slash = rawPath.indexOf('/', 1);
        String bucket = decode(slash < 0 ? rawPath.substring(1) : rawPath.substring(1, slash));
        String key = slash < 0 || slash == rawPath.length() - 1 ? null : decode(rawPath.substring(slash + 1));

        if (key == null) {
            if ("POST".equals(method) && params.contains("delete")) {
                return Optional.of(new S3Write(DELETE, bucket, null));
            }
            String contentType = headers.apply("Content-Type");
            if ("POST".equals(method) && params.isEmpty() && contentType != null
                    && contentType.toLowerCase().startsWith("multipart/form-data")) {
                return Optional.of(new S3Write(POST, bucket, null));
            }
            return Optional.empty();
        }
        boolean onObjectItself = params.stream().allMatch(NEUTRAL_QUERY_PARAMETERS::contains);
        if ("PUT".equals(method) && onObjectItself) {
            return Optional.of(new S3Write(headers.apply("x-amz-copy-source") != null ? COPY : PUT, bucket, key));
        }
        if ("POST".equals(method) && params.contains("uploadId") && !params.contains("partNumber")) {
            return Optional.of(new S3Write(COMPLETE_MULTIPART_UPLOAD, bucket, key));
        }
        if ("DELETE".equals(method) && onObjectItself) {
            return Optional.of(new S3Write(DELETE, bucket, key));
        }
        return Optional.empty();
    }

    private static List<String> parameterNames(String query) {
        return java.util.Arrays.stream(query.split("&"))
                .filter(p -> !p.isEmpty())
                .map(p -> decode(p.contains("=") ? p.substring(0, p.indexOf('=')) : p))
                .toList();
    }

    /** Path decoding: {@code %XX} are UTF-8 bytes and, unlike in a form, {@code +} is a plus. */
    private static String decode(String raw) {
        try {
            return new String(new PercentCodec().decode(raw.getBytes(StandardCharsets.UTF_8)),
                    StandardCharsets.UTF_8);
        } catch (DecoderException e) {
            throw new IllegalArgumentException("bad percent-encoding in " + raw, e);
        }
    }
}
