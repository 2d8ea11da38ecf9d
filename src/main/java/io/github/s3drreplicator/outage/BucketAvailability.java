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

/**
 * Whether each pair's buckets answer: the source in its region, the target in its. Told by probes (HeadBucket, a few
 * seconds at most), never by a single record: exported as {@code replicator_source_available{pair}} and
 * {@code replicator_target_available{pair}} (1 or 0), shown in health, and logged once when a pair pauses (WARN) and
 * once when it resumes (INFO).
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

        String describe() {
            return (source ? "source " : "target ") + bucket() + " in " + region();
        }
    }

    private static final class State {
        volatile boolean available = true;
        volatile String lastError = "";
        volatile Instant since;
    }

    private final S3Clients clients;
    private final BucketPairs pairs;
    private final FailureClassifier classifier;
    private final Clock clock;
    private final Map<Side, State> states = new LinkedHashMap<>();
    private CamelContext camelContext;

    public BucketAvailability(S3Clients clients, BucketPairs pairs, FailureClassifier classifier, Clock clock) {
        this.clients = clients;
        this.pairs = pairs;
        this.classifier = classifier;
        this.clock = clock;
        for (BucketPair pair : pairs.all()) {
            states.put(new Side(pair, true), new State());
            states.put(new Side(pair, false), new State());
        }
    }

    /**
     * Asks every pair's buckets whether they answer. A bucket answers unless S3 in its region does not (5xx other than
     * throttling, refused or cut connections, timeouts): a 403 or a 404 is an answer, if an unwelcome one.
     *
     * @return whether every bucket answered
     */
    public synchronized boolean probe() {
        boolean all = true;
        Map<BucketPair, Boolean> pairWasUp = new LinkedHashMap<>();
        for (BucketPair pair : pairs.all()) {
            pairWasUp.put(pair, up(pair));
        }
        for (Map.Entry<Side, State> entry : states.entrySet()) {
            Side side = entry.getKey();
            State state = entry.getValue();
            String error = headBucket(side);
            if (error == null) {
                state.available = true;
                state.lastError = "";
            } else {
                if (state.available) {
                    state.since = clock.instant();
                }
                state.available = false;
                state.lastError = error;
                all = false;
            }
        }
        pairWasUp.forEach((pair, wasUp) -> {
            if (wasUp && !up(pair)) {
                LOG.warn("Pair {} paused: {}. Its messages wait in the queue; the service looks again every few"
                        + " seconds and resumes by itself", pair.name(), outage(pair));
            } else if (!wasUp && up(pair)) {
                LOG.info("Pair {} resumed: its buckets answer again", pair.name());
            }
        });
        return all;
    }

    /** Whether both buckets of the pair answered the last probe. */
    public boolean up(BucketPair pair) {
        return states.get(new Side(pair, true)).available && states.get(new Side(pair, false)).available;
    }

    public boolean allUp() {
        return states.values().stream().allMatch(state -> state.available);
    }

    /** What is down, for health and logs: the pair, the bucket, its region, since when and the last error. */
    public List<String> outages() {
        List<String> outages = new ArrayList<>();
        states.forEach((side, state) -> {
            if (!state.available) {
                outages.add("pair " + side.pair().name() + ": " + side.describe() + " unavailable since "
                        + state.since + ": " + state.lastError);
            }
        });
        return outages;
    }

    private String outage(BucketPair pair) {
        return String.join("; ", outages().stream().filter(o -> o.startsWith("pair " + pair.name() + ":")).toList());
    }

    /** {@code null} where the bucket answers, else why not. */
    private String headBucket(Side side) {
        try {
            clients.forRegion(side.region()).headBucket(r -> r.bucket(side.bucket())
                    .overrideConfiguration(o -> o.apiCallTimeout(PROBE_TIMEOUT)));
            return null;
        } catch (RuntimeException e) {
            return classifier.isOutage(e) ? e.getMessage() : null;
        }
    }

    @Override
    public void start() {
        MetricsRegistry.whenBound(camelContext, this::registerGauges);
    }

    private void registerGauges(MeterRegistry meters) {
        states.forEach((side, state) -> Gauge.builder(side.source() ? "replicator.source.available"
                                : "replicator.target.available", state, s -> s.available ? 1 : 0)
                .description("1 while the pair's " + (side.source() ? "source" : "target") + " bucket answers in its"
                        + " region, 0 during an outage")
                .tag("pair", side.pair().name())
                .register(meters));
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
