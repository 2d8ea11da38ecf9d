package io.github.s3drreplicator.it;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import io.github.s3drreplicator.sandbox.Hold;
import io.github.s3drreplicator.sandbox.HoldRule;
import io.github.s3drreplicator.sandbox.SandboxSettings;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;

/**
 * A sandbox for the tests of one class that look at the sandbox itself: started before the first test, with an S3
 * client of it and the buckets asked for versioned, and stopped after the last. Holds a test left are released after
 * it, so that the next test is not held up. Register it on a static field with {@code @RegisterExtension}.
 */
final class SandboxExtension implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {

    private final UnaryOperator<SandboxSettings> settings;
    private final List<String> versioned;
    private SandboxEnvironment environment;
    private S3Client s3;

    private SandboxExtension(UnaryOperator<SandboxSettings> settings, List<String> versioned) {
        this.settings = settings;
        this.versioned = versioned;
    }

    /** Without event notifications: these tests look at S3's answers, not at what the replicator is sent. */
    static SandboxExtension withoutEvents() {
        return new SandboxExtension(s -> s.withEvents(false), List.of());
    }

    /** With event notifications for these buckets (the source bucket's are the sandbox's default). */
    static SandboxExtension withEventsOf(String... buckets) {
        return new SandboxExtension(s -> s.withEvents(true).withNotifiedBuckets(buckets), List.of());
    }

    SandboxExtension versioned(String bucket) {
        List<String> buckets = new ArrayList<>(versioned);
        buckets.add(bucket);
        return new SandboxExtension(settings, List.copyOf(buckets));
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        environment = SandboxEnvironment.start(settings);
        s3 = environment.s3Client();
        versioned.forEach(bucket -> s3.putBucketVersioning(r -> r.bucket(bucket)
                .versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED))));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        environment.releaseHolds();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        s3.close();
        environment.close();
    }

    SandboxEnvironment environment() {
        return environment;
    }

    S3Client s3() {
        return s3;
    }

    /** Holds back the request the rule names until {@link Hold#release}, or the end of the test. */
    Hold hold(HoldRule rule) {
        return environment.hold(rule);
    }
}
