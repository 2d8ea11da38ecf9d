package io.github.s3drreplicator.guarantee;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import io.github.s3drreplicator.config.InvalidSettingException;
import io.github.s3drreplicator.pair.BucketPair;
import org.apache.camel.Route;
import org.apache.camel.support.RoutePolicySupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Checks once, when the queue consumer's route starts (a route policy, so the commands, which run without that route,
 * skip it), that the store enforces what the replicator's promises rest on ({@link Guarantee}):
 * <ul>
 *   <li>conditional writes, tried on a scratch key of the state bucket (never in a mirrored bucket): a second
 *   {@code If-None-Match: *} PutObject and CopyObject must be refused, so must a PutObject, CopyObject and DeleteObject
 *   with {@code If-Match} of another ETag, and a CopyObject whose source condition fails;</li>
 *   <li>tag counts: HeadObject of a scratch object with one tag must say so ({@code x-amz-tagging-count});</li>
 *   <li>where both directions run, versioning on both buckets of every such pair.</li>
 * </ul>
 * A missing guarantee stops the service (exit status 2) naming it and the setting that accepts the risk, unless that
 * risk was accepted; a store that does not answer is no reason to stop (a regional outage at start): the guarantee is
 * then reported as not checked. The result is in {@code /observe/health} ({@link GuaranteesHealthCheck}).
 */
public class GuaranteeCheck extends RoutePolicySupport {

    private static final Logger LOG = LoggerFactory.getLogger(GuaranteeCheck.class);
    private static final String WRONG_ETAG = "\"00000000000000000000000000000000\"";
    static final String SCRATCH_PREFIX = "guarantee-check/";

    private final S3Client stateRegion;
    private final String stateBucket;
    private final List<BucketPair> bothWays;
    private final Function<String, S3Client> regions;
    private final Set<Guarantee> accepted;
    private volatile Guarantees result;

    /**
     * @param stateRegion the client of the state bucket's region
     * @param bothWays    the pairs whose reverse runs too: their buckets must be versioned
     * @param regions     the S3 client of a region
     * @param accepted    the risks the operator accepted ({@code replicator.accept-risks})
     */
    public GuaranteeCheck(S3Client stateRegion, String stateBucket, List<BucketPair> bothWays,
                          Function<String, S3Client> regions, Set<Guarantee> accepted) {
        this.stateRegion = stateRegion;
        this.stateBucket = stateBucket;
        this.bothWays = List.copyOf(bothWays);
        this.regions = regions;
        this.accepted = Set.copyOf(accepted);
    }

    @Override
    public void onInit(Route route) {
        check().requireHeld();
    }

    /** Runs the check (once; later calls give the first result). */
    public synchronized Guarantees check() {
        if (result == null) {
            result = new Guarantees(List.of(conditionalWrites(), tagCounts(), versioning()), accepted);
            result.findings().forEach(finding -> {
                String line = "Guarantee " + finding.guarantee().risk() + " " + result.describe(finding);
                if (finding.state() == Finding.State.HELD) {
                    LOG.info(line);
                } else {
                    LOG.warn(line);
                }
            });
        }
        return result;
    }

    /** The result, or {@code null} before the check ran. */
    public Guarantees result() {
        return result;
    }

    private Finding conditionalWrites() {
        String key = SCRATCH_PREFIX + UUID.randomUUID();
        String copy = key + "-copy";
        return inStateBucket(Guarantee.CONDITIONAL_WRITES, List.of(key, copy), () -> {
            stateRegion.putObject(r -> r.bucket(stateBucket).key(key).ifNoneMatch("*"),
                    RequestBody.fromString("s3-dr-replicator start-up check"));
            stateRegion.copyObject(r -> r.sourceBucket(stateBucket).sourceKey(key).destinationBucket(stateBucket)
                    .destinationKey(copy).ifNoneMatch("*"));
            List<String> ignored = new ArrayList<>();
            refused(ignored, "PutObject with If-None-Match: * onto an object", () -> stateRegion.putObject(r -> r
                    .bucket(stateBucket).key(key).ifNoneMatch("*"), RequestBody.fromString("second")));
            refused(ignored, "PutObject with If-Match naming another ETag", () -> stateRegion.putObject(r -> r
                    .bucket(stateBucket).key(key).ifMatch(WRONG_ETAG), RequestBody.fromString("second")));
            refused(ignored, "CopyObject with If-None-Match: * onto an object", () -> stateRegion.copyObject(r -> r
                    .sourceBucket(stateBucket).sourceKey(key).destinationBucket(stateBucket).destinationKey(copy)
                    .ifNoneMatch("*")));
            refused(ignored, "CopyObject with If-Match naming another ETag", () -> stateRegion.copyObject(r -> r
                    .sourceBucket(stateBucket).sourceKey(key).destinationBucket(stateBucket).destinationKey(copy)
                    .ifMatch(WRONG_ETAG)));
            refused(ignored, "CopyObject whose x-amz-copy-source-if-match names another ETag", () -> stateRegion
                    .copyObject(r -> r.sourceBucket(stateBucket).sourceKey(key).destinationBucket(stateBucket)
                            .destinationKey(copy).copySourceIfMatch(WRONG_ETAG)));
            // last: a store that ignores it deletes the scratch key
            refused(ignored, "DeleteObject with If-Match naming another ETag", () -> stateRegion.deleteObject(r -> r
                    .bucket(stateBucket).key(key).ifMatch(WRONG_ETAG)));
            if (ignored.isEmpty()) {
                return Finding.held(Guarantee.CONDITIONAL_WRITES, "the store refused every write whose condition"
                        + " failed (tried in bucket " + stateBucket + ")");
            }
            return Finding.missing(Guarantee.CONDITIONAL_WRITES, "the store of bucket " + stateBucket + " (the state"
                    + " bucket, replicator.state.bucket) carried out what it should have refused: "
                    + String.join(", ", ignored));
        });
    }

