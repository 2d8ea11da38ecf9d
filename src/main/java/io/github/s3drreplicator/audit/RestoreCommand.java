package io.github.s3drreplicator.audit;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.github.s3drreplicator.pair.BucketPair;

/**
 * {@code java -jar s3-dr-replicator.jar restore [--prefix P] [--pair NAME] [--dry-run] [--json]}: failback. Copies
 * DR back into production, pair by pair, where production lacks a key or holds an older version of it, through the
 * same copy code as replication (multipart, metadata, tags). Newer objects in production are kept and nothing there
 * is deleted; copies DR kept after a deletion (delete modes retain and delayed) come back too. Exit status: 0 done
 * (or, with {@code --dry-run}, nothing to restore), 1 a dry run found objects to restore, 2 error or a copy failed.
 */
public final class RestoreCommand {

    private static final String USAGE = "usage: restore [--prefix P] [--pair NAME] [--dry-run] [--json]";

    private RestoreCommand() {
    }

    public static int run(List<String> args, Map<String, String> properties, PrintStream out, PrintStream err) {
        boolean dryRun = false;
        boolean json = false;
        String prefix = "";
        String pairName = null;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if ((arg.equals("--prefix") || arg.equals("--pair")) && i + 1 >= args.size()) {
                err.println(arg + " needs a value; " + USAGE);
                return AuditCommand.ERROR;
            }
            switch (arg) {
                case "--dry-run" -> dryRun = true;
                case "--json" -> json = true;
                case "--prefix" -> prefix = args.get(++i);
                case "--pair" -> pairName = args.get(++i);
                default -> {
                    err.println("unknown option " + arg + "; " + USAGE);
                    return AuditCommand.ERROR;
                }
            }
        }
        try (CommandRuntime runtime = CommandRuntime.start(properties)) {
            ArrayNode results = new ObjectMapper().createArrayNode();
            long toRestore = 0;
            long failed = 0;
            for (BucketPair pair : runtime.pairs(pairName)) {
                long[] lastShown = {0};
                DriftReport report = runtime.audit().restore(pair, prefix, dryRun, done -> {
                    if (done - lastShown[0] >= 100) {
                        lastShown[0] = done;
                        err.printf("pair %s: restored %d keys so far%n", pair.name(), done);
                    }
                });
                long missing = report.count(Drift.Kind.MISSING);
                long older = report.count(Drift.Kind.CHANGED) - report.kept();
                toRestore += missing + older;
                failed += report.repairFailures();
                results.addObject()
                        .put("pair", pair.name())
                        .put("from", pair.targetBucket())
                        .put("to", pair.sourceBucket())
                        .put("inDr", report.compared())
                        .put("missingInProduction", missing)
                        .put("olderInProduction", older)
                        .put("newerInProductionKept", report.kept())
                        .put("restored", report.repaired())
                        .put("failed", report.repairFailures())
                        .put("dryRun", dryRun);
                if (!json) {
                    out.printf("Restore of %s from %s (pair %s)%s: %d objects in DR%n"
                                    + "  missing in production  %d%n  older in production    %d%n"
                                    + "  newer in production    %d (kept)%n",
                            pair.sourceBucket(), pair.targetBucket(), pair.name(), dryRun ? ", dry run" : "",
                            report.compared(), missing, older, report.kept());
                    if (!dryRun) {
                        out.printf("  restored %d, failed %d%n", report.repaired(), report.repairFailures());
                    }
                }
            }
            if (json) {
                out.println(new ObjectMapper().createObjectNode().set("pairs", results));
            }
            if (failed > 0) {
                return AuditCommand.ERROR;
            }
            return dryRun && toRestore > 0 ? AuditCommand.DRIFT : AuditCommand.IN_SYNC;
        } catch (Exception e) {
            err.println("restore failed: " + e.getMessage());
            return AuditCommand.ERROR;
        }
    }
}
