package io.github.s3drreplicator.sandbox;

import java.util.List;
import java.util.Map;

import io.vertx.core.Future;

/** What the control endpoints ({@code /_sandbox/...}) may do to the running sandbox. */
interface SandboxControl {

    /** Starts an outage (or changes its mode); completes once it is in effect. */
    Future<Void> outage(Outage outage);

    /** Ends the outage of a service ({@code s3} and a region, or {@code sqs}); completes once it is over. */
    Future<Void> recover(String service, String region);

    /** Ends every outage. */
    Future<Void> recoverAll();

    List<Outage> outages();

    Map<String, Map<String, Long>> requestCounts();

    void resetRequestCounts();

    Hold hold(HoldRule rule);

    /** Every hold made and not forgotten, in the order they were made. */
    List<Hold> holds();

    /** Releases every hold and forgets them. */
    void releaseHolds();
}
