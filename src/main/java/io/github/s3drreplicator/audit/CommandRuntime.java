package io.github.s3drreplicator.audit;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.github.s3drreplicator.Application;
import io.github.s3drreplicator.aws.AwsClientSettings;
import io.github.s3drreplicator.aws.S3Clients;
import io.github.s3drreplicator.cli.CommandLogging;
import io.github.s3drreplicator.config.CommandProperties;
import io.github.s3drreplicator.config.InvalidSettingException;
import io.github.s3drreplicator.config.ReplicatorSettings;
import io.github.s3drreplicator.config.Settings;
import io.github.s3drreplicator.pair.BucketPair;
import io.github.s3drreplicator.pair.BucketPairs;
import io.github.s3drreplicator.replicate.KeyReconciler;
import io.github.s3drreplicator.replicate.Replications;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.main.Main;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The replicator as the {@code audit}, {@code restore} and {@code breaker} commands run it: the service's
 * configuration, and its replication routes without the queue consumer, the scheduled audit, the dead-letter queue
 * or the management server. The settings are read as Camel Main reads them ({@link CommandProperties}) but without
 * starting Camel, and Camel with the routes starts only when a command first needs them: an audit that only lists and
 * compares, sends its repairs to the queue, or repairs keys missing in DR (one CopyObject each, without the routes)
 * never starts it. The audit and restore talk to S3 only, unless told to send repairs to the queue. While it runs,
 * the logging is the command's ({@link CommandLogging}): quiet but for the replicator's warnings, or, verbose, the
 * service's on standard error.
 */
public final class CommandRuntime implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CommandRuntime.class);

    private final Map<String, String> properties;
    private final Use use;
    private final CommandLogging logging;
    private final ReplicatorSettings settings;
    private final BucketPairs pairs;
    private final S3Clients clients;
    private final DriftAudit audit;
    private final Lazy<Main> camel;
    private final Lazy<ProducerTemplate> template;
    private final Lazy<SqsClient> sqs;

    /** What a command does, and so which routes it starts, when it starts them. */
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

    private CommandRuntime(Map<String, String> properties, Use use, CommandLogging logging,
                           ReplicatorSettings settings) {
        this.properties = properties;
        this.use = use;
        this.logging = logging;
        this.camel = new Lazy<>(this::startCamel);
        this.settings = settings;
        this.pairs = BucketPairs.from(settings);
        AwsClientSettings aws = AwsClientSettings.from(settings, pairs);
        this.clients = new S3Clients(aws);
        this.template = new Lazy<>(() -> camel.get().getCamelContext().createProducerTemplate());
        this.sqs = new Lazy<>(() -> aws.sqsClient(settings.find(Settings.SQS_REGION)
                .orElse(settings.get(Settings.SOURCE_REGION))));
        this.audit = new DriftAudit(new DriftFinder(clients, pairs, settings.get(Settings.AUDIT_LOOK_PARALLELISM)),
                new Replications(pairs), KeyReconciler.of(clients, settings), settings.get(Settings.AUDIT_PARALLELISM))
                .routes(template);
    }

    /**
     * Reads the settings (a wrong one is an {@link InvalidSettingException}); the routes start when first needed,
     * or at once where only Camel resolves the configuration's properties.
     */
    public static CommandRuntime start(Map<String, String> properties, Use use, boolean verbose) {
        CommandLogging logging = CommandLogging.start(verbose);
        try {
            Optional<CommandProperties> read = CommandProperties.read(properties);
            if (read.isPresent()) {
                LOG.info("Settings read without starting Camel: its routes start only when a key needs writing");
                return new CommandRuntime(properties, use, logging, read.get().settings());
            }
            // placeholders or property files only Camel Main resolves: its settings, read as the service reads them
            Main main = startCamel(properties, use);
            CommandRuntime runtime = new CommandRuntime(properties, use, logging, main.getCamelContext()
                    .getRegistry().lookupByNameAndType("settings", ReplicatorSettings.class));
            runtime.camel.set(main);
            return runtime;
        } catch (RuntimeException e) {
            logging.close();
            throw e;
        }
    }

    private Main startCamel() {
        return startCamel(properties, use);
    }

    private static Main startCamel(Map<String, String> properties, Use use) {
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
        try {
            main.start();
        } catch (RuntimeException e) {
            main.stop();
            // a wrong setting, however deep Camel wrapped it, is the command's to name (exit status 2)
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof InvalidSettingException invalid) {
                    throw invalid;
                }
            }
            throw e;
        }
        return main;
    }

    DriftAudit audit() {
        return audit;
    }

    RestoreAsOf restoreAsOf() {
        return context().getRegistry().lookupByNameAndType("restoreAsOf", RestoreAsOf.class);
    }

    /** The pair named, or all pairs when {@code name} is {@code null}. */
    List<BucketPair> pairs(String name) {
        if (name == null) {
            return pairs.all();
        }
        return List.of(pairs.named(name).orElseThrow(() -> new IllegalArgumentException("no bucket pair is named '"
                + name + "'; replicator.pairs has " + pairs.all().stream().map(BucketPair::name).toList())));
    }

    S3Clients clients() {
        return clients;
    }

    ReplicatorSettings settings() {
        return settings;
    }

    /** The SQS client of the queues' region, made when first asked for. */
    SqsClient sqsClient() {
        return sqs.get();
    }

    /** The Camel context with the command's routes, started when first asked for. */
    public CamelContext context() {
        return camel.get().getCamelContext();
    }

    @Override
    public void close() {
        try {
            if (camel.made() != null) {
                camel.made().stop();
            }
        } finally {
            try {
                clients.close();
                if (sqs.made() != null) {
                    sqs.made().close();
                }
            } finally {
                logging.close();
            }
        }
    }
}