    /** A scratch object with one tag: HeadObject must say it has one. */
    private Finding tagCounts() {
        String key = SCRATCH_PREFIX + UUID.randomUUID() + "-tagged";
        return inStateBucket(Guarantee.TAG_COUNTS, List.of(key), () -> {
            stateRegion.putObject(r -> r.bucket(stateBucket).key(key).tagging("check=1"),
                    RequestBody.fromString("s3-dr-replicator start-up check"));
            Integer count = stateRegion.headObject(r -> r.bucket(stateBucket).key(key)).tagCount();
            if (count != null && count == 1) {
                return Finding.held(Guarantee.TAG_COUNTS, "HeadObject says how many tags an object has");
            }
            return Finding.missing(Guarantee.TAG_COUNTS, "the store of bucket " + stateBucket + " (the state bucket,"
                    + " replicator.state.bucket) answered HeadObject of an object with one tag with "
                    + (count == null ? "no x-amz-tagging-count" : "x-amz-tagging-count " + count));
        });
    }

    /**
     * A check made on scratch keys of the state bucket, removed afterwards: a store that does not answer leaves the
     * guarantee not checked; one that refuses the replicator (403, no such bucket) is a setting to put right.
     */
    private Finding inStateBucket(Guarantee guarantee, List<String> scratch, Supplier<Finding> check) {
        try {
            return check.get();
        } catch (S3Exception e) {
            if (e.statusCode() >= 500 || e.statusCode() == 429) {
                return Finding.notChecked(guarantee, "the state bucket " + stateBucket + " did not answer ("
                        + e.statusCode() + "): checked again at the next start");
            }
            throw new InvalidSettingException("replicator.state.bucket: cannot use the state bucket " + stateBucket
                    + " for the start-up check (" + guarantee.risk() + "): " + code(e) + " (it must exist, in the DR"
                    + " region, and the replicator's role must be allowed s3:GetObject, s3:GetObjectTagging,"
                    + " s3:PutObject, s3:PutObjectTagging and s3:DeleteObject on its objects; see config/README.md)");
        } catch (SdkClientException e) {
            return Finding.notChecked(guarantee, "the state bucket " + stateBucket + " could not be reached ("
                    + e.getMessage() + "): checked again at the next start");
        } finally {
            for (String key : scratch) {
                try {
                    stateRegion.deleteObject(r -> r.bucket(stateBucket).key(key));
                } catch (RuntimeException e) {
                    LOG.debug("Could not remove the start-up check's scratch key {}: {}", key, e.toString());
                }
            }
        }
    }

    /** Runs the write, which the store must refuse as a failed condition (412, or 409 for a conflicting one). */
    private static void refused(List<String> ignored, String what, Runnable write) {
        try {
            write.run();
            ignored.add(what);
        } catch (S3Exception e) {
            if (e.statusCode() != 412 && e.statusCode() != 409) {
                throw e;
            }
        }
    }

    private Finding versioning() {
        if (bothWays.isEmpty()) {
            return Finding.notChecked(Guarantee.VERSIONING, "no pair runs both ways");
        }
        // bucket -> its versioning status; a bucket of two pairs is asked once
        Map<String, String> unversioned = new TreeMap<>();
        try {
            for (BucketPair pair : bothWays) {
                for (Map.Entry<String, String> bucket : Map.of(pair.sourceBucket(), pair.sourceRegion(),
                        pair.targetBucket(), pair.targetRegion()).entrySet()) {
                    if (unversioned.containsKey(bucket.getKey())) {
                        continue;
                    }
                    BucketVersioningStatus status = regions.apply(bucket.getValue())
                            .getBucketVersioning(r -> r.bucket(bucket.getKey())).status();
                    if (status != BucketVersioningStatus.ENABLED) {
                        unversioned.put(bucket.getKey(), status == null ? "never versioned" : status.toString());
                    }
                }
            }
        } catch (S3Exception e) {
            if (e.statusCode() >= 500 || e.statusCode() == 429) {
                return Finding.notChecked(Guarantee.VERSIONING, "a bucket did not answer (" + e.statusCode() + ")");
            }
            throw new InvalidSettingException("replicator.pairs: cannot ask whether the buckets of the pairs running"
                    + " both ways are versioned: " + code(e) + " (the role needs s3:GetBucketVersioning on them)");
        } catch (SdkClientException e) {
            return Finding.notChecked(Guarantee.VERSIONING, "a bucket could not be reached (" + e.getMessage() + ")");
        }
        if (unversioned.isEmpty()) {
            return Finding.held(Guarantee.VERSIONING, "every bucket of the pairs running both ways is versioned");
        }
        return Finding.missing(Guarantee.VERSIONING, "both directions run, but "
                + unversioned.entrySet().stream().map(b -> b.getKey() + " (" + b.getValue() + ")")
                        .collect(Collectors.joining(", ")) + " keep no versions");
    }

    private static String code(S3Exception e) {
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        return (code == null ? "" : code + " ") + "(" + e.statusCode() + ")";
    }
}
