package io.github.s3drreplicator.breaker;

import java.io.IOException;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.s3drreplicator.aws.S3Clients;
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
 * storm parks later wait for a decision of their own.
 */
public class BreakerControl implements CamelContextAware {

    private static final Logger LOG = LoggerFactory.getLogger(BreakerControl.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final BucketPairs pairs;
    private final S3Clients clients;
    private final HeldDeletes held;
    private final Clock clock;
    private CamelContext camelContext;

    public BreakerControl(BucketPairs pairs, S3Clients clients, HeldDeletes held, Clock clock) {
        this.pairs = pairs;
        this.clients = clients;
        this.held = held;
        this.clock = clock;
    }

    /** The pair's breaker as stored: closed where it was never used. */
    public BreakerState status(String pair) {
        return store(pair).read().orElse(BreakerState.closed(clock.instant()));
    }

    /** How many held deletes wait, all storms and pairs together (about). */
    public long heldCount() {
        return held.approximateCount();
    }

    /** Closes the breaker, then applies the storm's held deletes; reports what it did. */
    public String resume(String pair) {
        BreakerState before = status(pair);
        if (!before.open()) {
            return "pair " + pair + ": the delete breaker is closed; nothing to resume";
        }
        String storm = before.storm();
        store(pair).update(state -> state != null && state.open() && storm.equals(state.storm())
                ? state.closedBy(clock.instant()) : state);
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

    /** Closes the breaker and drops the storm's held deletes, each logged: DR keeps those objects. */
    public String discard(String pair) {
        BreakerState before = status(pair);
        if (!before.open()) {
            return "pair " + pair + ": the delete breaker is closed; nothing to discard";
        }
        String storm = before.storm();
        store(pair).update(state -> state != null && state.open() && storm.equals(state.storm())
                ? state.closedBy(clock.instant()) : state);
        long dropped = held.drain(pair, storm, message -> {
            LOG.warn("Discarded held delete of storm {}: {}", storm, message.record());
            return true;
        });
        LOG.warn("Delete breaker of pair {} closed by an operator, who discarded {} held deletes of storm {}: DR"
                + " keeps those objects (an audit counts them as extra)", pair, dropped, storm);
        return String.format("pair %s: storm %s discarded: %d held deletes dropped, DR keeps those objects", pair,
                storm, dropped);
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
            if (done.getException() != null) {
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
        return new S3BreakerStore(clients.forRegion(found.targetRegion()), found);
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
