package io.github.s3drreplicator.replicate;

/**
 * The source kept changing while one key was being reconciled. Transient: the record is tried again later, by
 * when the writes have settled.
 */
public class ReconcileRaceException extends RuntimeException {

    public ReconcileRaceException(String key, int rounds) {
        super("the source changed under '" + key + "' in each of " + rounds + " rounds of reconciling it");
    }
}
