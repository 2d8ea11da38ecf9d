package io.github.s3drreplicator.sandbox;

import java.util.Arrays;

/** How a service that is down answers. */
public enum OutageMode {

    /** Every request is answered {@code 503} with the service's own error (S3's XML, SQS's JSON or XML). */
    UNAVAILABLE("503"),
    /** The connection is closed without an answer: the client sees a reset or a premature end. */
    CUT("cut"),
    /**
     * The request is read and never answered, until the client gives up; on recovery (and when the sandbox
     * closes) the held connections are closed, so that clients still waiting try again.
     */
    TIMEOUT("timeout"),
    /** SQS only: the port stops listening, so connections are refused; it listens again on recovery. */
    REFUSE("refuse"),
    /**
     * S3 only: every request is answered {@code 403 AccessDenied}, as S3 answers a role whose policy, or a bucket
     * policy, denies it (or a bucket owned by another account than the one the request expects).
     */
    ACCESS_DENIED("403");

    private final String label;

    OutageMode(String label) {
        this.label = label;
    }

    /** As the control endpoint names it: {@code 503}, {@code cut}, {@code timeout}, {@code refuse}. */
    public String label() {
        return label;
    }

    public static OutageMode of(String label) {
        return Arrays.stream(values())
                .filter(mode -> mode.label.equalsIgnoreCase(label) || mode.name().equalsIgnoreCase(label))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown outage mode '" + label
                        + "': one of 503, cut, timeout, refuse (SQS only), 403 (S3 only), or off"));
    }
}
