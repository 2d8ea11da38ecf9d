package io.github.s3drreplicator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.s3drreplicator.audit.AuditCommand;
import io.github.s3drreplicator.audit.RestoreCommand;
import io.github.s3drreplicator.cli.SandboxTools;
import org.apache.camel.main.Main;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the replicator: {@code java -jar s3-dr-replicator.jar} runs against AWS with the default credential chain;
 * {@code --sandbox} first starts the embedded S3 + SQS sandbox and points the replicator at it; {@code audit}
 * compares DR with production and repairs it (see {@link AuditCommand}); {@code restore} copies DR back into
 * production (see {@link RestoreCommand}).
 */
public final class Application {

    private static final Logger LOG = LoggerFactory.getLogger(Application.class);

    private Application() {
    }

    public static void main(String[] args) {
        // the embedded servers leave threads of their own behind: the process ends when Camel does
        System.exit(run(args));
    }

    static int run(String[] args) {
        List<String> camelArgs = new ArrayList<>(List.of(args));
        if (!camelArgs.isEmpty() && camelArgs.get(0).equals("audit")) {
            return AuditCommand.run(camelArgs.subList(1, camelArgs.size()), Map.of(), System.out, System.err);
        }
        if (!camelArgs.isEmpty() && camelArgs.get(0).equals("restore")) {
            return RestoreCommand.run(camelArgs.subList(1, camelArgs.size()), Map.of(), System.out, System.err);
        }
        boolean sandboxed = camelArgs.remove("--sandbox");
        if ((sandboxed || camelArgs.contains("--bench")) && SandboxTools.find().isEmpty()) {
            System.err.println(SandboxTools.MISSING);
            return 2;
        }
        if (camelArgs.contains("--bench")) {
            try {
                return tools().bench(camelArgs);
            } catch (Exception e) {
                LOG.error("The benchmark failed: {}", e.getMessage(), e);
                return 1;
            }
        }
        AutoCloseable sandbox = null;
        try {
            if (sandboxed) {
                sandbox = tools().startSandbox();
            }
            return newMain().run(camelArgs.toArray(String[]::new));
        } catch (Exception e) {
            LOG.error("Cannot run the replicator: {}", e.getMessage(), e);
            return 1;
        } finally {
            if (sandbox != null) {
                try {
                    sandbox.close();
                } catch (Exception e) {
                    LOG.debug("While closing the sandbox: {}", e.toString());
                }
            }
        }
    }

    private static SandboxTools tools() {
        return SandboxTools.find().orElseThrow(() -> new IllegalStateException(SandboxTools.MISSING));
    }

    /** The Camel Main that runs the YAML routes with {@code application.properties}; tests use the same. */
    public static Main newMain() {
        return new Main();
    }
}
