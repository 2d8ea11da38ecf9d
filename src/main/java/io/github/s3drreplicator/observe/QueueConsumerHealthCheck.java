package io.github.s3drreplicator.observe;

import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.Consumer;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;
import org.apache.camel.support.ScheduledPollConsumer;

/**
 * Readiness only: the queue consumer's route is started and its consumer is polling, from the moment its first poll
 * begins. It replaces Camel's own consumer check for this route ({@code consumer:consume-s3-events}, excluded by
 * {@code camel.health.exclude-pattern}), which says "has not yet polled" until the first poll returns: with long
 * polling, 20 s after every start of an idle service. That SQS answers is {@code aws-reachability}'s to say; a poll
 * that failed (SQS down) makes this one down too, until a poll succeeds. Never liveness: SQS being away is no reason
 * to restart.
 */
public class QueueConsumerHealthCheck extends AbstractHealthCheck {

    private final CamelContext context;
    private final String routeId;

    public QueueConsumerHealthCheck(CamelContext context, String routeId) {
        super("replicator", "queue-consumer");
        this.context = context;
        this.routeId = routeId;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail("route.id", routeId);
        Route route = context.getRoute(routeId);
        ServiceStatus status = context.getRouteController().getRouteStatus(routeId);
        if (route == null || status == null || !(status.isStarted() || status.isSuspended())) {
            builder.down().message("the route " + routeId + " is not started" + (status == null ? "" : " (" + status
                    + ")"));
            return;
        }
        Consumer consumer = route.getConsumer();
        if (!(consumer instanceof ScheduledPollConsumer polling)) {
            // another kind of consumer (an edited route): started is all there is to know
            builder.up();
            return;
        }
        long failedPolls = polling.getErrorCounter();
        if (failedPolls > 0) {
            builder.detail("failure.error.count", failedPolls);
            builder.down().message("the last " + failedPolls + " polls of the queue failed (aws-reachability says"
                    + " why)");
        } else if (polling.isPolling() || polling.isFirstPollDone()) {
            builder.up();
        } else {
            builder.down().message("the queue consumer has not started polling yet");
        }
    }
}
