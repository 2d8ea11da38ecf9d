package io.github.s3drreplicator.replicate;

import java.util.Map;

import io.github.s3drreplicator.event.ObjectEvent;
import io.github.s3drreplicator.pair.BucketPair;

/** Records with a copy planned, for tests outside this package (the overwrite guard's). */
public final class PlannedCopies {

    private PlannedCopies() {
    }

    /**
     * A record of {@code origin} whose planned step copies the source over DR's object ({@code overwrite}), or onto
     * a key DR does not hold.
     */
    public static KeyReplication copy(BucketPair pair, KeyReplication.Origin origin, boolean overwrite) {
        KeyReplication r = new KeyReplication(new ObjectEvent("ObjectCreated:Put", pair.sourceBucket(), "k", 2L,
                "e2", null, null, null), pair, origin, KeyReplication.Policy.MIRROR, false, null);
        ObjectState source = ObjectState.announced("e2", 2, null);
        r.step(new ReconcileStep.Copy(pair.sourceBucket(), source, overwrite ? new Destination("e1")
                : Destination.ABSENT, Map.of(), Map.of(), false, ReconcileStep.Copy.Purpose.REPLICATE));
        return r;
    }
}
