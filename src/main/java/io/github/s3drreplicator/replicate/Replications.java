package io.github.s3drreplicator.replicate;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.s3drreplicator.event.ObjectEvent;
import io.github.s3drreplicator.event.RejectedRecordException;
import io.github.s3drreplicator.pair.BucketPair;
import io.github.s3drreplicator.pair.BucketPairs;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;

/**
 * Starts the reconciliation of one record ({@link KeyReplication}): finds its bucket pair, and how that pair is
 * reconciled: as a mirror, or newest-wins where the reverse pair runs too; with the fast path where a mirror's event
 * announces an object that may be copied at once.
 */
public class Replications {

    /** Set by the route that releases held deletes: those records come from an operator's decision. */
    public static final String ORIGIN_PROPERTY = "replicatorOrigin";
    /** Set with it: the storm the operator decided on, which the record was held for. */
    public static final String DECIDED_STORM_PROPERTY = "replicatorDecidedStorm";

    private final BucketPairs pairs;

    public Replications(BucketPairs pairs) {
        this.pairs = pairs;
    }

    /**
     * @param record the record as it arrived, kept for the dead-letter queue
     * @return the reconciliation, already ended as a skip where the record has nothing for DR (an event type that
     *         changes nothing, or a key no pair's filters select)
     * @throws io.github.s3drreplicator.event.RejectedRecordException for a bucket that is no pair's source
     */
    public KeyReplication begin(@Body ObjectEvent event, @ExchangeProperty("replicatorRecord") JsonNode record,
                                @ExchangeProperty(ORIGIN_PROPERTY) KeyReplication.Origin origin,
                                @ExchangeProperty(DECIDED_STORM_PROPERTY) String decidedStorm) {
        BucketPair pair = pairs.pairFor(event);
        if (event.isRepair()) {
            checkRepairPair(event, pair);
        }
        KeyReplication.Origin from = origin != null ? origin
                : event.isRepair() ? KeyReplication.Origin.AUDIT : KeyReplication.Origin.EVENT;
        KeyReplication r = start(event, pair, from, record).decidedFrom(decidedStorm);
        if (!event.isReplicable()) {
            r.skipped("unsupported-event-type");
        } else if (pair == null) {
            r.skipped("no-pair-selects-key");
        } else {
            announce(r);
        }
        return r;
    }

    /**
     * A repair record from the queue names the pair its audit compared the key in; here the key's events go to the
     * pair this service's configuration picks. Where they differ, the audit ran with another configuration than the
     * service, and its verdict is not this service's to apply.
     */
    private static void checkRepairPair(ObjectEvent event, BucketPair pair) {
        if (pair == null || !pair.name().equals(event.repairOf())) {
            throw new RejectedRecordException("the repair record names bucket pair '" + event.repairOf()
                    + "', but here the key's events go to " + (pair == null ? "no pair" : "pair '" + pair.name()
                    + "'") + ": the audit that sent it read another configuration than this service's");
        }
    }

    /**
     * The reconciliation of a key the audit found drifted, in the audit's own process; for a key missing in DR, the
     * listing's ETag and size announce it as a creation event would (the fast path: one CopyObject).
     */
    public KeyReplication repair(BucketPair pair, ObjectEvent event) {
        return announce(start(event, pair, KeyReplication.Origin.AUDIT, null));
    }

    /** A creation whose ETag and size are known may be copied at once, on a mirror pair ({@link ReconcilePlanner}). */
    private static KeyReplication announce(KeyReplication r) {
        ObjectEvent event = r.event();
        if (event.isCreated() && r.policy() == KeyReplication.Policy.MIRROR && !r.discarded()
                && ReconcilePlanner.fastPathFor(event.eTag(), event.size(), r.pair())) {
            r.announced(ObjectState.announced(event.eTag(), event.size(), event.versionId()));
        }
        return r;
    }

    /**
     * The reconciliation of a key a restore brings back (the pair reversed, DR to production), for a restore that
     * began at {@code started}: what production writes or deletes from then on is the application's, and kept.
     */
    public KeyReplication restore(BucketPair reversed, ObjectEvent event, java.time.Instant started) {
        return start(event, reversed, KeyReplication.Origin.RESTORE, null).restoreStartedAt(started);
    }

    /**
     * The reconciliation of a key a restore to an earlier instant brings back (the pair reversed, DR to production):
     * to DR's version at that instant, or, where the key did not exist then and {@code asOf} says so, to no object.
     */
    public KeyReplication restoreAsOf(BucketPair reversed, ObjectEvent event, java.time.Instant started,
                                      KeyAsOf asOf) {
        return restore(reversed, event, started).restoringAsOf(asOf);
    }

    private KeyReplication start(ObjectEvent event, BucketPair pair, KeyReplication.Origin origin, JsonNode record) {
        if (pair == null) {
            return new KeyReplication(event, null, origin, KeyReplication.Policy.MIRROR, false, record);
        }
        boolean newerWins = origin == KeyReplication.Origin.RESTORE || pairs.hasReverse(pair);
        return new KeyReplication(event, pair, origin,
                newerWins ? KeyReplication.Policy.NEWER_WINS : KeyReplication.Policy.MIRROR,
                pairs.keepsMarks(pair.sourceBucket()), record);
    }
}
