package io.github.s3drreplicator.audit;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.s3drreplicator.cli.Cli;
import io.github.s3drreplicator.cli.ReplicatorCommand;
import io.github.s3drreplicator.cli.VerboseOption;
import io.github.s3drreplicator.config.Settings;
import io.github.s3drreplicator.pair.BucketPair;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code java -jar s3-dr-replicator.jar audit [--repair] [--no-delete] [--prefix P] [--pair NAME] [--inventory URI]
 * [--keys-out FILE] [--content-only] [--json] [--via-queue]}: compares DR with production, pair by pair, with the
 * service's own configuration: content, metadata and tags (content only with {@code --content-only}); and repairs DR
 * when asked, here or, with {@code --via-queue}, by sending every drifted key to the replication queue for the
 * service's replicas to repair.
 * With {@code --inventory} the source side is read from an S3 Inventory report instead of a listing, for the pairs
 * whose source bucket the report lists. With {@code --keys-out} every key to copy (missing or changed in DR, or with
 * other metadata) is written to a file, as the CSV manifest S3 Batch Operations reads ({@code bucket,key}, the key
 * URL-encoded). Exit status as {@code rclone check}: 0 in sync (or fully repaired), 1 drift found and not repaired,
 * 2 error. It talks to S3 only, and with {@code --via-queue} to the replication queue (SendMessageBatch).
 */
@Command(name = "audit", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Compare DR with production, pair by pair, and repair DR when asked. Talks to S3 only, and with --via-queue to the replication queue.",
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:in sync, fully repaired, or every repair queued (--via-queue)",
                "1:drift found and not repaired", "2:error"})
public final class AuditCommand implements Callable<Integer> {

    public static final int IN_SYNC = 0;
    public static final int DRIFT = 1;
    public static final int ERROR = 2;
    /** Batches of repair records sent to the queue at once ({@code --via-queue}). */
    private static final int SENDERS = 4;

    @ParentCommand
    private ReplicatorCommand parent;

    @Spec
    private CommandSpec spec;

    @Option(names = "--repair", description = "Bring DR to production's state for every drifted key.")
    private boolean repair;

    @Option(names = "--via-queue", description = "With --repair: send each drifted key to the replication queue"
            + " (replicator.queue) as a repair record, for the service's replicas to repair, instead of repairing"
            + " here; returns once all are sent.")
    private boolean viaQueue;

    @Option(names = "--no-delete", description = "When repairing, leave keys that are only in DR alone.")
    private boolean noDelete;

    @Option(names = "--prefix", paramLabel = "P", description = "Only keys with this prefix.")
    private String prefix = "";

    @Option(names = "--pair", paramLabel = "NAME", description = "Only this bucket pair (replicator.pairs).")
    private String pairName;

    @Option(names = "--inventory", paramLabel = "s3://bucket/path/manifest.json",
            description = "Read the source side from this S3 Inventory report (CSV) instead of listing it.")
    private String inventory;

    @Option(names = "--keys-out", paramLabel = "FILE",
            description = "Write the keys to copy (missing, changed, other metadata; not keys whose tags alone"
                    + " differ) as an S3 Batch Operations manifest (bucket,key).")
    private Path keysOut;

    @Option(names = "--content-only", description = "Compare size and content only, as rclone check does: no look"
            + " at each key, metadata and tags not compared.")
    private boolean contentOnly;

    @Option(names = "--json", description = "Print the report as JSON.")
    private boolean json;

