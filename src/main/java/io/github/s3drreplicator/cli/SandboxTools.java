package io.github.s3drreplicator.cli;

import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * The tools that help try and measure the replicator, but never run in production: the embedded sandbox and the
 * benchmark. They ship in their own jar ({@code s3-dr-replicator-sandbox.jar}, with its libraries in
 * {@code sandbox-lib/}), which the build puts beside the product's jar and the container image leaves out, so that
 * their servers (S3Mock, Spring Boot, Tomcat, ElasticMQ, Pekko) are never on the production class path: they are
 * loaded only when asked for ({@link SandboxJar}).
 */
public interface SandboxTools {

    /** What to tell a user who asks for them where they are not. */
    String MISSING = "this distribution of s3-dr-replicator has no sandbox and no benchmark: they ship in"
            + " s3-dr-replicator-sandbox.jar and sandbox-lib/ beside the jar of a source build"
            + " (./mvnw -DskipTests package), never in the container image";

    /** Starts the sandbox and points the replicator at it (through system properties). */
    Running startSandbox() throws Exception;

    /** Runs the benchmark with the given arguments; returns the exit status. */
    int bench(List<String> args) throws Exception;

    /** A sandbox that runs; closing it stops it. */
    interface Running extends AutoCloseable {

        /** Its S3 endpoint, for the try-it commands. */
        String s3Endpoint();

        /** What it serves, a line each: endpoints, buckets and their regions, queues. */
        java.util.List<String> summary();
    }

    /** The tools: on the class path (the tests), or in the sandbox's jar beside this one; empty where neither. */
    static Optional<SandboxTools> find() {
        Optional<SandboxTools> onClassPath = ServiceLoader.load(SandboxTools.class).findFirst();
        if (onClassPath.isPresent()) {
            return onClassPath;
        }
        return SandboxJar.besideThisJar().flatMap(loader -> ServiceLoader.load(SandboxTools.class, loader).findFirst());
    }
}
