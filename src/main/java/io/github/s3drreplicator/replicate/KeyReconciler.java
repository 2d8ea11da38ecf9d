package io.github.s3drreplicator.replicate;

import java.time.Clock;
import java.util.Map;
import java.util.stream.Collectors;

import io.github.s3drreplicator.aws.S3Clients;
import io.github.s3drreplicator.event.ObjectEvent;
import io.github.s3drreplicator.pair.BucketPair;
import io.github.s3drreplicator.pair.DeleteMode;
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
 *
 * <p>The fast path: a creation event names the new object's ETag and size, so the first round of a record for an
 * object copied in one piece does not look at the source first. Unless DR already holds that version, S3 copies it
 * with its own metadata and tags ({@code COPY} directives), conditioned on the announced ETag: exactly the announced
 * content, or nothing (412, and the record takes the full path). The look afterwards is the same as ever. Three
 * requests per object instead of four or five (docs/performance.md, step 3).
 */
public class KeyReconciler {

    private static final java.util.regex.Pattern MD5 = java.util.regex.Pattern.compile("[0-9a-f]{32}");

    private final S3Clients clients;
    private final int maxRounds;
    private final Clock clock;
    private final long fastCopyMaxBytes;

    /** @param fastCopyMaxBytes objects up to this size may take the fast path; -1 for never */
    public KeyReconciler(S3Clients clients, int maxRounds, Clock clock, long fastCopyMaxBytes) {
        this.clients = clients;
        this.maxRounds = maxRounds;
        this.clock = clock;
        this.fastCopyMaxBytes = fastCopyMaxBytes;
    }

    /**
     * Looks at the key in both buckets of its pair and decides.
     *
     * @param round   how many times this record was planned already: the source changing under every round means
     *                writes are still going on, and the record is better tried again later
     * @param restore whether this is a restore (the pair reversed, DR to production): see {@link #planRestore}
     */
    public ReconcileAction plan(@ExchangeProperty("replicatorEvent") ObjectEvent event,
                                @ExchangeProperty("replicatorPair") BucketPair pair,
                                @ExchangeProperty("CamelLoopIndex") Integer round,
                                @ExchangeProperty("replicatorRestore") Boolean restore) {
        if (round != null && round >= maxRounds) {
            throw new ReconcileRaceException(event.key(), round);
        }
        if (Boolean.TRUE.equals(restore)) {
            return planRestore(event, pair);
        }
        S3Client source = clients.forRegion(pair.sourceRegion());
        S3Client target = clients.forRegion(pair.targetRegion());
        ObjectState dr = head(target, pair.targetBucket(), event.key());
        if ((round == null || round == 0) && mayCopyFast(event, pair)) {
            ObjectState announced = ObjectState.announced(event.eTag(), event.size(), event.versionId());
            if (!dr.holdsCopyOf(announced)) {
                return new ReconcileAction(ReconcileAction.Kind.COPY, event, pair, announced, Map.of(), dr, Map.of(),
                        null, false, true);
            }
        }
        ObjectState src = head(source, pair.sourceBucket(), event.key());
        if (src.exists()) {
            boolean copy = !dr.holdsCopyOf(src);
            if (copy || isTaggingEvent(event) || mayBeMarked(pair, dr)) {
                // a copy replaces the tags too: the copy in parts would not carry them over by itself; HeadObject
                // already says how many there are, which spares the look-up for the many objects with none
                Map<String, String> sourceTags = src.mayHaveTags() || isTaggingEvent(event)
                        ? tags(source, pair.sourceBucket(), event.key()) : Map.of();
                if (DeletionMarks.isMarked(sourceTags)) {
                    // a copy DR kept after its original was deleted, seen by the service running from DR back to
                    // production: neither brought back to life nor a reason to delete what production has now
                    return action(ReconcileAction.Kind.NONE, event, pair, src, Map.of(), dr, "source-marked-deleted");
                }
                if (sourceTags == null) {
                    // removed between the two looks: decide as for a removed object
                    src = ObjectState.ABSENT;
                } else if (copy) {
                    return action(ReconcileAction.Kind.COPY, event, pair, src, sourceTags, dr, null);
                } else if (!sourceTags.equals(tags(target, pair.targetBucket(), event.key()))) {
                    // new tags in production, or a copy marked deleted whose object production has again
                    return action(ReconcileAction.Kind.SYNC_TAGS, event, pair, src, sourceTags, dr, null);
                }
            }
            if (src.exists()) {
                return action(ReconcileAction.Kind.NONE, event, pair, src, Map.of(), dr, "already-in-sync");
            }
        }
        if (dr.exists()) {
            return planRemoval(event, pair, src, dr, target);
        }
        // a creation whose object is gone since: replaying it would resurrect a deleted object
        return action(ReconcileAction.Kind.NONE, event, pair, src, Map.of(), dr,
                event.isCreated() ? "source-gone" : "already-absent");
    }

    /**
     * A creation event announcing an object S3 copies in one piece whose copy keeps its ETag: a plain MD5 (not an
     * upload in parts, not SSE-KMS) and no KMS key of ours for the copy.
     */
    private boolean mayCopyFast(ObjectEvent event, BucketPair pair) {
        return event.isCreated() && event.eTag() != null && event.size() != null && event.size() <= fastCopyMaxBytes
                && MD5.matcher(event.eTag()).matches() && pair.kmsKeyId() == null;
    }

