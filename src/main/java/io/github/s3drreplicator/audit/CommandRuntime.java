package io.github.s3drreplicator.audit;

import java.util.List;
import java.util.Map;

import io.github.s3drreplicator.Application;
import io.github.s3drreplicator.aws.S3Clients;
import io.github.s3drreplicator.cli.CommandLogging;
import io.github.s3drreplicator.config.InvalidSettingException;
import io.github.s3drreplicator.pair.BucketPair;
import io.github.s3drreplicator.pair.BucketPairs;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.main.Main;

/**
 * The replicator as the {@code audit} and {@code restore} commands run it: the service's configuration and
 * replication routes, without the queue consumer, the scheduled audit, the held-deletes and dead-letter queues or the
 * management server. It talks to S3 only: a command needs neither an SQS endpoint nor SQS permissions. An audit that
 * only reports starts no route at all. While it runs, the logging is the command's ({@link CommandLogging}): quiet
 * but for the replicator's warnings, or, verbose, the service's on standard error.
 */
public final class CommandRuntime implements AutoCloseable {

    private final Main main;
    private final CommandLogging logging;

    private CommandRuntime(Main main, CommandLogging logging) {
        this.main = main;
        this.logging = logging;
    }

    /** What a command does, and so which routes it starts. */
    public enum Use {
        /** lists and compares: no route */
        REPORT("**/*.yaml"),
        /** writes to DR through the replication routes: audit --repair, restore */
        REPAIR("**/consume-events.yaml,**/drift-audit.yaml,**/dead-letter.yaml,**/held-deletes.yaml"),
        /** releases held deletes too, from their queue (which needs SQS): the breaker command */
        RELEASE("**/consume-events.yaml,**/drift-audit.yaml,**/dead-letter.yaml");

        // by file name, wherever the routes come from: the classpath, the jar, or a directory of edited routes
        private final String excluded;

        Use(String excluded) {
            this.excluded = excluded;
        }
    }

    public static CommandRuntime start(Map<String, String> properties, Use use, boolean verbose) {
        CommandLogging logging = CommandLogging.start(verbose);
        Main main = Application.newMain();
        properties.forEach(main::addOverrideProperty);
        main.addOverrideProperty("camel.main.routes-exclude-pattern", use.excluded);
        main.addOverrideProperty("camel.management.enabled", "false");
        // a key that fails is the command's to report (it counts and prints failures), never a queue's
        main.configure().addRoutesBuilder(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:dead-letter").routeId("dead-letter").description("A command reports its failures itself")
                        .stop();
            }
        });
        CommandRuntime runtime = new CommandRuntime(main, logging);
        try {
            main.start();
        } catch (RuntimeException e) {
            runtime.close();
            // a wrong setting, however deep Camel wrapped it, is the command's to name (exit status 2)
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof InvalidSettingException invalid) {
                    throw invalid;
                }
            }
            throw e;
        }
        return runtime;
    }

    DriftAudit audit() {
        return context().getRegistry().lookupByNameAndType("driftAudit", DriftAudit.class);
    }

    RestoreAsOf restoreAsOf() {
        return context().getRegistry().lookupByNameAndType("restoreAsOf", RestoreAsOf.class);
    }

    /** The pair named, or all pairs when {@code name} is {@code null}. */
    List<BucketPair> pairs(String name) {
        BucketPairs pairs = context().getRegistry().lookupByNameAndType("bucketPairs", BucketPairs.class);
        if (name == null) {
            return pairs.all();
        }
        return List.of(pairs.named(name).orElseThrow(() -> new IllegalArgumentException("no bucket pair is named '"
                + name + "'; replicator.pairs has " + pairs.all().stream().map(BucketPair::name).toList())));
    }

    S3Clients clients() {
        return context().getRegistry().lookupByNameAndType("s3Clients", S3Clients.class);
    }

    public CamelContext context() {
        return main.getCamelContext();
    }

    @Override
    public void close() {
        try {
            main.stop();
        } finally {
            logging.close();
        }
    }
}
