package io.github.s3drreplicator.replicate;

/**
 * A copy that S3 accepted, but whose result does not match the source (size or full-object checksum). Transient:
 * the record is tried again, and the copy made anew.
 */
public class CopyIntegrityException extends RuntimeException {

    public CopyIntegrityException(String key, ObjectState source, ObjectState copy) {
        super("the DR copy of '" + key + "' does not match its source: " + copy.size() + " bytes (checksum "
                + copy.checksum() + ") where the source has " + source.size() + " bytes (checksum "
                + source.checksum() + ")");
    }
}
