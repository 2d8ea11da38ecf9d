package io.github.s3drreplicator.breaker;

/**
 * The delete-storm breaker as JMX shows it ({@code io.github.s3drreplicator:type=DeleteBreaker}), reachable over
 * Jolokia at {@code /observe/jolokia}.
 */
public interface DeleteBreakerMBean {

    /** Whether deletes are being held. */
    boolean isOpen();

    /** Why the breaker opened, or empty while it is closed. */
    String getReason();

    /** When it opened (ISO-8601), or empty while it is closed. */
    String getOpenedAt();

    /** Deletes held since the service started. */
    long getHeldDeletes();

    /** Closes the breaker and applies the held deletes (each key is looked at again first). */
    String resume();

    /** Drops the held deletes (DR keeps those objects) and closes the breaker. */
    String discard();
}
