package io.github.s3drreplicator;

import java.util.Map;
import java.util.OptionalInt;

import io.github.s3drreplicator.cli.Cli;
import org.apache.camel.main.Main;

/**
 * Starts the replicator's command line ({@link Cli}): {@code java -jar s3-dr-replicator.jar [run] [--sandbox]} runs
 * the service, against AWS with the default credential chain or on the embedded sandbox; {@code audit},
 * {@code restore} and {@code bench} are its other commands; {@code --help} lists them.
 */
public final class Application {

    private Application() {
    }

    public static void main(String[] args) {
        OptionalInt ranElsewhere = Cli.beforeCommand(args);
        if (ranElsewhere.isPresent()) {
            System.exit(ranElsewhere.getAsInt());
        }
        // the embedded servers leave threads of their own behind: the process ends when the command does
        System.exit(Cli.execute(args, Map.of(), System.out, System.err));
    }

    /** The Camel Main that runs the YAML routes with {@code application.properties}; tests use the same. */
    public static Main newMain() {
        // the settings' defaults come with the configuration class that reads them (ReplicatorConfiguration)
        return new Main();
    }
}
