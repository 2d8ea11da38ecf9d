package io.github.s3drreplicator.audit;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.github.s3drreplicator.cli.Cli;
import io.github.s3drreplicator.cli.ReplicatorCommand;
import io.github.s3drreplicator.cli.VerboseOption;
import io.github.s3drreplicator.pair.BucketPair;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code java -jar s3-dr-replicator.jar restore [--as-of INSTANT [--prune]] [--prefix P] [--pair NAME] [--dry-run]
 * [--json]}: failback. Copies DR back into production, pair by pair, where production lacks a key or holds an older
 * version of it, through the same copy code as replication (multipart, metadata, tags). Newer objects in production
 * are kept and nothing there is deleted; copies DR kept after a deletion (delete modes retain and delayed) come back
 * too. With {@code --as-of}, production is brought back to what DR held at that instant instead, from DR's versions
 * ({@link RestoreAsOf}): what was overwritten or deleted since comes back, and what was created since is left alone,
 * or deleted with {@code --prune}. Exit status: 0 done (or, with {@code --dry-run}, nothing to change), 1 a dry run
 * found something to change, 2 error or a write failed. It talks to S3 only.
 */
@Command(name = "restore", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Failback: copy DR back into production where production lacks a key or holds an older"
                + " version of it. Newer objects in production are kept; nothing there is deleted. Talks to S3 only.",
                "With --as-of: bring production back to what DR held at an instant, from DR's versions (ransomware"
                        + " day, docs/operations.md)."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:restored (a dry run: nothing to change)", "1:a dry run found something to change",
                "2:error, or a write failed"})
public final class RestoreCommand implements Callable<Integer> {

    @ParentCommand
    private ReplicatorCommand parent;

    @Spec
    private CommandSpec spec;

    @Option(names = "--prefix", paramLabel = "P", description = "Only keys with this prefix.")
    private String prefix = "";

    @Option(names = "--pair", paramLabel = "NAME", description = "Only this bucket pair (replicator.pairs).")
    private String pairName;

    @Option(names = "--dry-run", description = "Only report what would be copied.")
    private boolean dryRun;

    @Option(names = "--json", description = "Print the report as JSON.")
    private boolean json;

    @Option(names = "--as-of", paramLabel = "INSTANT", converter = InstantConverter.class,
            description = "Bring production back to what DR held at this instant (ISO-8601: 2026-12-06T10:00:00Z,"
                    + " or with an offset), from DR's versions: keys overwritten or deleted since are restored, keys"
                    + " created since are listed and left alone. Needs a versioned DR bucket.")
    private Instant asOf;

    @Option(names = "--prune", description = "With --as-of: also delete in production the keys created since the"
            + " instant.")
    private boolean prune;

    @Mixin
    private VerboseOption verbose;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (prune && asOf == null) {
            throw new ParameterException(spec.commandLine(), "--prune deletes what was created since an instant:"
                    + " it needs --as-of");
        }
        if (asOf != null && asOf.isAfter(Instant.now())) {
            throw new ParameterException(spec.commandLine(), "--as-of " + asOf + " is in the future");
        }
        if (asOf != null) {
            return restoreAsOf(out, err);
        }
        try (CommandRuntime runtime = CommandRuntime.start(parent.overrides(), CommandRuntime.Use.REPAIR,
                verbose.on())) {
            ArrayNode results = new ObjectMapper().createArrayNode();
            long toRestore = 0;
            long failed = 0;
            for (BucketPair pair : runtime.pairs(pairName)) {
                DriftReport report = restore(runtime, pair, err);
                long missing = report.count(Drift.Kind.MISSING) - report.kept(Drift.Kind.MISSING);
                long older = report.count(Drift.Kind.CHANGED) - report.kept(Drift.Kind.CHANGED);
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
            out.flush();
            if (failed > 0) {
                return AuditCommand.ERROR;
            }
            return dryRun && toRestore > 0 ? AuditCommand.DRIFT : AuditCommand.IN_SYNC;
        } catch (Exception e) {
            return Cli.failed(spec, e, AuditCommand.ERROR);
        }
    }

    /** {@code --as-of}: each pair brought back to the instant, or, dry, told what that would change. */
    private int restoreAsOf(PrintWriter out, PrintWriter err) {
        try (CommandRuntime runtime = CommandRuntime.start(parent.overrides(), CommandRuntime.Use.REPAIR,
                verbose.on())) {
            ArrayNode results = new ObjectMapper().createArrayNode();
            long toChange = 0;
            long failed = 0;
            for (BucketPair pair : runtime.pairs(pairName)) {
                AuditProgress progress = new AuditProgress();
                AsOfReport report;
                try (ProgressDisplay shown = ProgressDisplay.start(err, "pair " + pair.name(),
                        ProgressDisplay.Words.RESTORE, !dryRun, progress)) {
                    report = runtime.restoreAsOf().run(pair, prefix, asOf, prune, dryRun, progress);
                }
                toChange += report.toRestore() + report.toPrune();
                failed += report.outcome(AsOfReport.Outcome.FAILED);
                if (json) {
                    results.add(report.json(pair.name(), pair.targetBucket(), pair.sourceBucket(), dryRun));
                } else {
                    out.print(report.text(pair.name(), pair.targetBucket(), pair.sourceBucket(), dryRun));
                }
            }
            if (json) {
                out.println(new ObjectMapper().createObjectNode().set("pairs", results));
            }
            out.flush();
            if (failed > 0) {
                return AuditCommand.ERROR;
            }
            return dryRun && toChange > 0 ? AuditCommand.DRIFT : AuditCommand.IN_SYNC;
        } catch (Exception e) {
            return Cli.failed(spec, e, AuditCommand.ERROR);
        }
    }

    /** An instant as ISO-8601 with a zone: {@code 2026-12-06T10:00:00Z} or {@code 2026-12-06T11:00:00+01:00}. */
    static final class InstantConverter implements ITypeConverter<Instant> {
        @Override
        public Instant convert(String value) {
            try {
                return OffsetDateTime.parse(value).toInstant();
            } catch (DateTimeParseException e) {
                throw new TypeConversionException("'" + value + "' is no instant: write it as ISO-8601 with a zone,"
                        + " 2026-12-06T10:00:00Z or 2026-12-06T11:00:00+01:00");
            }
        }
    }

    /** One pair's restore, with its progress on standard error while it runs. */
    private DriftReport restore(CommandRuntime runtime, BucketPair pair, PrintWriter err) {
        AuditProgress progress = new AuditProgress();
        try (ProgressDisplay shown = ProgressDisplay.start(err, "pair " + pair.name(), ProgressDisplay.Words.RESTORE,
                !dryRun, progress)) {
            return runtime.audit().restore(pair, prefix, dryRun, progress);
        }
    }
}
