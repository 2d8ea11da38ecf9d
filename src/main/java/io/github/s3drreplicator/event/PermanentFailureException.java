package io.github.s3drreplicator.event;

/**
 * A failure that no retry can mend: the message goes to the dead-letter queue with this exception's message as
 * its reason, and the consumer moves on.
 */
public class PermanentFailureException extends RuntimeException {

    public PermanentFailureException(String message) {
        super(message);
    }

    /** A short, stable name for the kind of failure, used as the dead-letter reason type and metric tag. */
    public String reasonType() {
        return "permanent";
    }
}
