package io.github.s3drreplicator.event;

/** A well-formed record the replicator refuses to act on, such as one naming a bucket it does not replicate. */
public class RejectedRecordException extends PermanentFailureException {

    public RejectedRecordException(String message) {
        super(message);
    }

    @Override
    public String reasonType() {
        return "rejected-record";
    }
}
