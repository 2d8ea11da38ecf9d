package io.github.s3drreplicator.sandbox;

import java.util.Arrays;

/** What a {@link HoldRule} does to the request it picks. */
public enum HoldMode {

    /**
     * The request is not sent to the store until released: it then runs as if it had just arrived, against the
     * state at its release. It waits before any key lock, bucket gate or condition, so that other clients' requests
     * for the same key go through meanwhile.
     */
    HOLD("hold"),
    /**
     * The request is served at once, against the state now, and its answer waits until released: the client acts
     * on an answer that is stale by then. Nothing is kept locked while the answer waits.
     */
    LATE("late");

    private final String label;

    HoldMode(String label) {
        this.label = label;
    }

    /** As the control endpoint names it: {@code hold}, {@code late}. */
    public String label() {
        return label;
    }

    public static HoldMode of(String label) {
        return Arrays.stream(values())
                .filter(mode -> mode.label.equalsIgnoreCase(label))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown hold mode '" + label + "': hold or late"));
    }
}
