package io.github.s3drreplicator.it;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The replicator as its own process, started from the built jar exactly as a user starts it, so that it can be
 * stopped the way pods are: SIGTERM, or SIGKILL.
 */
final class ReplicatorProcess implements AutoCloseable {

    private static final Path JAR = Path.of("target", "s3-dr-replicator.jar");

    private final Process process;
    private final int managementPort;
    private final Path log;

    private ReplicatorProcess(Process process, int managementPort, Path log) {
        this.process = process;
        this.managementPort = managementPort;
        this.log = log;
    }

    /** The replicator against the given environment. */
    static ReplicatorProcess start(String name, AwsTestEnvironment environment, Map<String, String> extra)
            throws IOException {
        Map<String, String> properties = new HashMap<>(environment.replicatorProperties());
        properties.put("aws.accessKeyId", "test");
        properties.put("aws.secretAccessKey", "test");
        properties.putAll(extra);
        return start(name, properties, List.of());
    }

    /** {@code java -Xmx256m -jar target/s3-dr-replicator.jar --sandbox}: the replicator and its own sandbox. */
    static ReplicatorProcess startWithSandbox(String name, int s3Port, int sqsPort, Map<String, String> extra)
            throws IOException {
        Map<String, String> properties = new HashMap<>(extra);
        properties.put("sandbox.s3.port", String.valueOf(s3Port));
        properties.put("sandbox.sqs.port", String.valueOf(sqsPort));
        return start(name, properties, List.of("--sandbox"));
    }

    private static ReplicatorProcess start(String name, Map<String, String> given, List<String> arguments)
            throws IOException {
        if (!Files.exists(JAR)) {
            throw new IllegalStateException(JAR + " is missing: the integration tests run after 'package'");
        }
        int managementPort = SandboxEnvironment.freePort();
        Map<String, String> properties = new HashMap<>();
        properties.put("replicator.sqs.wait-time-seconds", "1");
        properties.put("replicator.retry.initial-delay-ms", "100");
        properties.putAll(given);
        properties.put("camel.management.port", String.valueOf(managementPort));
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        // the heap the project promises to work in, whatever the object size
        command.add("-Xmx256m");
        properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-jar");
        command.add(JAR.toString());
        command.addAll(arguments);
        Path log = Files.createDirectories(Path.of("target", "replicator-processes")).resolve(name + ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        ReplicatorProcess replicator = new ReplicatorProcess(process, managementPort, log);
        try {
            replicator.awaitReady();
        } catch (RuntimeException e) {
            // never left running behind a failed test
            process.destroyForcibly();
            throw e;
        }
        return replicator;
    }

    private void awaitReady() {
        HttpClient http = HttpClient.newHttpClient();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("the replicator process died; see " + log);
                    }
                    return http.send(HttpRequest.newBuilder(URI.create(
                            "http://127.0.0.1:" + managementPort + "/observe/health/ready")).build(),
                            HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
                });
    }

    String managementUrl(String path) {
        return "http://127.0.0.1:" + managementPort + path;
    }

    String metrics() throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(managementUrl("/observe/metrics")))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    /** {@code kill -9}: no shutdown at all, in-flight messages are simply abandoned. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM, as Kubernetes stops a pod; returns the exit code. */
    int terminate(Duration grace) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            throw new IllegalStateException("the replicator did not stop within " + grace + "; see " + log);
        }
        return process.exitValue();
    }

    String log() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
