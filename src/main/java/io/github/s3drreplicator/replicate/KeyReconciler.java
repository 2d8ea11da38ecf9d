package io.github.s3drreplicator.replicate;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import io.github.s3drreplicator.aws.S3Clients;
import io.github.s3drreplicator.config.ReplicatorSettings;
import io.github.s3drreplicator.config.Settings;
import io.github.s3drreplicator.failure.FailureClassifier;
import io.github.s3drreplicator.pair.BucketPair;
import io.github.s3drreplicator.replicate.ReconcileStep.Copy;
import io.github.s3drreplicator.replicate.ReconcileStep.Look;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Reconciles a key instead of replaying an event: whatever a record says happened, DR is brought to what the source
 * holds now. {@link ReconcilePlanner} decides; this bean looks at S3 as the planner asks (each bucket through the
 * client of its own region) and records what the routes' writes did. A late, duplicated, reordered or forged event
 * can never make DR diverge: at worst it causes a look that finds nothing to do. See docs/convergence.md.
 */
public class KeyReconciler {

    private static final Logger LOG = LoggerFactory.getLogger("io.github.s3drreplicator.skipped");
    // every decision with what it was decided on, for whoever has to explain one (DEBUG)
    private static final Logger DECISIONS = LoggerFactory.getLogger(KeyReconciler.class);

    private static final FailureClassifier CONFLICTS = new FailureClassifier();

    private final S3Clients clients;
    private final ReconcilePlanner planner;
    private final int maxConflicts;

    /** As the settings say: the deletion settle time where both directions run, and the rounds of a record. */
    public static KeyReconciler of(S3Clients clients, ReplicatorSettings settings) {
        return new KeyReconciler(clients, new ReconcilePlanner(Clock.systemUTC(),
                Duration.ofSeconds(settings.get(Settings.DELETION_SETTLE_SECONDS))), settings.get(Settings.MAX_ROUNDS));
    }

    /** @param maxConflicts writes refused because the key changed, before the record is tried again later */
    public KeyReconciler(S3Clients clients, ReconcilePlanner planner, int maxConflicts) {
        this.clients = clients;
        this.planner = planner;
        this.maxConflicts = maxConflicts;
    }

    /** Decides the record's next step, looking at S3 as often as the planner needs: a write, or done. */
    public void plan(@ExchangeProperty(KeyReplication.PROPERTY) KeyReplication r) {
        if (r.conflicts() >= maxConflicts) {
            throw new ReconcileRaceException(r.key(), r.conflicts());
        }
        while (true) {
            ReconcileStep step = planner.next(r);
            if (DECISIONS.isDebugEnabled()) {
                DECISIONS.debug("key='{}' pair={} conflicts={} source={} target={}: {}", r.key(), r.pair().name(),
                        r.conflicts(), describe(r.source()), describe(r.target()), step);
            }
            if (step instanceof Look look) {
                look(r, look);
                continue;
            }
            if (step instanceof ReconcileStep.Done done) {
                r.skipped(done.reason());
            } else {
                r.step(step);
            }
            return;
        }
    }

    /**
     * The fast path of a creation taken outside the routes, for a caller that has no use for them there (the audit's
     * repair of a key missing in DR): the record's source is announced and DR not yet seen, the planner decides the
     * one conditioned CopyObject, and it is sent here. Returns whether that ended the record. Where it did not (the
     * planner wants another step, S3 refused the copy because the key changed, or the copy failed), the record goes on
     * through {@code reconcile-key} as it stands, which decides the next step, retries and classifies failures as for
     * any record.
     */
    public boolean copyAnnounced(KeyReplication r, S3Requests requests) {
        if (r.source().knowledge() != View.Knowledge.ANNOUNCED || r.conflicts() > 0 || !r.target().unknown()) {
            return false;
        }
        ReconcileStep step = planner.next(r);
        if (!(step instanceof Copy copy) || copy.inParts() || copy.retagAfterCopy()) {
            return false;
        }
        r.step(step);
        CopyObjectResponse response;
        try {
            response = clients.forRegion(r.pair().targetRegion()).copyObject(requests.copyObject(r));
        } catch (S3Exception e) {
            if (CONFLICTS.isConflict(e)) {
                // as error-handling.yaml does: not a failure, the key is looked at again
                r.conflicted();
            }
            return false;
        } catch (SdkException e) {
            return false;
        }
        copied(response, r);
        return r.isDone();
    }

