package io.github.s3drreplicator.breaker;

import io.github.s3drreplicator.event.PermanentFailureException;

/**
 * A pair's breaker state that is there but cannot be used: not the JSON the replicator writes, or missing while the
 * held-deletes queue cannot be counted (so "never used" cannot be told from "lost"). No delete passes a breaker whose
 * state is unknown: the delete fails without being applied and is dead-lettered with this reason.
 */
public class UnreadableBreakerStateException extends PermanentFailureException {

    public UnreadableBreakerStateException(String message) {
        super(message);
    }

    @Override
    public String reasonType() {
        return "unreadable-breaker-state";
    }
}
