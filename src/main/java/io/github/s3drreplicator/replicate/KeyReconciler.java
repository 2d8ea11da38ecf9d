package io.github.s3drreplicator.replicate;

import java.util.Map;
import java.util.stream.Collectors;

import io.github.s3drreplicator.event.ObjectEvent;
import org.apache.camel.ExchangeProperty;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.Tag;

/**
 * Reconciles a key instead of replaying an event: whatever a record says happened, DR is brought to what the
 * source holds now. A late, duplicated, reordered or forged event can therefore never make DR diverge; at worst it
 * causes a check that finds nothing to do. See docs/convergence.md for the rule and its race analysis.
 */
public class KeyReconciler {

    private final S3Client source;
    private final S3Client target;
    private final String sourceBucket;
    private final String targetBucket;
    private final int maxRounds;

    public KeyReconciler(S3Client source, S3Client target, String sourceBucket, String targetBucket, int maxRounds) {
        this.source = source;
        this.target = target;
        this.sourceBucket = sourceBucket;
        this.targetBucket = targetBucket;
        this.maxRounds = maxRounds;
    }

    /**
     * Looks at the key in both buckets and decides.
     *
     * @param round how many times this record was planned already: the source changing under every round means
     *              writes are still going on, and the record is better tried again later
     */
    public ReconcileAction plan(@ExchangeProperty("replicatorEvent") ObjectEvent event,
                                @ExchangeProperty("CamelLoopIndex") Integer round) {
        if (round != null && round >= maxRounds) {
            throw new ReconcileRaceException(event.key(), round);
        }
        ObjectState src = head(source, sourceBucket, event.key());
        ObjectState dr = head(target, targetBucket, event.key());
        if (src.exists()) {
            boolean copy = !dr.holdsCopyOf(src);
            if (copy || isTaggingEvent(event)) {
                // a copy replaces the tags too: the copy in parts would not carry them over by itself; HeadObject
                // already says how many there are, which spares the look-up for the many objects with none
                Map<String, String> sourceTags = src.mayHaveTags() || isTaggingEvent(event)
                        ? tags(source, sourceBucket, event.key()) : Map.of();
                if (sourceTags == null) {
                    // removed between the two looks: decide as for a removed object
                    src = ObjectState.ABSENT;
                } else if (copy) {
                    return new ReconcileAction(ReconcileAction.Kind.COPY, event, src, sourceTags, null);
                } else if (!sourceTags.equals(tags(target, targetBucket, event.key()))) {
                    return new ReconcileAction(ReconcileAction.Kind.SYNC_TAGS, event, src, sourceTags, null);
                }
            }
            if (src.exists()) {
                return new ReconcileAction(ReconcileAction.Kind.NONE, event, src, Map.of(), "already-in-sync");
            }
        }
        if (dr.exists()) {
            return new ReconcileAction(ReconcileAction.Kind.DELETE, event, src, Map.of(), null);
        }
        // a creation whose object is gone since: replaying it would resurrect a deleted object
        return new ReconcileAction(ReconcileAction.Kind.NONE, event, src, Map.of(),
                event.isCreated() ? "source-gone" : "already-absent");
    }

    /**
     * Looks at the source again once the action was applied. Unchanged, DR now equals it; changed, another round
     * is needed, because a concurrent replica may have applied an older state after ours.
     *
     * @param applied whether the action took effect (a copy conditioned on an ETag that changed did not)
     */
    public boolean confirm(@ExchangeProperty("replicatorAction") ReconcileAction action,
                           @ExchangeProperty("replicatorApplied") Boolean applied,
                           @ExchangeProperty("replicatorCopyETag") String copyETag) {
        if (Boolean.FALSE.equals(applied)) {
            return false;
        }
        // a copy whose ETag is the source's has the source's bytes (their MD5); only other copies are looked at
        if (action.kind() == ReconcileAction.Kind.COPY
                && (copyETag == null || !copyETag.replace("\"", "").equals(action.source().eTag()))) {
            verifyCopy(action);
        }
        return head(source, sourceBucket, action.key()).sameVersionAs(action.source());
    }

    /** Integrity: the copy S3 made has the source's size, and its full-object checksum where S3 keeps one. */
    private void verifyCopy(ReconcileAction action) {
        ObjectState copy = head(target, targetBucket, action.key());
        // what DR holds now may be another replica's copy of another version: that replica's own look decides
        boolean ours = copy.exists()
                && action.source().eTag().equals(copy.metadata().get(ObjectState.SOURCE_ETAG_METADATA));
        if (ours && !copy.hasSameContentAs(action.source())) {
            throw new CopyIntegrityException(action.key(), action.source(), copy);
        }
    }

    private static boolean isTaggingEvent(ObjectEvent event) {
        return event.eventName() != null && event.eventName().startsWith("ObjectTagging:");
    }

    private static ObjectState head(S3Client s3, String bucket, String key) {
        try {
            return ObjectState.of(s3.headObject(r -> r.bucket(bucket).key(key).checksumMode(ChecksumMode.ENABLED)));
        } catch (NoSuchKeyException gone) {
            return ObjectState.ABSENT;
        } catch (S3Exception e) {
            // HEAD answers carry no body, so a missing key may come back as a bare 404
            if (e.statusCode() == 404 && !"NoSuchBucket".equals(errorCode(e))) {
                return ObjectState.ABSENT;
            }
            throw e;
        }
    }

    private static String errorCode(S3Exception e) {
        return e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    }

    /** The object's tags, or {@code null} when it is gone. */
    private static Map<String, String> tags(S3Client s3, String bucket, String key) {
        try {
            return s3.getObjectTagging(r -> r.bucket(bucket).key(key)).tagSet().stream()
                    .collect(Collectors.toMap(Tag::key, Tag::value));
        } catch (NoSuchKeyException gone) {
            return null;
        }
    }
}
