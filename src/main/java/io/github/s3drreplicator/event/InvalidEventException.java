package io.github.s3drreplicator.event;

/** The message is not an S3 event notification this replicator understands. */
public class InvalidEventException extends PermanentFailureException {

    public InvalidEventException(String message) {
        super(message);
    }

    @Override
    public String reasonType() {
        return "invalid-event";
    }
}
