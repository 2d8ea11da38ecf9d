package io.github.s3drreplicator.it;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

import io.github.s3drreplicator.sandbox.Faults;
import io.github.s3drreplicator.sandbox.Hold;
import io.github.s3drreplicator.sandbox.HoldRule;
import io.github.s3drreplicator.sandbox.Outage;
import io.github.s3drreplicator.sandbox.Sandbox;
import io.github.s3drreplicator.sandbox.SandboxSettings;

/** The embedded sandbox, on free ports so that tests never clash with a sandbox a developer is running. */
final class SandboxEnvironment implements AwsTestEnvironment {

    private final Sandbox sandbox;

    private SandboxEnvironment(Sandbox sandbox) {
        this.sandbox = sandbox;
    }

    static SandboxEnvironment start(boolean events) throws IOException {
        return start(Faults.NONE, events);
    }

    static SandboxEnvironment start(Faults faults, boolean events) throws IOException {
        return start(settings -> settings.withEvents(events).withFaults(faults));
    }

    /**
     * With settings of the test's own on top of the defaults, on free ports. A port found free can be taken by
     * someone else before the sandbox binds it: then it tries again on other ports.
     */
    static SandboxEnvironment start(java.util.function.UnaryOperator<SandboxSettings> settings) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                return new SandboxEnvironment(Sandbox.start(settings.apply(SandboxSettings.defaults()
                        .withPorts(freePort(), freePort()))));
            } catch (IllegalStateException | IOException e) {
                boolean portTaken = e.getMessage() != null && e.getMessage().contains("Address already in use");
                if (!portTaken || attempt == 3) {
                    throw e;
                }
            }
        }
    }

    static int freePort() {
        return Sandbox.freePort();
    }

    @Override
    public Map<String, String> replicatorProperties() {
        Map<String, String> properties = new HashMap<>(AwsTestEnvironment.super.replicatorProperties());
        // ElasticMQ's account: the queue URLs are looked up as in production, with GetQueueUrl
        properties.put("replicator.aws.account-id", "000000000000");
        return properties;
    }

    /** Takes S3 in a region, or SQS, down on purpose until {@link #recover}. */
    void outage(Outage outage) {
        sandbox.outage(outage);
    }

    /** Ends the outage of S3 in a region ({@code "s3", "us-east-2"}) or of SQS ({@code "sqs", null}). */
    void recover(String service, String region) {
        sandbox.recover(service, region);
    }

    /** The requests clients sent, per service ({@code s3}, {@code sqs}) and operation. */
    Map<String, Map<String, Long>> requestCounts() {
        return sandbox.requestCounts();
    }

    void resetRequestCounts() {
        sandbox.resetRequestCounts();
    }

    /**
     * Holds back the request the rule names until {@link Hold#release}: {@code hold(HoldRule.hold("HeadObject",
     * TARGET_BUCKET, key))} keeps the request from the store, {@code HoldRule.late(...)} keeps its answer.
     */
    Hold hold(HoldRule rule) {
        return sandbox.hold(rule);
    }

    /** Releases every hold and forgets them. */
    void releaseHolds() {
        sandbox.releaseHolds();
    }

    Sandbox sandbox() {
        return sandbox;
    }

    @Override
    public String s3Endpoint() {
        return sandbox.settings().s3Endpoint();
    }

    @Override
    public String sqsEndpoint() {
        return sandbox.settings().sqsEndpoint();
    }

    @Override
    public void close() {
        sandbox.close();
    }
}
