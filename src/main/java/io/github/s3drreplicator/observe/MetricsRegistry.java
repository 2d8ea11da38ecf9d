package io.github.s3drreplicator.observe;

import java.util.function.Consumer;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;

/**
 * The service's Prometheus registry, once there is one. Camel Main binds it (camel.metrics.enabled) while the
 * context starts, after the beans are made and started: meters are registered once the context has fully started.
 */
public final class MetricsRegistry {

    private MetricsRegistry() {
    }

    /** Hands the registry to {@code register} once the context has fully started; never where metrics are off. */
    public static void whenBound(CamelContext context, Consumer<MeterRegistry> register) {
        try {
            context.addStartupListener(new StartupListener() {
                @Override
                public void onCamelContextStarted(CamelContext started, boolean alreadyStarted) {
                    if (alreadyStarted) {
                        onCamelContextFullyStarted(started, true);
                    }
                }

                @Override
                public void onCamelContextFullyStarted(CamelContext started, boolean alreadyStarted) {
                    MeterRegistry found = started.getRegistry().findSingleByType(MeterRegistry.class);
                    if (found != null) {
                        register.accept(found);
                    }
                }
            });
        } catch (Exception e) {
            throw new IllegalStateException("cannot wait for the metrics registry", e);
        }
    }
}
