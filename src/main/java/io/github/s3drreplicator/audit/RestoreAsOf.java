package io.github.s3drreplicator.audit;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import io.github.s3drreplicator.audit.AsOfReport.Change;
import io.github.s3drreplicator.audit.AsOfReport.Outcome;
import io.github.s3drreplicator.audit.VersionListing.KeyAtInstant;
import io.github.s3drreplicator.aws.S3Clients;
import io.github.s3drreplicator.event.ObjectEvent;
import io.github.s3drreplicator.failure.OperatorMessage;
import io.github.s3drreplicator.pair.BucketPair;
import io.github.s3drreplicator.pair.BucketPairs;
import io.github.s3drreplicator.replicate.DeletionMarks;
import io.github.s3drreplicator.replicate.KeyAsOf;
import io.github.s3drreplicator.replicate.KeyLooks;
import io.github.s3drreplicator.replicate.KeyReplication;
import io.github.s3drreplicator.replicate.ObjectState;
import io.github.s3drreplicator.replicate.Replications;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.LifecycleRule;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * {@code restore --as-of}: production brought back, key by key, to what DR held at an instant, from DR's versions.
 * DR's version listing (ListObjectVersions) and production's object listing are read as streams and merged in key
 * order, as the drift audit merges its two listings, so memory stays flat on a bucket of millions of versions. Each
 * key is told apart from its listings alone where they suffice (other sizes, or the same ETag); where the sizes agree
 * and the ETags do not, both objects are looked at and compared as the reconciler compares content; where the pair
 * keeps copies of deleted objects marked, a version marked deleted at or before the instant is one production did not
 * hold then. Every write goes through the replication routes ({@code reconcile-key}), conditioned on what production
 * held when it was listed: the rules are {@link io.github.s3drreplicator.replicate.ReconcilePlanner}'s.
 */
public class RestoreAsOf implements CamelContextAware {

    private static final Logger LOG = LoggerFactory.getLogger(RestoreAsOf.class);

    private final S3Clients clients;
    private final BucketPairs pairs;
    private final Replications replications;
    private final int lookParallelism;
    private final int parallelism;
    private CamelContext camelContext;

    /**
     * @param lookParallelism keys looked at at once (HeadObject, GetObjectTagging)
     * @param parallelism     keys written at once
     */
    public RestoreAsOf(S3Clients clients, BucketPairs pairs, Replications replications, int lookParallelism,
                       int parallelism) {
        this.clients = clients;
        this.pairs = pairs;
        this.replications = replications;
        this.lookParallelism = lookParallelism;
        this.parallelism = parallelism;
    }

