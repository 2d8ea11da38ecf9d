package io.github.s3drreplicator;

import java.util.ArrayList;
import java.util.List;

import io.github.s3drreplicator.sandbox.Sandbox;
import io.github.s3drreplicator.sandbox.SandboxSettings;
import org.apache.camel.main.Main;

/**
 * Starts the replicator: {@code java -jar s3-dr-replicator.jar} runs against AWS with the default credential chain;
 * {@code --sandbox} first starts the embedded S3 + SQS sandbox and points the replicator at it.
 */
public final class Application {

    private Application() {
    }

    public static void main(String[] args) throws Exception {
        List<String> camelArgs = new ArrayList<>(List.of(args));
        Sandbox sandbox = null;
        if (camelArgs.remove("--sandbox")) {
            sandbox = Sandbox.start(SandboxSettings.fromSystemProperties());
            sandbox.pointReplicatorHere();
        }
        int exitCode;
        try {
            exitCode = newMain().run(camelArgs.toArray(String[]::new));
        } finally {
            if (sandbox != null) {
                sandbox.close();
            }
        }
        // the embedded servers leave threads of their own behind; the process is done when Camel is
        System.exit(exitCode);
    }

    /** The Camel Main that runs the YAML routes with {@code application.properties}; tests use the same. */
    public static Main newMain() {
        return new Main();
    }
}