    /** A copy took effect; it is done if S3 made the source's twin (the same ETag, unless ETags are no digests). */
    public void copied(@Body Object result, @ExchangeProperty(KeyReplication.PROPERTY) KeyReplication r) {
        Copy copy = r.getCopy();
        String eTag = result instanceof CopyObjectResponse response ? response.copyObjectResult().eTag()
                : result instanceof CompleteMultipartUploadResponse response ? response.eTag() : null;
        boolean twin = eTag == null || copy.source().opaqueETag() || copy.purpose() == Copy.Purpose.MARK
                || r.pair().kmsKeyId() != null || eTag.replace("\"", "").equals(copy.source().eTag());
        if (!twin && copy.source().checksum() == null) {
            // another layout than the source's (parts of other sizes): copied again, part by part as they are
            LOG.info("The copy of '{}' has the ETag {}, not its source's {}: copying it again, in the source's parts"
                    + " as S3 lists them", r.key(), eTag, copy.source().eTag());
            r.appliedButDiffers();
            return;
        }
        if (eTag != null && buriedANewerDeletion(r, copy, eTag.replace("\"", ""))) {
            // the target's deletion is the newer state, as if the copy had never been made
            r.skipped("target-newer");
            return;
        }
        String version = result instanceof CopyObjectResponse response ? response.versionId()
                : result instanceof CompleteMultipartUploadResponse response ? response.versionId() : null;
        r.applied(switch (copy.purpose()) {
            case REPLICATE, RESTORE -> "copied";
            case MARK -> "retained";
        }, copy.purpose() == Copy.Purpose.MARK ? 0 : copy.source().size(), version);
    }

    /**
     * Where both directions run, a copy onto nothing may have buried a deletion made on the target after the look
     * ({@link CopyOverDeletion}): then the copy is deleted again, conditioned on being still the current object.
     */
    private boolean buriedANewerDeletion(KeyReplication r, Copy copy, String eTag) {
        if (r.policy() != KeyReplication.Policy.NEWER_WINS || r.restore() || copy.purpose() != Copy.Purpose.REPLICATE
                || copy.destination().ifMatch() != null) {
            return false;
        }
        BucketPair pair = r.pair();
        S3Client s3 = clients.forRegion(pair.targetRegion());
        KeyHistory after = KeyLooks.history(s3, pair.targetBucket(), r.key());
        if (!CopyOverDeletion.buriedANewerDeletion(after, r.target().history(), eTag,
                copy.source().lastModified())) {
            return false;
        }
        for (int attempt = 1; ; attempt++) {
            try {
                s3.deleteObject(d -> d.bucket(pair.targetBucket()).key(r.key()).ifMatch("\"" + eTag + "\""));
                break;
            } catch (S3Exception e) {
                if (e.statusCode() == 412 || e.statusCode() == 404) {
                    // written again since the copy: the newer write is someone else's to settle
                    return false;
                }
                if (e.statusCode() != 409 || attempt == 3) {
                    throw e;
                }
                // 409: another conditional write to the key was in flight; S3 asks for another try
            }
        }
        LOG.info("'{}': the copy landed on a deletion made in {} after the source's version was written, and is"
                + " withdrawn; the deletion flows back the other way", r.key(), pair.targetBucket());
        return true;
    }

    public void deleted(@ExchangeProperty(KeyReplication.PROPERTY) KeyReplication r) {
        if (sourceWrittenSinceTheLook(r)) {
            return;
        }
        r.applied("deleted", 0);
    }

