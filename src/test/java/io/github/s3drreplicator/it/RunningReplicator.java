package io.github.s3drreplicator.it;

import java.util.HashMap;
import java.util.Map;

import io.github.s3drreplicator.Application;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.apache.camel.main.Main;

/** The replicator as production runs it (same Camel Main, routes and properties), started in the test's JVM. */
final class RunningReplicator implements AutoCloseable {

    private final Main main;
    private final int managementPort;

    private RunningReplicator(Main main, int managementPort) {
        this.main = main;
        this.managementPort = managementPort;
    }

    static RunningReplicator start(AwsTestEnvironment environment, Map<String, String> extraProperties) {
        ProductCredentials.apply();
        int managementPort = SandboxEnvironment.freePort();
        Map<String, String> properties = new HashMap<>(environment.replicatorProperties());
        properties.put("camel.management.port", String.valueOf(managementPort));
        // short polls and quick retries keep the tests fast; production keeps its long polling
        properties.put("replicator.sqs.wait-time-seconds", "1");
        properties.put("replicator.retry.initial-delay-ms", "100");
        properties.putAll(extraProperties);

        Main main = Application.newMain();
        properties.forEach(main::addOverrideProperty);
        main.start();
        return new RunningReplicator(main, managementPort);
    }

    /** Counts, from now on, the Camel events that match: redeliveries, exchanges created, ... */
    AtomicLong count(Predicate<CamelEvent> which) {
        AtomicLong count = new AtomicLong();
        main.getCamelContext().getManagementStrategy().addEventNotifier(new EventNotifierSupport() {
            @Override
            public void notify(CamelEvent event) {
                count.incrementAndGet();
            }

            @Override
            public boolean isEnabled(CamelEvent event) {
                return which.test(event);
            }
        });
        return count;
    }

    CamelContext context() {
        return main.getCamelContext();
    }

    String managementUrl(String path) {
        return "http://127.0.0.1:" + managementPort + path;
    }

    /** Sends a Jolokia request to /observe/jolokia; returns the answer's body. */
    String jolokia(String request) throws Exception {
        return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                                java.net.URI.create(managementUrl("/observe/jolokia/")))
                        .header("Content-Type", "application/json")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(request)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
    }

    /** GETs a management path (/observe/health, /observe/metrics); returns the answer's body. */
    String get(String path) throws Exception {
        return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(managementUrl(path))).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
    }

    @Override
    public void close() {
        main.stop();
    }
}
