package io.github.s3drreplicator.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

import io.github.s3drreplicator.Application;
import io.github.s3drreplicator.sandbox.Sandbox;

/**
 * One replica of the replicator as the benchmark runs it: its own JVM, started as a user starts the service (the
 * product's class path, {@code application.properties}, {@code -Xmx256m}, the heap the project promises to work in),
 * pointed at the sandbox. The benchmark pauses and resumes its queue consumer over JMX (Camel's route MBean), so that
 * a queue can be filled before the replicator drains it, reads its heap over JMX, and its CPU time from the system.
 */
final class ReplicatorJvm implements AutoCloseable {

    private static final String CONSUMER = "org.apache.camel:context=s3-dr-replicator,type=routes,"
            + "name=\"consume-s3-events\"";

    private final ChildJvm jvm;
    private final int managementPort;
    private final JMXConnector jmx;
    private final MBeanServerConnection mbeans;

    private ReplicatorJvm(ChildJvm jvm, int managementPort, JMXConnector jmx) throws IOException {
        this.jvm = jvm;
        this.managementPort = managementPort;
        this.jmx = jmx;
        this.mbeans = jmx.getMBeanServerConnection();
    }

    /** Starts it and waits until it is ready ({@code /observe/health/ready}). */
    static ReplicatorJvm start(String name, String s3Endpoint, String sqsEndpoint, Map<String, String> settings,
                               List<String> jvmOptions, Path logDir) throws IOException, InterruptedException {
        int managementPort = Sandbox.freePort();
        int jmxPort = Sandbox.freePort();
        Map<String, String> properties = new HashMap<>();
        properties.put("aws.accessKeyId", "bench");
        properties.put("aws.secretAccessKey", "bench");
        properties.put("replicator.s3.endpoint", s3Endpoint);
        properties.put("replicator.s3.path-style", "true");
        properties.put("replicator.sqs.endpoint", sqsEndpoint);
        properties.put("camel.management.port", String.valueOf(managementPort));
        properties.putAll(settings);
        // the product's logging, in text lines whatever LOG_FORMAT says (a test's class path has a logback-test.xml
        // that quiets the applied records): the benchmark reads each applied record's lag from them
        properties.put("logback.configurationFile", "logback.xml");
        properties.put("log.format", "text");
        // JMX on loopback, for the benchmark only: the service itself offers none
        properties.put("com.sun.management.jmxremote.port", String.valueOf(jmxPort));
        properties.put("com.sun.management.jmxremote.rmi.port", String.valueOf(jmxPort));
        properties.put("com.sun.management.jmxremote.host", "127.0.0.1");
        properties.put("com.sun.management.jmxremote.authenticate", "false");
        properties.put("com.sun.management.jmxremote.ssl", "false");
        properties.put("java.rmi.server.hostname", "127.0.0.1");
        List<String> options = new java.util.ArrayList<>(List.of("-Xmx256m"));
        options.addAll(jvmOptions);
        ChildJvm jvm = ChildJvm.start(name, false, options, properties, Application.class.getName(),
                List.of("run"), logDir);
        try {
            awaitReady(jvm, managementPort);
            JMXConnector jmx = JMXConnectorFactory.connect(new JMXServiceURL(
                    "service:jmx:rmi:///jndi/rmi://127.0.0.1:" + jmxPort + "/jmxrmi"));
            return new ReplicatorJvm(jvm, managementPort, jmx);
        } catch (IOException | InterruptedException | RuntimeException e) {
            jvm.close();
            throw e;
        }
    }

    private static void awaitReady(ChildJvm jvm, int managementPort) throws InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort
                + "/observe/health/ready")).timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            if (!jvm.alive()) {
                throw new IllegalStateException("the replicator ended before it was ready; see " + jvm.log());
            }
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
        throw new IllegalStateException("the replicator was not ready after 90 s; see " + jvm.log());
    }

    /** Stops taking messages from the queue (the messages of polls already under way are still worked on). */
    void pause() {
        invoke("suspend");
    }

    void resume() {
        invoke("resume");
    }

    private void invoke(String operation) {
        try {
            mbeans.invoke(new ObjectName(CONSUMER), operation, null, null);
        } catch (Exception e) {
            throw new IllegalStateException("cannot " + operation + " the replicator's queue consumer: " + e, e);
        }
    }

    /** The heap in use now, in bytes. */
    long heapUsed() {
        try {
            return ManagementFactory.newPlatformMXBeanProxy(mbeans, ManagementFactory.MEMORY_MXBEAN_NAME,
                    MemoryMXBean.class).getHeapMemoryUsage().getUsed();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** CPU time its JIT compiler threads used since the JVM started. */
    Duration compilerCpu() {
        return jvm.compilerCpu();
    }

    /** CPU time used since the JVM started. */
    Duration cpu() {
        return jvm.cpu();
    }

    /** Its log: standard output and error. */
    Path log() {
        return jvm.log();
    }

    int managementPort() {
        return managementPort;
    }

    @Override
    public void close() {
        try {
            jmx.close();
        } catch (IOException ignored) {
            // the process is stopped anyway
        }
        jvm.close();
    }
}
