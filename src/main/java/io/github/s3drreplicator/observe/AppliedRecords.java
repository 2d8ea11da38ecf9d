package io.github.s3drreplicator.observe;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

import io.github.s3drreplicator.event.ObjectEvent;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end of a record: one log line with its key, event, outcome and lag, and the lag (event time to applied in DR)
 * into the {@code replicator_replication_lag_seconds} histogram.
 */
public class AppliedRecords implements CamelContextAware {

    private static final Logger LOG = LoggerFactory.getLogger("io.github.s3drreplicator.applied");

    private CamelContext camelContext;
    private volatile Timer lag;

    public void record(@ExchangeProperty("replicatorEvent") ObjectEvent event,
                       @ExchangeProperty("replicatorOutcome") String outcome) {
        Duration sinceEvent = lagOf(event);
        boolean applied = outcome != null && !outcome.startsWith("skipped");
        if (applied && sinceEvent != null) {
            lagTimer().record(sinceEvent.isNegative() ? Duration.ZERO : sinceEvent);
        }
        LOG.info("key='{}' event={} outcome={} lag={}", event.key(), event.eventName(), outcome,
                sinceEvent == null ? "unknown" : String.format("%.3fs", sinceEvent.toMillis() / 1000.0));
    }

    private static Duration lagOf(ObjectEvent event) {
        if (event.eventTime() == null) {
            return null;
        }
        try {
            return Duration.between(Instant.parse(event.eventTime()), Instant.now());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private Timer lagTimer() {
        Timer timer = lag;
        if (timer == null) {
            MeterRegistry registry = camelContext.getRegistry().findSingleByType(MeterRegistry.class);
            timer = Timer.builder("replicator.replication.lag")
                    .description("From the event's time to the record applied in DR")
                    .publishPercentileHistogram()
                    .maximumExpectedValue(Duration.ofHours(1))
                    .register(registry);
            lag = timer;
        }
        return timer;
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
