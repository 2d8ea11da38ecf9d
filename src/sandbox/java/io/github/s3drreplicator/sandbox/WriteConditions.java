package io.github.s3drreplicator.sandbox;

import java.util.Arrays;
import java.util.Optional;
import java.util.function.Function;

/**
 * The preconditions of a write on its destination key, as S3 judges them against the key's current object:
 * {@code If-None-Match: *} (PutObject, CopyObject, CompleteMultipartUpload) and {@code If-Match: "etag"} (those and
 * DeleteObject, and an {@code <ETag>} per object of DeleteObjects).
 *
 * <ul>
 *   <li>{@code If-Match} on a key that holds no object: 404 NoSuchKey (as S3 documents it for writes and conditional
 *   deletes); on an object with another ETag: 412 PreconditionFailed. {@code If-Match: *} holds for any object.</li>
 *   <li>{@code If-None-Match: *} on a key that holds an object: 412. Any other value: 501 NotImplemented (S3 accepts
 *   only the asterisk; the exact answer to anything else is assumed).</li>
 *   <li>Both: {@code If-Match} is judged first, as HTTP orders them.</li>
 * </ul>
 * ETags compare without their quotes; a list of ETags holds if one matches.
 *
 * @param ifMatch     the {@code If-Match} value, or {@code null}
 * @param ifNoneMatch the {@code If-None-Match} value, or {@code null}
 */
record WriteConditions(String ifMatch, String ifNoneMatch) {

    static final String IF_MATCH = "If-Match";
    static final String IF_NONE_MATCH = "If-None-Match";
    static final WriteConditions NONE = new WriteConditions(null, null);

    /** The verdict on a write. */
    sealed interface Verdict {
    }

    /** The write may go on. */
    record Proceed() implements Verdict {
    }

    /** 412 PreconditionFailed, naming the condition that did not hold. */
    record PreconditionFailed(String condition) implements Verdict {
    }

    /** 404 NoSuchKey: {@code If-Match} on a key that holds nothing. */
    record NoSuchKey() implements Verdict {
    }

    /** 501 NotImplemented: a condition S3 does not offer. */
    record NotImplemented(String header) implements Verdict {
    }

    static final Verdict PROCEED = new Proceed();

    /** The conditions of a PutObject, CopyObject (its destination) or CompleteMultipartUpload. */
    static WriteConditions ofWrite(Function<String, String> headers) {
        return new WriteConditions(headers.apply(IF_MATCH), headers.apply(IF_NONE_MATCH));
    }

    /** The condition of a DeleteObject: S3 offers only {@code If-Match} there. */
    static WriteConditions ofDelete(Function<String, String> headers) {
        return new WriteConditions(headers.apply(IF_MATCH), null);
    }

    boolean any() {
        return ifMatch != null || ifNoneMatch != null;
    }

    /**
     * @param currentETag the ETag of the key's current object, quoted or not; empty when the key holds none
     */
    Verdict judge(Optional<String> currentETag) {
        if (ifNoneMatch != null && !"*".equals(ifNoneMatch.trim())) {
            return new NotImplemented(IF_NONE_MATCH);
        }
        if (ifMatch != null) {
            if (currentETag.isEmpty()) {
                return new NoSuchKey();
            }
            if (!matches(ifMatch, currentETag.get())) {
                return new PreconditionFailed(IF_MATCH);
            }
        }
        if (ifNoneMatch != null && currentETag.isPresent()) {
            return new PreconditionFailed(IF_NONE_MATCH);
        }
        return PROCEED;
    }

    /** Whether a condition's value ({@code *}, one ETag or a list) holds for an object with this ETag. */
    static boolean matches(String condition, String eTag) {
        String current = unquoted(eTag);
        return Arrays.stream(condition.split(","))
                .map(String::trim)
                .anyMatch(candidate -> "*".equals(candidate) || unquoted(candidate).equals(current));
    }

    private static String unquoted(String eTag) {
        String e = eTag.trim();
        if (e.startsWith("W/")) {
            e = e.substring(2);
        }
        if (e.length() >= 2 && e.startsWith("\"") && e.endsWith("\"")) {
            e = e.substring(1, e.length() - 1);
        }
        return e;
    }
}