    /**
     * Where both directions run, the source may be written again while its deletion is being replicated. The
     * target's delete marker can then carry a later second than the source's new object, and would pass for a newer
     * deletion the other way: so after the delete the source is looked at once more, and if it holds an object again,
     * the key is reconciled anew knowing which marker on the target is ours ({@link KeyReplication#deletionOvertaken}).
     */
    private boolean sourceWrittenSinceTheLook(KeyReplication r) {
        if (r.policy() != KeyReplication.Policy.NEWER_WINS || r.restore()) {
            return false;
        }
        BucketPair pair = r.pair();
        ObjectState now = KeyLooks.head(clients.forRegion(pair.sourceRegion()), pair.sourceBucket(), r.key());
        if (!now.exists()) {
            return false;
        }
        KeyHistory.Entry newest = KeyLooks.history(clients.forRegion(pair.targetRegion()), pair.targetBucket(),
                r.key()).current();
        LOG.info("'{}' was written again in {} while its deletion was replicated: the new object follows", r.key(),
                pair.sourceBucket());
        if (newest != null && newest.deleteMarker()) {
            r.deletionOvertaken(newest);
        } else {
            // written in the target too since the delete: theirs to settle, by the usual rules
            r.conflicted();
        }
        return true;
    }

    /** Tags were set: deletion marks end the record; the source's tags are checked once more (the planner). */
    public void tagged(@ExchangeProperty(KeyReplication.PROPERTY) KeyReplication r) {
        ReconcileStep.Tag tag = (ReconcileStep.Tag) r.step();
        if (tag.mark()) {
            r.applied("retained", 0);
        } else {
            r.tagsWritten(tag);
        }
    }

    /** The planner's pause is over: the key is looked at again. */
    public void waited(@ExchangeProperty(KeyReplication.PROPERTY) KeyReplication r) {
        r.waited();
    }

    /** The delete was parked on the held-deletes queue instead of applied. */
    public void held(@ExchangeProperty(KeyReplication.PROPERTY) KeyReplication r) {
        r.held();
    }

    /** A write found the key changed since it was looked at (412 or 404): look again. */
    public void conflicted(@ExchangeProperty(KeyReplication.PROPERTY) KeyReplication r) {
        r.conflicted();
    }

    private static String describe(View view) {
        if (view.unknown()) {
            return "unknown";
        }
        String state = !view.exists() ? "absent" : view.state().eTag() + "@" + view.state().lastModified();
        return view.knowledge().name().toLowerCase() + " " + state
                + (view.history() == null ? "" : " history=" + view.history().entries());
    }

    private void look(KeyReplication r, Look look) {
        BucketPair pair = r.pair();
        boolean source = look.side() == ReconcileStep.Side.SOURCE;
        S3Client s3 = clients.forRegion(source ? pair.sourceRegion() : pair.targetRegion());
        String bucket = source ? pair.sourceBucket() : pair.targetBucket();
        View view = source ? r.source() : r.target();
        // a restore to an earlier instant copies one of DR's versions, not its current object
        String version = source && r.asOf() != null ? r.asOf().versionId() : null;
        View found = switch (look.need()) {
            case STATE -> View.seen(KeyLooks.head(s3, bucket, r.key(), version));
            case TAGS -> {
                // the current object's, unless a version is copied: reading a version's tags needs one more
                // permission (s3:GetObjectVersionTagging), which only restore has
                Map<String, String> tags = KeyLooks.tags(s3, bucket, r.key(), version);
                // gone between the two looks: decide as for a removed object
                yield tags == null ? View.seen(ObjectState.ABSENT) : view.withTags(tags);
            }
            case HISTORY -> view.withHistory(KeyLooks.history(s3, bucket, r.key()));
        };
        if (source) {
            r.source(found);
        } else {
            r.target(found);
        }
    }

}
