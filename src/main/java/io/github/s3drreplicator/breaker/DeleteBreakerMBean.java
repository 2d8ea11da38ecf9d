package io.github.s3drreplicator.breaker;

/**
 * The delete-storm breaker as JMX shows it ({@code io.github.s3drreplicator:type=DeleteBreaker}). Over Jolokia it can
 * be read, not operated: resume and discard are the {@code breaker} command's, or JMX's on the pod itself.
 */
public interface DeleteBreakerMBean {

    /** Whether any pair's breaker holds deletes. */
    boolean isOpen();

    /** Why, per open pair, or empty while all are closed. */
    String getReason();

    /** Since when (ISO-8601), per open pair, or empty. */
    String getOpenedAt();

    /** Closes every open pair's breaker and applies that storm's held deletes (each looked at again first). */
    String resume();

    /** Closes every open pair's breaker and drops that storm's held deletes: DR keeps those objects. */
    String discard();
}
