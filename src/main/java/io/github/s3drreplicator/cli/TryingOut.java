package io.github.s3drreplicator.cli;

import java.io.PrintWriter;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import io.github.s3drreplicator.config.ReplicatorSettings;
import io.github.s3drreplicator.config.Settings;
import org.apache.camel.CamelContext;
import org.slf4j.LoggerFactory;

/**
 * What a newcomer sees on {@code --sandbox}: the endpoints, buckets and queues, the commands to try, then one line
 * per record; not the servers' and Camel's start-up chatter, which an operator of the real service does want.
 */
final class TryingOut {

    private TryingOut() {
    }

    static void quietLogs() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext logback) {
            for (String chatty : new String[] {"org.apache.camel", "io.vertx", "io.github.s3drreplicator.sandbox"}) {
                logback.getLogger(chatty).setLevel(Level.WARN);
            }
        }
    }

    static void welcome(PrintWriter out, SandboxTools.Running sandbox, CamelContext camel) {
        ReplicatorSettings settings = camel.getRegistry().lookupByNameAndType("settings", ReplicatorSettings.class);
        String management = "http://" + camel.getPropertiesComponent().resolveProperty("camel.management.host")
                .orElse("127.0.0.1") + ":" + camel.getPropertiesComponent().resolveProperty("camel.management.port")
                .orElse("9876");
        String source = settings.get(Settings.SOURCE_BUCKET);
        String target = settings.get(Settings.TARGET_BUCKET);
        String endpoint = sandbox.s3Endpoint();
        out.println();
        out.println("s3-dr-replicator " + VersionProvider.version() + " replicates " + source + " ("
                + settings.get(Settings.SOURCE_REGION) + ") to " + target + " (" + settings.get(Settings.TARGET_REGION)
                + "), delete mode " + settings.get(Settings.DELETE_MODE).name().toLowerCase() + ", on the sandbox:");
        sandbox.summary().forEach(line -> out.println("  " + line));
        out.println("  Health " + management + "/observe/health   Metrics " + management + "/observe/metrics");
        out.println();
        out.println("Try it from another terminal (any credentials will do):");
        out.println("  export AWS_ACCESS_KEY_ID=sandbox AWS_SECRET_ACCESS_KEY=sandbox AWS_DEFAULT_REGION="
                + settings.get(Settings.SOURCE_REGION));
        out.println("  aws --endpoint-url " + endpoint + " s3 cp README.md \"s3://" + source + "/€ plans/README.md\"");
        out.println("  aws --endpoint-url " + endpoint + " s3 ls --recursive s3://" + target + "/");
        out.println("  aws --endpoint-url " + endpoint + " s3 rm \"s3://" + source + "/€ plans/README.md\"");
        out.println();
        out.println("Ctrl-C stops it. One line per record follows.");
        out.flush();
    }
}