    /** The source no longer has the key and DR does: delete DR's copy, or keep it marked, as the pair says. */
    private ReconcileAction planRemoval(ObjectEvent event, BucketPair pair, ObjectState src, ObjectState dr,
                                        S3Client target) {
        if (pair.deleteMode() == DeleteMode.MIRROR) {
            return action(ReconcileAction.Kind.DELETE, event, pair, src, Map.of(), dr, null);
        }
        Map<String, String> drTags = dr.mayHaveTags() ? tags(target, pair.targetBucket(), event.key()) : Map.of();
        if (drTags == null) {
            return action(ReconcileAction.Kind.NONE, event, pair, src, Map.of(), ObjectState.ABSENT, "already-absent");
        }
        if (DeletionMarks.isMarkedFor(pair, drTags)) {
            return action(ReconcileAction.Kind.NONE, event, pair, src, Map.of(), dr, "already-retained");
        }
        return new ReconcileAction(ReconcileAction.Kind.RETAIN, event, pair, src, Map.of(), dr,
                DeletionMarks.marked(pair, drTags, clock.instant()), null, false, false);
    }

    /**
     * Restore: the pair is reversed, so the "source" is DR and the "target" production. Production gets DR's copy
     * where it lacks the key or holds an older version of it; a newer version in production is kept. Copies DR kept
     * after their original was deleted (delete modes retain and delayed) are restored too, without the marks.
     */
    ReconcileAction planRestore(ObjectEvent event, BucketPair reversed) {
        S3Client dr = clients.forRegion(reversed.sourceRegion());
        S3Client production = clients.forRegion(reversed.targetRegion());
        ObjectState kept = head(dr, reversed.sourceBucket(), event.key());
        ObjectState current = head(production, reversed.targetBucket(), event.key());
        if (!kept.exists()) {
            return action(ReconcileAction.Kind.NONE, event, reversed, kept, Map.of(), current, "not-in-dr");
        }
        if (current.holdsCopyOf(kept)) {
            return action(ReconcileAction.Kind.NONE, event, reversed, kept, Map.of(), current, "already-in-sync");
        }
        if (current.exists() && current.lastModified() != null && kept.lastModified() != null
                && current.lastModified().isAfter(kept.lastModified())) {
            return action(ReconcileAction.Kind.NONE, event, reversed, kept, Map.of(), current, "production-newer");
        }
        Map<String, String> keptTags = kept.mayHaveTags() ? tags(dr, reversed.sourceBucket(), event.key()) : Map.of();
        if (keptTags == null) {
            return action(ReconcileAction.Kind.NONE, event, reversed, ObjectState.ABSENT, Map.of(), current,
                    "not-in-dr");
        }
        return new ReconcileAction(ReconcileAction.Kind.COPY, event, reversed, kept, DeletionMarks.unmarked(keptTags),
                current, Map.of(), null, DeletionMarks.isMarked(keptTags), false);
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
        BucketPair pair = action.pair();
        if (action.fast()) {
            // a copy whose ETag is not the announced one (a bucket encrypting with KMS by default) would record no
            // source ETag: the full path copies it once more, recording it
            if (copyETag == null || !copyETag.replace("\"", "").equals(action.source().eTag())) {
                return false;
            }
            ObjectState now = head(clients.forRegion(pair.sourceRegion()), pair.sourceBucket(), action.key());
            return now.exists() && action.source().eTag().equals(now.eTag())
                    && action.source().size().equals(now.size());
        }
        // a copy whose ETag is the source's has the source's bytes (their MD5); only other copies are looked at
        if (action.kind() == ReconcileAction.Kind.COPY
                && (copyETag == null || !copyETag.replace("\"", "").equals(action.source().eTag()))) {
            verifyCopy(action);
        }
        return head(clients.forRegion(pair.sourceRegion()), pair.sourceBucket(), action.key())
                .sameVersionAs(action.source());
    }

    /** Integrity: the copy S3 made has the source's size, and its full-object checksum where S3 keeps one. */
    private void verifyCopy(ReconcileAction action) {
        BucketPair pair = action.pair();
        ObjectState copy = head(clients.forRegion(pair.targetRegion()), pair.targetBucket(), action.key());
        // what DR holds now may be another replica's copy of another version: that replica's own look decides
        boolean ours = copy.exists()
                && action.source().eTag().equals(copy.metadata().get(ObjectState.SOURCE_ETAG_METADATA));
        if (ours && !copy.hasSameContentAs(action.source())) {
            throw new CopyIntegrityException(action.key(), action.source(), copy);
        }
    }

    /** A DR copy that may carry deletion marks from an earlier removal: worth a look at its tags. */
    private static boolean mayBeMarked(BucketPair pair, ObjectState dr) {
        return pair.deleteMode() != DeleteMode.MIRROR && dr.exists() && dr.mayHaveTags();
    }

    private static ReconcileAction action(ReconcileAction.Kind kind, ObjectEvent event, BucketPair pair,
                                          ObjectState src, Map<String, String> sourceTags, ObjectState dr,
                                          String reason) {
        return new ReconcileAction(kind, event, pair, src, sourceTags, dr, Map.of(), reason, false, false);
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
    static Map<String, String> tags(S3Client s3, String bucket, String key) {
        try {
            return s3.getObjectTagging(r -> r.bucket(bucket).key(key)).tagSet().stream()
                    .collect(Collectors.toMap(Tag::key, Tag::value));
        } catch (NoSuchKeyException gone) {
            return null;
        }
    }
}
