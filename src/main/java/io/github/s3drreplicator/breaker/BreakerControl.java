package io.github.s3drreplicator.breaker;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.s3drreplicator.pair.BucketPair;
import io.github.s3drreplicator.pair.BucketPairs;
import io.github.s3drreplicator.replicate.KeyReplication;
import io.github.s3drreplicator.replicate.Replications;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An operator's decisions on the storms a pair's breaker holds, the same from the {@code breaker} command and from
 * JMX: resume a storm (its held writes are each reconciled again, so an object recreated since is never deleted) or
 * discard it (DR keeps those objects, marked as kept by that decision: final). A decision is on one storm, or on all
 * of the pair's.
 *
 * <p>No storm is ever stranded. The decision is written into the breaker's state first, with each storm it takes;
 * only then are the writes drained from the held-deletes queue, and a storm leaves the state's list only once its
 * drain went through to the end. So a release goes on when the breaker opens again for a new storm meanwhile (the
 * released writes pass, the new storm's are held), and one that died midway, or whose messages are still hidden on the
 * queue, leaves its storm listed, with its decision, until the same command, run again, finishes it. Running it again
 * does no harm: a write reconciled twice finds the second time that there is nothing left to do.
 */
public class BreakerControl implements CamelContextAware {

    private static final Logger LOG = LoggerFactory.getLogger(BreakerControl.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * How long a drain that closed the breaker goes on looking at the queue at least: a write a replica decided to
     * hold just before the breaker closed reaches the queue a moment later, and is of the storm decided on.
     */
    static final Duration SETTLE = Duration.ofSeconds(5);

    private final BucketPairs pairs;
    private final Function<BucketPair, BreakerStore> stores;
    private final HeldDeletes held;
    private final Clock clock;
    private CamelContext camelContext;

    /** @param stores where each pair's breaker lives (the state bucket) */
    public BreakerControl(BucketPairs pairs, Function<BucketPair, BreakerStore> stores, HeldDeletes held,
                          Clock clock) {
        this.pairs = pairs;
        this.stores = stores;
        this.held = held;
        this.clock = clock;
    }

    /**
     * The pair's breaker as stored; where no state is stored, what that stands for: closed where no held delete
     * waits, else open for every storm of the pair ({@link BreakerState#whenMissing}).
     */
    public BreakerState status(String pair) {
        BreakerStore store = store(pair);
        return store.read().orElseGet(() -> BreakerState.whenMissing(held.approximateCount(), store.where(),
                clock.instant()));
    }

    /** The storms that hold writes of the pair, oldest first, and how many messages could not be read. */
    public record Storms(BreakerState state, List<HeldStorm> storms, long hidden) {
    }

    /** The pair's breaker and every storm that holds its writes, read from the held-deletes queue and the state. */
    public Storms storms(String pair) {
        HeldDeletes.Scan scan = held.scan();
        BreakerState state = status(pair);
        return new Storms(state, HeldStorm.of(pair, scan.storms(), state), scan.hidden());
    }

    /**
     * Resumes the pair's storm {@code storm}, or all its storms for {@code null}: closes the breaker where it is
     * open for one of them, then applies their held deletes, each reconciled again first; reports what it did.
     */
    public String resume(String pair, String storm) {
        return decide(pair, storm, BreakerState.RESUME);
    }

    /**
     * Discards the pair's storm {@code storm}, or all its storms for {@code null}: closes the breaker where it is
     * open for one of them and drops their held deletes, each logged; DR keeps those objects, marked as kept by this
     * decision, so that no repair deletes them later and an audit counts them retained.
     */
    public String discard(String pair, String storm) {
        return decide(pair, storm, BreakerState.DISCARD);
    }

    /** What became of one held write. */
    private enum Outcome { APPLIED, HELD_AGAIN, FAILED }

    private String decide(String pair, String storm, String decision) {
        BreakerStore store = store(pair);
        Storms before = storms(pair);
        Map<String, String> decided = new LinkedHashMap<>();
        before.storms().stream().filter(s -> BreakerState.ofStorm(s.id(), storm))
                .forEach(s -> decided.put(s.id(), s.kind()));
        if (storm != null && !BreakerState.EVERY_STORM.equals(storm) && decided.isEmpty()) {
            if (before.hidden() == 0) {
                return "pair " + pair + ": no storm " + storm + " holds writes (breaker status lists those that do)";
            }
            // all its writes may be hidden on the queue, taken by a release that stopped: decided all the same
            decided.put(storm, BreakerState.DELETE);
        }
        if (decided.isEmpty() && before.hidden() == 0) {
            return "pair " + pair + ": no storm holds writes; nothing to " + decision;
        }
        // a resume closes the breaker at once: its deletes are reconciled again, whoever applies them. A discard
        // closes it only once every object it keeps is marked: before, a repair (the scheduled audit's) could take an
        // unmarked one for an extra and delete it with the fresh count
        boolean discard = BreakerState.DISCARD.equals(decision);
        AtomicBoolean closed = new AtomicBoolean();
        Instant now = clock.instant();
        store.update(state -> {
            BreakerState known = state != null ? state : BreakerState.whenMissing(held.approximateCount(),
                    store.where(), now);
            boolean closes = !discard && known.open() && BreakerState.ofStorm(known.storm(), storm);
            closed.set(closes);
            return known.decided(decided, decision, closes, now);
        });
        LOG.warn("Delete breaker of pair {}: an operator decided to {} storm{} {}{}", pair, decision,
                decided.size() == 1 ? "" : "s", decided.keySet(), closed.get() ? ", which closes the breaker" : "");

        Map<String, Map<Outcome, Long>> outcomes = new LinkedHashMap<>();
        decided.keySet().forEach(id -> outcomes.put(id, new EnumMap<>(Outcome.class)));
        Predicate<HeldDeletes.Held> handle = message -> {
            if (message.storm() != null && !decided.containsKey(message.storm())) {
                // a storm no listing showed (its writes were hidden then): decided before its first write is applied
                decided.put(message.storm(), message.kind());
                store.update(state -> state == null ? null
                        : state.decided(Map.of(message.storm(), message.kind()), decision, false, clock.instant()));
            }
            Outcome outcome = apply(message, decision);
            outcomes.computeIfAbsent(message.storm(), id -> new EnumMap<>(Outcome.class))
                    .merge(outcome, 1L, Long::sum);
            return outcome != Outcome.FAILED;
        };
        HeldDeletes.Drained drained = held.drain(pair, storm, handle, closed.get() ? now.plus(SETTLE) : now,
                waiting -> LOG.warn("{}", waiting));
        if (discard && complete(drained, outcomes)) {
            AtomicBoolean closedNow = new AtomicBoolean();
            store.update(state -> {
                if (state != null && state.open() && BreakerState.ofStorm(state.storm(), storm)) {
                    closedNow.set(true);
                    return state.closedBy();
                }
                return state;
            });
            if (closedNow.get()) {
                LOG.warn("Delete breaker of pair {} closed: every object the discard keeps is marked", pair);
                // what a replica held just before the breaker closed reaches the queue a moment later
                drained = held.drain(pair, storm, handle, clock.instant().plus(SETTLE),
                        waiting -> LOG.warn("{}", waiting));
            }
        }

        List<String> finished = new ArrayList<>();
        if (complete(drained, outcomes)) {
            finished.addAll(outcomes.keySet());
        } else if (drained.hidden() == 0) {
            outcomes.forEach((id, counts) -> {
                if (counts.getOrDefault(Outcome.FAILED, 0L) == 0) {
                    finished.add(id);
                }
            });
        }
        store.update(state -> state == null ? null : state.finished(finished));

        List<String> report = new ArrayList<>();
        outcomes.forEach((id, counts) -> report.add(describe(pair, id, decided.getOrDefault(id, BreakerState.DELETE),
                decision, counts, finished.contains(id))));
        if (drained.hidden() > 0) {
            report.add(String.format("pair %s: %d held writes stayed hidden on the held-deletes queue (taken by another"
                    + " run); their storms stay listed: run the same command again", pair, drained.hidden()));
        }
        return String.join(System.lineSeparator(), report);
    }

    /** Whether a drain handled every write of the storms decided on: none failed, none stayed hidden. */
    private static boolean complete(HeldDeletes.Drained drained, Map<String, Map<Outcome, Long>> outcomes) {
        return drained.hidden() == 0 && outcomes.values().stream()
                .allMatch(counts -> counts.getOrDefault(Outcome.FAILED, 0L) == 0);
    }

    private static String describe(String pair, String storm, String kind, String decision,
                                   Map<Outcome, Long> counts, boolean finished) {
        long applied = counts.getOrDefault(Outcome.APPLIED, 0L);
        long failed = counts.getOrDefault(Outcome.FAILED, 0L);
        long heldAgain = counts.getOrDefault(Outcome.HELD_AGAIN, 0L);
        String rest = (failed > 0 ? ", " + failed + " failed and wait on the queue: run the same command again" : "")
                + (heldAgain > 0 ? ", " + heldAgain + " held again (the breaker's state was lost meanwhile)" : "")
                + (finished || failed > 0 ? "" : "; not finished: run the same command again");
        if (BreakerState.OVERWRITE.equals(kind)) {
            // an overwrite storm holds copies, and deletes too where they came while it was open
            if (BreakerState.RESUME.equals(decision)) {
                return String.format("pair %s: overwrite storm %s released: %d held writes reconciled again and"
                        + " applied where production still differs%s", pair, storm, applied, rest);
            }
            return String.format("pair %s: overwrite storm %s discarded: %d held writes dropped, DR keeps its"
                    + " versions (held deletes' objects marked %s)%s", pair, storm, applied,
                    io.github.s3drreplicator.replicate.DeletionMarks.KEPT_BY_DISCARD, rest);
        }
        if (BreakerState.RESUME.equals(decision)) {
            return String.format("pair %s: storm %s released: %d held deletes reconciled again and applied where the"
                    + " object is still gone%s", pair, storm, applied, rest);
        }
        return String.format("pair %s: storm %s discarded: %d held deletes dropped, DR keeps those objects (marked"
                + " %s: retained, never deleted by a repair)%s", pair, storm, applied,
                io.github.s3drreplicator.replicate.DeletionMarks.KEPT_BY_DISCARD, rest);
    }

    /** The held write reconciled again as the decision says: released, or kept by a discard. */
    private Outcome apply(HeldDeletes.Held message, String decision) {
        boolean resume = BreakerState.RESUME.equals(decision);
        if (!resume) {
            LOG.warn("Discarded held delete of storm {}: {}", message.storm(), message.record());
        }
        try (ProducerTemplate template = camelContext.createProducerTemplate()) {
            Exchange done = template.send("direct:replicate-record", exchange -> {
                exchange.setProperty(Replications.ORIGIN_PROPERTY,
                        resume ? KeyReplication.Origin.RELEASED : KeyReplication.Origin.DISCARDED);
                exchange.setProperty(Replications.DECIDED_STORM_PROPERTY, message.storm());
                // parked as a one-record notification, or as the EventBridge event it came in as
                JsonNode parked = JSON.readTree(message.record());
                exchange.getMessage().setBody(parked.has("Records") ? parked.path("Records").path(0) : parked);
            });
            // failed, whether or not an error handler took the failure (a command's dead-letter route only stops):
            // the record ended without an outcome. A write S3 refused because the key changed (412: a released copy's
            // first try onto DR's object) leaves a caught exception behind, yet the record went on to its outcome
            KeyReplication replication = done.getProperty(KeyReplication.PROPERTY, KeyReplication.class);
            if (done.getException() != null || replication == null || replication.getOutcome() == null) {
                return Outcome.FAILED;
            }
            // parked again, under the storm of a breaker recovered from a lost state
            return replication != null && "held".equals(replication.getOutcome()) ? Outcome.HELD_AGAIN
                    : Outcome.APPLIED;
        } catch (IOException e) {
            return Outcome.FAILED;
        }
    }

    private BreakerStore store(String pair) {
        BucketPair found = pairs.named(pair).orElseThrow(() -> new IllegalArgumentException("no bucket pair is named '"
                + pair + "'; replicator.pairs has " + pairs.all().stream().map(BucketPair::name).toList()));
        return stores.apply(found);
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
