package io.github.s3drreplicator.outage;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.s3drreplicator.aws.S3Clients;
import io.github.s3drreplicator.failure.FailureClassifier;
import io.github.s3drreplicator.observe.MetricsRegistry;
import io.github.s3drreplicator.pair.BucketPair;
import io.github.s3drreplicator.pair.BucketPairs;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Service;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * What each pair's buckets answer: the source in its region, the target in its. Told by probes (HeadBucket, a few
 * seconds at most), which {@link OutagePolicy} runs every probe interval whether or not messages fail, never by a
 * single record. Each bucket is in a {@link BucketState}: exported as {@code replicator_bucket_state{pair,side,bucket,
 * state}} (1 for its state, 0 for the others) and as {@code replicator_source_available{pair}} and
 * {@code replicator_target_available{pair}} (1 only while the bucket is available), shown in health, and logged once
 * when it changes (WARN) and once when the bucket is available again (INFO).
 */
public class BucketAvailability implements Service, CamelContextAware {

    private static final Logger LOG = LoggerFactory.getLogger(BucketAvailability.class);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(3);

    /** One bucket of one pair. */
    record Side(BucketPair pair, boolean source) {
        String bucket() {
            return source ? pair.sourceBucket() : pair.targetBucket();
        }

        String region() {
            return source ? pair.sourceRegion() : pair.targetRegion();
        }

        String label() {
            return source ? "source" : "target";
        }

        String describe() {
            return label() + " " + bucket() + " in " + region();
        }
    }

    private static final class Probed {
        volatile BucketState state = BucketState.AVAILABLE;
        volatile String lastError = "";
        volatile Instant since;
    }

    private final S3Clients clients;
    private final BucketPairs pairs;
    private final FailureClassifier classifier;
    private final Clock clock;
    private final Map<Side, Probed> states = new LinkedHashMap<>();
    private CamelContext camelContext;

    public BucketAvailability(S3Clients clients, BucketPairs pairs, FailureClassifier classifier, Clock clock) {
        this.clients = clients;
        this.pairs = pairs;
        this.classifier = classifier;
        this.clock = clock;
        for (BucketPair pair : pairs.all()) {
            states.put(new Side(pair, true), new Probed());
            states.put(new Side(pair, false), new Probed());
        }
    }

    /**
     * Asks every pair's buckets what they answer, and keeps each one's state.
     *
     * @return whether every bucket answered: none is {@link BucketState#UNAVAILABLE} (a 403 or a 404 is an answer, if
     *         an unwelcome one, and no outage to wait out)
     */
    public synchronized boolean probe() {
        for (Map.Entry<Side, Probed> entry : states.entrySet()) {
            Side side = entry.getKey();
            Probed probed = entry.getValue();
            RuntimeException failure = headBucket(side);
            BucketState state = BucketState.of(failure, classifier);
            BucketState before = probed.state;
            probed.lastError = failure == null || state == BucketState.AVAILABLE ? "" : said(failure);
            if (state != before) {
                probed.since = clock.instant();
                probed.state = state;
                if (state == BucketState.AVAILABLE) {
                    LOG.info("Pair {}: {} is available again", side.pair().name(), side.describe());
                } else {
                    LOG.warn("Pair {}: {} is {}: {}. {}", side.pair().name(), side.describe(), state.said(),
                            probed.lastError, remedy(state));
                }
            }
        }
        return answering();
    }

    /** S3's answer in a few words (a HEAD's answer has no body: its status says it all), or the failure's own. */
    private static String said(RuntimeException failure) {
        if (failure instanceof AwsServiceException answer && answer.awsErrorDetails() != null) {
            AwsErrorDetails details = answer.awsErrorDetails();
            String code = details.errorCode() == null ? "" : " " + details.errorCode();
            String message = details.errorMessage() == null || details.errorMessage().equals(details.errorCode())
                    ? "" : ": " + details.errorMessage();
            return "HTTP " + answer.statusCode() + code + message;
        }
        return failure.getMessage();
    }

    private static String remedy(BucketState state) {
        return switch (state) {
            case UNAVAILABLE -> "Its records wait in the queue; the service resumes by itself when it answers";
            case ACCESS_DENIED -> "Grant the role s3:ListBucket on it and check the bucket's policy and owner";
            case NO_SUCH_BUCKET -> "Create it as config/README.md says, or name the right bucket in the settings";
            case AVAILABLE -> "";
        };
    }

    /** Whether every bucket answered the last probe: none is in an outage. */
    public boolean answering() {
        return states.values().stream().noneMatch(probed -> probed.state == BucketState.UNAVAILABLE);
    }

    /**
     * Each bucket not available at the last probe, for health: the pair, the bucket, its region, its state, since
     * when and the last error.
     */
    public List<String> troubles() {
        List<String> troubles = new ArrayList<>();
        states.forEach((side, probed) -> {
            if (probed.state != BucketState.AVAILABLE) {
                troubles.add("pair " + side.pair().name() + ": " + side.describe() + " " + probed.state.said()
                        + " since " + probed.since + ": " + probed.lastError);
            }
        });
        return troubles;
    }

    /** The state of a pair's source (or target) bucket at the last probe. */
    public BucketState state(BucketPair pair, boolean source) {
        return states.get(new Side(pair, source)).state;
    }

    /** {@code null} where the bucket answers, else what it answered. */
    private RuntimeException headBucket(Side side) {
        try {
            clients.forRegion(side.region()).headBucket(r -> r.bucket(side.bucket())
                    .overrideConfiguration(o -> o.apiCallTimeout(PROBE_TIMEOUT)));
            return null;
        } catch (RuntimeException e) {
            return e;
        }
    }

    @Override
    public void start() {
        MetricsRegistry.whenBound(camelContext, this::registerGauges);
    }

    private void registerGauges(MeterRegistry meters) {
        states.forEach((side, probed) -> {
            Gauge.builder(side.source() ? "replicator.source.available" : "replicator.target.available", probed,
                            p -> p.state == BucketState.AVAILABLE ? 1 : 0)
                    .description("1 while the pair's " + side.label() + " bucket answers in its region, 0 while it"
                            + " does not, refuses access or is missing")
                    .tag("pair", side.pair().name())
                    .register(meters);
            for (BucketState state : BucketState.values()) {
                Gauge.builder("replicator.bucket.state", probed, p -> p.state == state ? 1 : 0)
                        .description("1 for what the bucket answered the last probe: available, unavailable (an"
                                + " outage), access-denied (403), no-such-bucket (404); 0 for the other states")
                        .tag("pair", side.pair().name())
                        .tag("side", side.label())
                        .tag("bucket", side.bucket())
                        .tag("state", state.label())
                        .register(meters);
            }
        });
    }

    @Override
    public void stop() {
        // the gauges go with the registry
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
