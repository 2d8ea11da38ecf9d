package io.github.s3drreplicator.breaker;

import java.io.IOException;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;

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
 * An operator's decisions on a pair's delete breaker, the same from the {@code breaker} command and from JMX: close
 * it and apply that storm's held deletes (each reconciled again first, so an object recreated since is never deleted),
 * or close it and drop them (DR keeps the objects). Only the storm the breaker opened for is released: deletes another
 * storm parks later wait for a decision of their own. A breaker recovered from a lost state is open for
 * {@link BreakerState#EVERY_STORM}: a decision on it takes every held delete of the pair, whatever its storm.
 */
public class BreakerControl implements CamelContextAware {

    private static final Logger LOG = LoggerFactory.getLogger(BreakerControl.class);
    private static final ObjectMapper JSON = new ObjectMapper();

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

    /** How many held deletes wait, all storms and pairs together, hidden ones included (about). */
    public long heldCount() {
        return held.approximateCount();
    }

    /** Closes the breaker, then applies the held deletes of the storm it is open for; reports what it did. */
    public String resume(String pair) {
        BreakerState before = status(pair);
        if (!before.open()) {
            return "pair " + pair + ": the delete breaker is closed; nothing to resume";
        }
        return resume(pair, before.storm());
    }

    /**
     * Closes the breaker where it is open for {@code storm}, then applies that storm's held deletes (every storm of
     * the pair for {@link BreakerState#EVERY_STORM}); reports what it did.
     */
    public String resume(String pair, String storm) {
        store(pair).update(closing(storm));
        LOG.warn("Delete breaker of pair {} closed by an operator: applying the deletes of storm {}", pair, storm);
        Map<Released, Long> outcomes = new EnumMap<>(Released.class);
        held.drain(pair, storm, message -> {
            if (store(pair).read().map(BreakerState::open).orElse(false)) {
                // opened again, for another storm, while releasing: the rest of this one waits for a new decision
                return false;
            }
            Released outcome = release(message.record());
            outcomes.merge(outcome, 1L, Long::sum);
            return outcome != Released.FAILED;
        });
        long failed = outcomes.getOrDefault(Released.FAILED, 0L);
        long heldAgain = outcomes.getOrDefault(Released.HELD_AGAIN, 0L);
        return String.format("pair %s: storm %s released: %d held deletes reconciled again and applied where the"
                + " object is still gone%s%s", pair, storm, outcomes.getOrDefault(Released.APPLIED, 0L),
                failed > 0 ? ", " + failed + " failed and wait on the queue" : "",
                heldAgain > 0 ? ", " + heldAgain + " held again by a new storm" : "");
    }

    /** Closes the breaker and drops the held deletes of the storm it is open for, each logged: DR keeps them. */
    public String discard(String pair) {
        BreakerState before = status(pair);
        if (!before.open()) {
            return "pair " + pair + ": the delete breaker is closed; nothing to discard";
        }
        return discard(pair, before.storm());
    }

    /**
     * Closes the breaker where it is open for {@code storm} and drops that storm's held deletes (every storm of the
     * pair for {@link BreakerState#EVERY_STORM}), each logged: DR keeps those objects.
     */
    public String discard(String pair, String storm) {
        store(pair).update(closing(storm));
        long dropped = held.drain(pair, storm, message -> {
            LOG.warn("Discarded held delete of storm {}: {}", storm, message.record());
            return true;
        });
        LOG.warn("Delete breaker of pair {} closed by an operator, who discarded {} held deletes of storm {}: DR"
                + " keeps those objects (an audit counts them as extra)", pair, dropped, storm);
        return String.format("pair %s: storm %s discarded: %d held deletes dropped, DR keeps those objects", pair,
                storm, dropped);
    }

    /**
     * Closes a breaker open for the storm decided on, and leaves any other state as it is. A state lost meanwhile is
     * written closed only for a decision on every storm, which takes every delete it could have held.
     */
    private UnaryOperator<BreakerState> closing(String storm) {
        return state -> {
            if (state == null) {
                return BreakerState.EVERY_STORM.equals(storm) ? BreakerState.closed(clock.instant()) : null;
            }
            return state.open() && storm.equals(state.storm()) ? state.closedBy(clock.instant()) : state;
        };
    }

    /** What became of a released delete. */
    private enum Released { APPLIED, HELD_AGAIN, FAILED }

    /** The record reconciled like any other, as a delete an operator released. */
    private Released release(String record) {
        try (ProducerTemplate template = camelContext.createProducerTemplate()) {
            Exchange done = template.send("direct:replicate-record", exchange -> {
                exchange.setProperty(Replications.ORIGIN_PROPERTY, KeyReplication.Origin.RELEASED);
                // parked as a one-record notification, or as the EventBridge event it came in as
                JsonNode parked = JSON.readTree(record);
                exchange.getMessage().setBody(parked.has("Records") ? parked.path("Records").path(0) : parked);
            });
            // failed, whether or not an error handler took the failure (a command's dead-letter route only stops)
            if (done.getException() != null || done.getProperty(Exchange.EXCEPTION_CAUGHT) != null) {
                return Released.FAILED;
            }
            KeyReplication replication = done.getProperty(KeyReplication.PROPERTY, KeyReplication.class);
            // parked again, under the new storm, by the breaker that opened meanwhile
            return replication != null && "held".equals(replication.getOutcome()) ? Released.HELD_AGAIN
                    : Released.APPLIED;
        } catch (IOException e) {
            return Released.FAILED;
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
