package io.github.s3drreplicator.breaker;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicLong;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import io.github.s3drreplicator.replicate.KeyReplication;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Service;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops a delete storm (an accidental recursive delete, a buggy lifecycle rule, ransomware) from emptying DR: when,
 * within a minute, more deletes arrive than {@code replicator.delete.breaker.max-per-minute} and they are more than
 * {@code replicator.delete.breaker.max-fraction} of all records seen, the breaker opens. Creates keep flowing; deletes
 * are held on the held-deletes queue, never dropped, until an operator resumes (they are applied) or discards them
 * (DR keeps the objects), through JMX or Jolokia. Each replica has its own breaker.
 */
public class DeleteBreaker implements DeleteBreakerMBean, CamelContextAware, Service {

    public static final String OBJECT_NAME = "io.github.s3drreplicator:type=DeleteBreaker";
    private static final Logger LOG = LoggerFactory.getLogger(DeleteBreaker.class);
    private static final Duration WINDOW = Duration.ofMinutes(1);

    private final int maxPerMinute;
    private final double maxFraction;
    private final Clock clock;
    private final HeldDeletes held;
    private final Deque<Instant> deletes = new ArrayDeque<>();
    private final Deque<Instant> records = new ArrayDeque<>();
    private final AtomicLong heldDeletes = new AtomicLong();
    private volatile boolean open;
    private volatile String reason = "";
    private volatile Instant openedAt;
    private CamelContext camelContext;

    /**
     * @param maxPerMinute deletes a minute that may pass whatever else happens; 0 turns the breaker off
     * @param maxFraction  beyond that, the share of the records of the last minute deletes may be
     */
    public DeleteBreaker(int maxPerMinute, double maxFraction, Clock clock, HeldDeletes held) {
        this.maxPerMinute = maxPerMinute;
        this.maxFraction = maxFraction;
        this.clock = clock;
        this.held = held;
    }

    /** Counts a record, whatever it is: the fraction is of these. */
    public synchronized void seen() {
        if (maxPerMinute <= 0) {
            return;
        }
        Instant now = clock.instant();
        records.addLast(now);
        forgetBefore(now.minus(WINDOW));
    }

    /**
     * Asked before DR's copy of a key is deleted.
     *
     * @param released a delete the operator released from the held-deletes queue: applied unless the breaker opened
     *                 again
     * @param audit    a repair the operator asked for (audit --repair), which is no storm
     * @return whether the delete must be held instead of applied
     */
    public boolean holds(@ExchangeProperty(KeyReplication.PROPERTY) KeyReplication r) {
        boolean released = r.released();
        if (maxPerMinute <= 0 || r.audit()) {
            return false;
        }
        synchronized (this) {
            if (open) {
                // released deletes too, should the breaker have opened again while they were being applied
                heldDeletes.incrementAndGet();
                return true;
            }
            if (released) {
                // let through by the operator, and not counted
                return false;
            }
            Instant now = clock.instant();
            forgetBefore(now.minus(WINDOW));
            int recent = deletes.size() + 1;
            if (recent > maxPerMinute && recent > maxFraction * Math.max(records.size(), recent)) {
                trip(String.format("%d deletes within a minute, over replicator.delete.breaker.max-per-minute (%d)"
                                + " and %.0f%% of the %d records seen (max-fraction %.2f)", recent, maxPerMinute,
                        100.0 * recent / Math.max(records.size(), recent), Math.max(records.size(), recent),
                        maxFraction), now);
                heldDeletes.incrementAndGet();
                return true;
            }
            deletes.addLast(now);
            return false;
        }
    }

    private void trip(String why, Instant now) {
        open = true;
        reason = why;
        openedAt = now;
        LOG.warn("Delete breaker OPEN: {}. Deletes are held on the held-deletes queue until an operator resumes or"
                + " discards them (JMX {} operations resume() and discard(), or Jolokia)", why, OBJECT_NAME);
        held.stopReleasing();
    }

    private void forgetBefore(Instant start) {
        while (!deletes.isEmpty() && deletes.peekFirst().isBefore(start)) {
            deletes.removeFirst();
        }
        while (!records.isEmpty() && records.peekFirst().isBefore(start)) {
            records.removeFirst();
        }
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public String getReason() {
        return reason;
    }

    @Override
    public String getOpenedAt() {
        return openedAt == null ? "" : openedAt.toString();
    }

    @Override
    public long getHeldDeletes() {
        return heldDeletes.get();
    }

    @Override
    public synchronized String resume() {
        boolean wasOpen = open;
        open = false;
        reason = "";
        openedAt = null;
        deletes.clear();
        records.clear();
        held.startReleasing();
        LOG.warn("Delete breaker closed by an operator{}: the held deletes are applied",
                wasOpen ? "" : " (it was not open)");
        return "closed; applying the held deletes (about " + held.approximateCount() + " messages)";
    }

    @Override
    public String discard() {
        long dropped = held.discard();
        synchronized (this) {
            open = false;
            reason = "";
            openedAt = null;
            deletes.clear();
            records.clear();
        }
        LOG.warn("Delete breaker closed by an operator, who discarded {} held delete messages: DR keeps those objects"
                + " (an audit counts them as extra; audit --repair would delete them)", dropped);
        return "discarded " + dropped + " held delete messages; the breaker is closed";
    }

    @Override
    public void start() {
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            ObjectName name = new ObjectName(OBJECT_NAME);
            if (server.isRegistered(name)) {
                server.unregisterMBean(name);
            }
            server.registerMBean(this, name);
        } catch (JMException e) {
            throw new IllegalStateException("cannot register the delete breaker with JMX", e);
        }
        MeterRegistry meters = camelContext.getRegistry().findSingleByType(MeterRegistry.class);
        if (meters != null) {
            // the deletes it held are counted per pair with the other outcomes (ReplicatorMetrics)
            Gauge.builder("replicator.delete.breaker.open", this, breaker -> breaker.isOpen() ? 1 : 0)
                    .description("1 while the delete breaker holds deletes")
                    .register(meters);
        }
    }

    @Override
    public void stop() {
        try {
            ObjectName name = new ObjectName(OBJECT_NAME);
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            if (server.isRegistered(name)) {
                server.unregisterMBean(name);
            }
        } catch (JMException e) {
            LOG.debug("While unregistering the delete breaker: {}", e.toString());
        }
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
