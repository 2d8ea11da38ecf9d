package io.github.s3drreplicator.sandbox;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.commons.codec.DecoderException;
import org.apache.commons.codec.net.PercentCodec;

/**
 * The target of a path-style S3 request ({@code /bucket/key?query}), decoded.
 *
 * @param bucket the bucket; {@code null} for the service itself ({@code /}, ListBuckets)
 * @param key    the decoded key; {@code null} for a request on the bucket
 * @param query  the query parameters, names and values decoded, in the order sent (an absent value is "")
 */
record S3Path(String bucket, String key, Map<String, String> query) {

    /**
     * Parameters that never change what a request acts on: the SDK's operation hint, a presigned URL's signature and
     * a GET's response header overrides.
     */
    private static boolean neutral(String parameter) {
        String name = parameter.toLowerCase();
        return name.equals("x-id") || name.startsWith("x-amz-") || name.startsWith("response-");
    }

    /**
     * @param rawUri the request target as sent, path and query still percent-encoded
     * @throws IllegalArgumentException if it is not percent-encoded properly
     */
    static S3Path parse(String rawUri) {
        int q = rawUri.indexOf('?');
        String rawPath = q < 0 ? rawUri : rawUri.substring(0, q);
        Map<String, String> query = q < 0 ? Map.of() : query(rawUri.substring(q + 1));
        if (!rawPath.startsWith("/") || rawPath.length() < 2) {
            return new S3Path(null, null, query);
        }
        int slash = rawPath.indexOf('/', 1);
        String bucket = decode(slash < 0 ? rawPath.substring(1) : rawPath.substring(1, slash));
        String key = slash < 0 || slash == rawPath.length() - 1 ? null : decode(rawPath.substring(slash + 1));
        return new S3Path(bucket, key, query);
    }

    boolean has(String parameter) {
        return query.containsKey(parameter);
    }

    String parameter(String name) {
        return query.get(name);
    }

    /** The parameters that select something else than the object or bucket itself (tags, ACL, parts...). */
    Set<String> subresources() {
        return query.keySet().stream().filter(p -> !neutral(p)).collect(Collectors.toUnmodifiableSet());
    }

    /** The bucket named by an {@code x-amz-copy-source} header ({@code bucket/key} or {@code /bucket/key}). */
    static String copySourceBucket(String copySource) {
        if (copySource == null || copySource.isBlank()) {
            return null;
        }
        String source = copySource.startsWith("/") ? copySource.substring(1) : copySource;
        int slash = source.indexOf('/');
        try {
            return decode(slash < 0 ? source : source.substring(0, slash));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * The object an {@code x-amz-copy-source} header names ({@code bucket/key}, {@code /bucket/key}, either with
     * {@code ?versionId=...}), decoded; empty if it names none.
     */
    static Optional<VersionRef> copySource(String copySource) {
        if (copySource == null || copySource.isBlank()) {
            return Optional.empty();
        }
        String source = copySource.startsWith("/") ? copySource.substring(1) : copySource;
        int q = source.indexOf('?');
        String versionId = q < 0 ? null : query(source.substring(q + 1)).get("versionId");
        String path = q < 0 ? source : source.substring(0, q);
        int slash = path.indexOf('/');
        if (slash <= 0 || slash == path.length() - 1) {
            return Optional.empty();
        }
        try {
            return Optional.of(new VersionRef(decode(path.substring(0, slash)),
                    decode(path.substring(slash + 1)), versionId));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** A request target as sent, without one query parameter (named as decoded), the rest as sent. */
    static String withoutParameter(String rawUri, String parameter) {
        int q = rawUri.indexOf('?');
        if (q < 0) {
            return rawUri;
        }
        StringBuilder kept = new StringBuilder();
        for (String pair : rawUri.substring(q + 1).split("&")) {
            String name = pair.contains("=") ? pair.substring(0, pair.indexOf('=')) : pair;
            if (!pair.isEmpty() && !decode(name).equals(parameter)) {
                kept.append(kept.length() == 0 ? "" : "&").append(pair);
            }
        }
        return kept.length() == 0 ? rawUri.substring(0, q) : rawUri.substring(0, q) + "?" + kept;
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            parameters.putIfAbsent(decode(eq < 0 ? pair : pair.substring(0, eq)), eq < 0 ? "" : decode(pair.substring(eq + 1)));
        }
        return Collections.unmodifiableMap(parameters);
    }

    /** Path decoding: {@code %XX} are UTF-8 bytes and, unlike in a form, {@code +} is a plus. */
    static String decode(String raw) {
        try {
            return new String(new PercentCodec().decode(raw.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
        } catch (DecoderException e) {
            throw new IllegalArgumentException("bad percent-encoding in " + raw, e);
        }
    }
}
