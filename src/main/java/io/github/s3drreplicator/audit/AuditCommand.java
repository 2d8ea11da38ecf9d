package io.github.s3drreplicator.audit;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;

import io.github.s3drreplicator.Application;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;

/**
 * {@code java -jar s3-dr-replicator.jar audit [--repair] [--no-delete] [--prefix P] [--json]}: compares DR with
 * production with the service's own configuration, and repairs DR when asked. Exit status as {@code rclone check}:
 * 0 in sync (or fully repaired), 1 drift found and not repaired, 2 error.
 */
public final class AuditCommand {

    public static final int IN_SYNC = 0;
    public static final int DRIFT = 1;
    public static final int ERROR = 2;

    private AuditCommand() {
    }

    public static int run(List<String> args, Map<String, String> properties, PrintStream out, PrintStream err) {
        boolean repair = false;
        boolean delete = true;
        boolean json = false;
        String prefix = "";
        for (int i = 0; i < args.size(); i++) {
            switch (args.get(i)) {
                case "--repair" -> repair = true;
                case "--no-delete" -> delete = false;
                case "--json" -> json = true;
                case "--prefix" -> {
                    if (i + 1 >= args.size()) {
                        err.println("--prefix needs a value");
                        return ERROR;
                    }
                    prefix = args.get(++i);
                }
                default -> {
                    err.println("unknown option " + args.get(i)
                            + "; usage: audit [--repair] [--no-delete] [--prefix P] [--json]");
                    return ERROR;
                }
            }
        }
        Main main = Application.newMain();
        properties.forEach(main::addOverrideProperty);
        // the replication routes, without the queue consumer and the scheduled audit; no management server
        main.addOverrideProperty("camel.main.routes-exclude-pattern",
                "classpath:routes/consume-events.yaml,classpath:routes/drift-audit.yaml");
        main.addOverrideProperty("camel.management.enabled", "false");
        try {
            main.start();
            CamelContext context = main.getCamelContext();
            String source = context.resolvePropertyPlaceholders("{{replicator.source.bucket}}");
            String target = context.resolvePropertyPlaceholders("{{replicator.target.bucket}}");
            DriftAudit audit = context.getRegistry().lookupByNameAndType("driftAudit", DriftAudit.class);
            long[] lastShown = {0};
            DriftReport report = audit.run(prefix, repair, delete, done -> {
                if (done - lastShown[0] >= 100) {
                    lastShown[0] = done;
                    err.printf("repaired %d keys so far%n", done);
                }
            });
            out.print(json ? report.json(source, target) + System.lineSeparator() : report.text(source, target));
            if (report.repairFailures() > 0) {
                return ERROR;
            }
            return report.total() == 0 || repair ? IN_SYNC : DRIFT;
        } catch (Exception e) {
            err.println("audit failed: " + e.getMessage());
            return ERROR;
        } finally {
            main.stop();
        }
    }
}