    /**
     * Brings the pair's production keys under the prefix back to what DR held at the instant, or, with
     * {@code dryRun}, only says what that would change.
     *
     * @param prune also delete keys production created since the instant
     * @throws IllegalStateException where the DR bucket keeps no versions, or where pruning reaches further back
     *                               than DR keeps replaced versions
     */
    public AsOfReport run(BucketPair pair, String prefix, Instant instant, boolean prune, boolean dryRun,
                          AuditProgress progress) {
        S3Client dr = clients.forRegion(pair.targetRegion());
        requireVersioned(dr, pair.targetBucket());
        AsOfReport report = new AsOfReport(instant, prune);
        if (!withinRecoveryWindow(dr, pair.targetBucket(), instant, prune)) {
            report.outsideRecoveryWindow();
        }
        Instant started = Instant.now();
        String listed = DriftFinder.narrower(pair.prefix(), prefix);
        if (listed == null) {
            progress.listed();
            return report;
        }
        ExecutorService listings = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "restore-listing");
            thread.setDaemon(true);
            return thread;
        });
        BucketListing production = new BucketListing(clients.forRegion(pair.sourceRegion()), pair.sourceBucket(),
                listed, DriftFinder.LISTING_PARALLELISM);
        ThreadPoolExecutor writes = new ThreadPoolExecutor(parallelism, parallelism, 0, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(parallelism * 4), new ThreadPoolExecutor.CallerRunsPolicy());
        try (KeyLooksInParallel looks = new KeyLooksInParallel(lookParallelism);
             ProducerTemplate template = dryRun ? null : camelContext.createProducerTemplate()) {
            Writer writer = dryRun ? null : new Writer(template, pair.reversed(), prune, started, report, progress);
            Iterator<KeyAtInstant> then = DriftFinder.selected(pairs, pair, listed,
                    new VersionListing(dr, pair.targetBucket(), listed, instant, listings), KeyAtInstant::key);
            Iterator<ListedObject> now = DriftFinder.selected(pairs, pair, listed, production, ListedObject::key);
            Judge judge = new Judge(pair, instant, pairs.keepsMarks(pair.targetBucket()), looks, found -> {
                report.add(found.change(), found.key(), found.changedAt());
                if (found.toWrite(prune)) {
                    progress.found();
                    if (writer != null) {
                        progress.queued();
                        writes.execute(() -> writer.write(found));
                    }
                }
            });
            merge(then, now, judge, progress);
            looks.awaitAll();
            progress.listed();
            writes.shutdown();
            if (!writes.awaitTermination(7, TimeUnit.DAYS)) {
                throw new IllegalStateException("the restore's writes did not finish");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while restoring", e);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } finally {
            writes.shutdownNow();
            listings.shutdownNow();
            production.close();
        }
        return report;
    }

    /** One key, as both listings (and, where they did not suffice, the looks) show it. */
    record Found(String key, Change change, VersionAtInstant.Entry then, ListedObject now, Instant changedAt) {

        /** Whether the restore writes it: brings it back, or, pruning, deletes it. */
        boolean toWrite(boolean prune) {
            return change == Change.OVERWRITTEN || change == Change.DELETED || (prune && change == Change.CREATED);
        }
    }

    private static void merge(Iterator<KeyAtInstant> then, Iterator<ListedObject> now, Judge judge,
                              AuditProgress progress) {
        KeyAtInstant d = then.hasNext() ? then.next() : null;
        ListedObject p = now.hasNext() ? now.next() : null;
        while (d != null || p != null) {
            int order = d == null ? 1 : p == null ? -1 : DriftFinder.compareKeys(d.key(), p.key());
            KeyAtInstant dr = order <= 0 ? d : null;
            ListedObject production = order >= 0 ? p : null;
            if (judge.judge(dr == null ? p.key() : dr.key(), dr, production)) {
                progress.compared();
            }
            if (order <= 0) {
                d = then.hasNext() ? then.next() : null;
            }
            if (order >= 0) {
                p = now.hasNext() ? now.next() : null;
            }
        }
    }

    /**
     * What happened to a key since the instant, from its listings where they suffice (no S3 request), else from
     * looks at the objects on threads of their own.
     */
    private final class Judge {
        private final BucketPair pair;
        private final Instant instant;
        private final boolean marksKept;
        private final KeyLooksInParallel looks;
        private final java.util.function.Consumer<Found> found;

        Judge(BucketPair pair, Instant instant, boolean marksKept, KeyLooksInParallel looks,
              java.util.function.Consumer<Found> found) {
            this.pair = pair;
            this.instant = instant;
            this.marksKept = marksKept;
            this.looks = looks;
            this.found = found;
        }

        /** @return whether the key existed then or now (it was compared) */
        boolean judge(String key, KeyAtInstant dr, ListedObject production) {
            VersionAtInstant.Entry then = dr == null ? null : dr.at();
            Instant firstChange = dr == null ? null : dr.firstChangeAfter();
            if (then == null && production == null) {
                return false;
            }
            Change byListings = byListings(then, production);
            if (byListings == Change.UNCHANGED || byListings == Change.CREATED || (byListings != null
                    && !marksKept)) {
                found.accept(new Found(key, byListings, then, production, changedAt(byListings, firstChange,
                        production)));
                return true;
            }
            looks.submit(() -> {
                Change change = byLooks(key, then, production, byListings);
                if (change == null) {
                    // kept by DR after production deleted it, before the instant, and absent now: nothing to do
                    return;
                }
                found.accept(new Found(key, change, change == Change.CREATED ? null : then, production,
                        changedAt(change, firstChange, production)));
            });
            return true;
        }

        /**
         * Where the listings differ only by ETag, whether production holds the version's bytes (a checksum of the
         * whole object, or ETags that are no digests, may say so); where the pair marks the copies it keeps of deleted
         * objects, whether the version was marked deleted at or before the instant: then production did not hold it.
         */
        private Change byLooks(String key, VersionAtInstant.Entry then, ListedObject production, Change byListings) {
            S3Client dr = clients.forRegion(pair.targetRegion());
            ObjectState version = null;
            if (marksKept) {
                version = KeyLooks.head(dr, pair.targetBucket(), key, then.versionId());
                Map<String, String> tags = version.mayHaveTags()
                        ? KeyLooks.tags(dr, pair.targetBucket(), key, then.versionId()) : Map.of();
                Instant deletedAt = DeletionMarks.deletedAt(tags);
                if (deletedAt != null && deletedAt.getEpochSecond() <= instant.getEpochSecond()) {
                    return production == null ? null : Change.CREATED;
                }
            }
            if (byListings != null) {
                return byListings;
            }
            if (version == null) {
                version = KeyLooks.head(dr, pair.targetBucket(), key, then.versionId());
            }
            ObjectState now = KeyLooks.head(clients.forRegion(pair.sourceRegion()), pair.sourceBucket(), key);
            return now.holdsCopyOf(version) ? Change.UNCHANGED : Change.OVERWRITTEN;
        }
    }

    /**
     * What the listings alone tell: {@code null} where they cannot (the same size, other ETags: the looks decide),
     * else the change. A version marked as kept after a deletion is left to the looks too, by the caller.
     */
    static Change byListings(VersionAtInstant.Entry then, ListedObject now) {
        if (then == null) {
            return Change.CREATED;
        }
        if (now == null) {
            return Change.DELETED;
        }
        if (then.size() != now.size()) {
            return Change.OVERWRITTEN;
        }
        return then.eTag() != null && then.eTag().equals(now.eTag()) ? Change.UNCHANGED : null;
    }

    /** When the key first changed after the instant, as far as DR's versions and production's date say. */
    private static Instant changedAt(Change change, Instant firstInDr, ListedObject production) {
        if (change == null || change == Change.UNCHANGED) {
            return null;
        }
        Instant inProduction = change == Change.DELETED || production == null ? null : production.lastModified();
        if (firstInDr == null) {
            return inProduction;
        }
        return inProduction == null || firstInDr.isBefore(inProduction) ? firstInDr : inProduction;
    }

    /** Each key to write, through the replication routes, and what came of it. */
    private final class Writer {
        private final ProducerTemplate template;
        private final BucketPair reversed;
        private final boolean prune;
        private final Instant started;
        private final AsOfReport report;
        private final AuditProgress progress;

        Writer(ProducerTemplate template, BucketPair reversed, boolean prune, Instant started, AsOfReport report,
               AuditProgress progress) {
            this.template = template;
            this.reversed = reversed;
            this.prune = prune;
            this.started = started;
            this.report = report;
            this.progress = progress;
        }

        void write(Found found) {
            Outcome outcome = reconcile(found);
            report.done(outcome);
            progress.finished(switch (outcome) {
                case RESTORED, PRUNED -> DriftReport.Repair.REPAIRED;
                case KEPT -> DriftReport.Repair.KEPT;
                case FAILED -> DriftReport.Repair.FAILED;
            });
        }

        private Outcome reconcile(Found found) {
            boolean existed = found.change() != Change.CREATED;
            KeyAsOf asOf = new KeyAsOf(existed ? found.then().versionId() : null,
                    found.now() == null ? null : found.now().eTag(), prune);
            ObjectEvent event = new ObjectEvent(existed ? "ObjectCreated:RestoreAsOf" : "ObjectRemoved:RestoreAsOf",
                    reversed.sourceBucket(), found.key(), existed ? found.then().size() : null, null, null, null,
                    null);
            KeyReplication replication = replications.restoreAsOf(reversed, event, started, asOf);
            Exchange result = template.send("direct:reconcile-key",
                    exchange -> exchange.setProperty(KeyReplication.PROPERTY, replication));
            Throwable failure = result.getException() != null ? result.getException()
                    : result.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
            String action = existed ? "restore" : "prune";
            if (result.getException() != null || !replication.isDone()) {
                LOG.warn("Could not {} '{}': {}", action, found.key(),
                        failure == null ? "the reconciliation did not end" : OperatorMessage.of(failure).oneLine());
                return Outcome.FAILED;
            }
            String outcome = replication.getOutcome();
            if ("skipped:production-newer".equals(outcome)) {
                return Outcome.KEPT;
            }
            if ("skipped:version-gone".equals(outcome)) {
                LOG.warn("Could not restore '{}': DR no longer holds its version {} (expired since it was listed)",
                        found.key(), found.then().versionId());
                return Outcome.FAILED;
            }
            // copied or deleted, or found as wanted already (restored meanwhile)
            return existed ? Outcome.RESTORED : Outcome.PRUNED;
        }
    }

    /** A restore to an instant reads the DR bucket's versions: one that never kept any cannot serve. */
    private static void requireVersioned(S3Client dr, String bucket) {
        BucketVersioningStatus status = dr.getBucketVersioning(r -> r.bucket(bucket)).status();
        if (status == BucketVersioningStatus.SUSPENDED) {
            LOG.warn("Versioning of {} is suspended: what was written there since keeps no earlier version, and"
                    + " cannot be restored to an instant before it", bucket);
        } else if (status != BucketVersioningStatus.ENABLED) {
            throw new IllegalStateException("--as-of restores from the versions of the DR bucket, and " + bucket
                    + " is not versioned: it keeps no earlier versions to restore (turn versioning on with"
                    + " config/dr-bucket-versioning.json; it keeps versions from then on)");
        }
    }

    /**
     * Whether DR still holds every version that counted at the instant: its lifecycle rule expires a version some
     * days after it was replaced or deleted (NoncurrentVersionExpiration, the recovery window), and an instant
     * further back may have lost some. Restoring then brings back what is left, with a warning; pruning is refused,
     * since a key whose earlier versions expired would look created since the instant. A lifecycle configuration
     * that cannot be read is said and taken as no limit.
     */
    private static boolean withinRecoveryWindow(S3Client dr, String bucket, Instant instant, boolean prune) {
        OptionalInt days;
        try {
            days = shortestNoncurrentDays(dr.getBucketLifecycleConfiguration(r -> r.bucket(bucket)).rules());
        } catch (S3Exception e) {
            if (e.statusCode() != 404) {
                LOG.warn("Could not read the lifecycle rules of {} ({}): the restore cannot tell whether versions"
                        + " of {} have expired", bucket, OperatorMessage.of(e).oneLine(), instant);
            }
            return true;
        }
        if (days.isEmpty() || !instant.isBefore(Instant.now().minus(Duration.ofDays(days.getAsInt())))) {
            return true;
        }
        String why = bucket + " expires versions " + days.getAsInt() + " days after they were replaced or deleted,"
                + " and " + instant + " is further back: some versions of then may have expired";
        if (prune) {
            throw new IllegalStateException(why + "; --prune would delete keys whose earlier versions expired."
                    + " Restore without --prune");
        }
        LOG.warn("{}; those keys are not restored", why);
        return false;
    }

    /** The shortest NoncurrentVersionExpiration of the enabled rules, whatever their filter, if any. */
    static OptionalInt shortestNoncurrentDays(List<LifecycleRule> rules) {
        return rules.stream()
                .filter(rule -> "Enabled".equals(rule.statusAsString()) && rule.noncurrentVersionExpiration() != null
                        && rule.noncurrentVersionExpiration().noncurrentDays() != null)
                .mapToInt(rule -> rule.noncurrentVersionExpiration().noncurrentDays())
                .min();
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }
}