    @Mixin
    private VerboseOption verbose;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (viaQueue && !repair) {
            err.println("--via-queue sends repairs: it goes with --repair");
            return ERROR;
        }
        try (CommandRuntime runtime = CommandRuntime.start(parent.overrides(),
                repair && !viaQueue ? CommandRuntime.Use.REPAIR : CommandRuntime.Use.REPORT, verbose.on());
             BatchManifest keys = keysOut == null ? null : new BatchManifest(keysOut);
             QueuedRepairs queue = viaQueue ? QueuedRepairs.to(runtime.sqsClient(),
                     runtime.settings().get(Settings.QUEUE), runtime.settings().find(Settings.ACCOUNT_ID)
                             .orElse(null), SENDERS) : null) {
            List<BucketPair> pairs = new ArrayList<>(runtime.pairs(pairName));
            if (inventory != null) {
                // only the pairs of the bucket the report lists, known from its manifest before anything is sorted
                // the report's bucket may be in any region: the client follows S3's answer naming it
                String listed = InventoryListing.sourceBucketOf(runtime.clients().forAnyRegion(), inventory);
                pairs.removeIf(pair -> !pair.sourceBucket().equals(listed));
                if (pairs.isEmpty()) {
                    err.println("no bucket pair has the source bucket the inventory report lists (" + listed + ")");
                    return ERROR;
                }
            }
            Comparison comparison = contentOnly ? Comparison.CONTENT : Comparison.EVERYTHING;
            List<DriftReport> reports = new ArrayList<>();
            for (BucketPair pair : pairs) {
                Consumer<Drift> found = keys == null ? drift -> { } : drift -> keys.add(pair.sourceBucket(), drift);
                if (inventory == null) {
                    reports.add(audit(runtime, pair, null, comparison, found, queue, err));
                    continue;
                }
                try (InventoryListing listing = InventoryListing.open(runtime.clients().forAnyRegion(),
                        inventory, Objects.requireNonNullElse(DriftFinder.narrower(pair.prefix(), prefix), prefix))) {
                    if (!listing.hasSizeAndETag()) {
                        err.println("the inventory report lacks the Size or ETag field: every object would compare"
                                + " as changed; add both to the inventory configuration");
                        return ERROR;
                    }
                    if (listing.creationTimestamp() != null) {
                        err.printf("pair %s: source side from the inventory report of %s%n", pair.name(),
                                listing.creationTimestamp());
                    }
                    reports.add(audit(runtime, pair, listing, comparison, found, queue, err));
                }
            }
            out.print(json ? json(pairs, reports, comparison, queue) + System.lineSeparator()
                    : text(pairs, reports, queue));
            out.flush();
            if (reports.stream().anyMatch(report -> report.repairFailures() > 0)) {
                return ERROR;
            }
            boolean held = reports.stream().anyMatch(report -> report.held() > 0);
            return reports.stream().allMatch(report -> report.total() == 0) || (repair && !held) ? IN_SYNC : DRIFT;
        } catch (Exception e) {
            return Cli.failed(spec, e, ERROR);
        }
    }

    /** One pair's audit, with its progress on standard error while it runs; repairs sent to {@code queue} if any. */
    private DriftReport audit(CommandRuntime runtime, BucketPair pair, Iterator<ListedObject> sourceListing,
                              Comparison comparison, Consumer<Drift> found, QueuedRepairs queue, PrintWriter err) {
        AuditProgress progress = new AuditProgress();
        try (ProgressDisplay shown = ProgressDisplay.start(err, "pair " + pair.name(), queue == null
                ? ProgressDisplay.Words.AUDIT : ProgressDisplay.Words.QUEUE, repair, progress)) {
            return queue == null
                    ? runtime.audit().run(pair, prefix, sourceListing, comparison, repair, !noDelete, progress, found)
                    : runtime.audit().queue(pair, prefix, sourceListing, comparison, !noDelete, progress, found,
                    queue);
        }
    }

    private static String text(List<BucketPair> pairs, List<DriftReport> reports, QueuedRepairs queue) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < pairs.size(); i++) {
            text.append(reports.get(i).text(pairs.get(i).name(), pairs.get(i).sourceBucket(),
                    pairs.get(i).targetBucket()));
        }
        if (queue != null) {
            text.append(String.format("%d repairs queued on %s.%n", reports.stream().mapToLong(DriftReport::queued)
                    .sum(), queue.queue()));
        }
        return text.toString();
    }

    /** The totals of all pairs at the top, each pair's own report under {@code pairs}. */
    private static String json(List<BucketPair> pairs, List<DriftReport> reports, Comparison comparison,
                               QueuedRepairs queue) {
        ObjectNode root = new ObjectMapper().createObjectNode();
        ArrayNode perPair = new ObjectMapper().createArrayNode();
        long compared = 0;
        long repaired = 0;
        long failed = 0;
        long queued = 0;
        long retained = 0;
        root.set("checked", DriftReport.checked(comparison));
        ObjectNode drift = root.putObject("drift");
        for (Drift.Kind kind : Drift.Kind.values()) {
            if (kind.isDrift() && kind.isProperties() && !comparison.properties()) {
                drift.putNull(kind.name().toLowerCase());
            } else if (kind.isDrift()) {
                drift.put(kind.name().toLowerCase(), reports.stream().mapToLong(r -> r.count(kind)).sum());
            }
        }
        for (int i = 0; i < pairs.size(); i++) {
            BucketPair pair = pairs.get(i);
            ObjectNode report = reports.get(i).json(pair.name(), pair.sourceBucket(), pair.targetBucket());
            perPair.add(report);
            compared += report.get("compared").asLong();
            repaired += report.at("/repair/repaired").asLong();
            failed += report.at("/repair/failed").asLong();
            queued += report.at("/repair/queued").asLong();
            retained += report.get("retained").asLong();
        }
        root.put("compared", compared);
        root.put("inSync", reports.stream().allMatch(report -> report.total() == 0));
        root.put("retained", retained);
        ObjectNode repairs = root.putObject("repair").put("repaired", repaired).put("failed", failed)
                .put("queued", queued);
        if (queue != null) {
            repairs.put("queue", queue.queue());
        }
        root.set("pairs", perPair);
        return root.toString();
    }
}
