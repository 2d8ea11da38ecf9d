package io.github.s3drreplicator.sandbox;

import java.util.List;
import java.util.concurrent.Callable;

import io.github.s3drreplicator.bench.Benchmark;
import io.github.s3drreplicator.cli.SandboxTools;

/** The sandbox and the benchmark, as the replicator's command line finds them (a {@link java.util.ServiceLoader}). */
public final class SandboxToolsProvider implements SandboxTools {

    @Override
    public Running startSandbox() throws Exception {
        Sandbox sandbox = withOwnClassLoader(() -> Sandbox.start(SandboxSettings.fromSystemProperties()));
        sandbox.pointReplicatorHere();
        SandboxSettings settings = sandbox.settings();
        return new Running() {
            @Override
            public String s3Endpoint() {
                return settings.s3Endpoint();
            }

            @Override
            public List<String> summary() {
                return List.of(
                        "S3   " + settings.s3Endpoint() + "   path-style, any credentials; buckets "
                                + settings.sourceBucket() + " and " + settings.targetBucket()
                                + " (the replicator's state in " + settings.stateBucket() + ")",
                        "SQS  " + settings.sqsEndpoint() + "   queues " + settings.queue() + ", "
                                + settings.deadLetterQueue() + ", " + settings.heldDeletesQueue(),
                        "Event notifications " + (settings.events() ? "for " + String.join(", ",
                                settings.notifiedBuckets()) : "off") + (settings.faults().equals(Faults.NONE) ? ""
                                : "; faults " + settings.faults()));
            }

            @Override
            public void close() {
                sandbox.close();
            }
        };
    }

    @Override
    public int bench(List<String> args) throws Exception {
        return withOwnClassLoader(() -> Benchmark.run(args));
    }

    /**
     * Spring Boot, Pekko and their configuration files are found through the thread's context class loader: while
     * they start, it is the loader that holds them (the sandbox's jar may be loaded apart from the product).
     */
    private static <T> T withOwnClassLoader(Callable<T> work) throws Exception {
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        thread.setContextClassLoader(SandboxToolsProvider.class.getClassLoader());
        try {
            return work.call();
        } finally {
            thread.setContextClassLoader(before);
        }
    }
}
