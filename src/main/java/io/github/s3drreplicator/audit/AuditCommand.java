package io.github.s3drreplicator.audit;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.s3drreplicator.pair.BucketPair;

/**
 * {@code java -jar s3-dr-replicator.jar audit [--repair] [--no-delete] [--prefix P] [--pair NAME] [--inventory URI]
 * [--json]}: compares DR with production, pair by pair, with the service's own configuration, and repairs DR when
 * asked. With {@code --inventory} the source side is read from an S3 Inventory report instead of a listing, for
 * the pairs whose source bucket the report lists. With {@code --keys-out} every key to copy (missing or changed in
 * DR) is written to a file, as the CSV manifest S3 Batch Operations reads ({@code bucket,key}, the key URL-encoded).
 * Exit status as {@code rclone check}: 0 in sync (or fully repaired), 1 drift found and not repaired, 2 error.
 */
public final class AuditCommand {

    public static final int IN_SYNC = 0;
    public static final int DRIFT = 1;
    public static final int ERROR = 2;

    private static final String USAGE = "usage: audit [--repair] [--no-delete] [--prefix P] [--pair NAME]"
            + " [--inventory s3://bucket/path/manifest.json] [--keys-out FILE] [--json]";

    private AuditCommand() {
    }

    public static int run(List<String> args, Map<String, String> properties, PrintStream out, PrintStream err) {
        boolean repair = false;
        boolean delete = true;
        boolean json = false;
        String prefix = "";
        String pairName = null;
        String inventory = null;
        Path keysOut = null;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if ((arg.equals("--prefix") || arg.equals("--pair") || arg.equals("--inventory")
                    || arg.equals("--keys-out")) && i + 1 >= args.size()) {
                err.println(arg + " needs a value; " + USAGE);
                return ERROR;
            }
            switch (arg) {
                case "--repair" -> repair = true;
                case "--no-delete" -> delete = false;
                case "--json" -> json = true;
                case "--prefix" -> prefix = args.get(++i);
                case "--pair" -> pairName = args.get(++i);
                case "--inventory" -> inventory = args.get(++i);
                case "--keys-out" -> keysOut = Path.of(args.get(++i));
                default -> {
                    err.println("unknown option " + arg + "; " + USAGE);
                    return ERROR;
                }
            }
        }
        try (CommandRuntime runtime = CommandRuntime.start(properties);
             BatchManifest keys = keysOut == null ? null : new BatchManifest(keysOut)) {
            List<BucketPair> pairs = new ArrayList<>(runtime.pairs(pairName));
            if (inventory != null) {
                // only the pairs of the bucket the report lists, known from its manifest before anything is sorted
                String listed = InventoryListing.sourceBucketOf(
                        runtime.clients().forRegion(pairs.get(0).sourceRegion()), inventory);
                pairs.removeIf(pair -> !pair.sourceBucket().equals(listed));
                if (pairs.isEmpty()) {
                    err.println("no bucket pair has the source bucket the inventory report lists (" + listed + ")");
                    return ERROR;
                }
            }
            List<DriftReport> reports = new ArrayList<>();
            for (BucketPair pair : pairs) {
                Consumer<Drift> found = keys == null ? drift -> { } : drift -> keys.add(pair.sourceBucket(), drift);
                long[] lastShown = {0};
                LongConsumer progress = done -> {
                    if (done - lastShown[0] >= 100) {
                        lastShown[0] = done;
                        err.printf("pair %s: repaired %d keys so far%n", pair.name(), done);
                    }
                };
                if (inventory == null) {
                    reports.add(runtime.audit().run(pair, prefix, null, repair, delete, progress, found));
                    continue;
                }
                try (InventoryListing listing = InventoryListing.open(runtime.clients().forRegion(pair.sourceRegion()),
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
                    reports.add(runtime.audit().run(pair, prefix, listing, repair, delete, progress, found));
                }
            }
            out.print(json ? json(pairs, reports) + System.lineSeparator() : text(pairs, reports));
            if (reports.stream().anyMatch(report -> report.repairFailures() > 0)) {
                return ERROR;
            }
            return reports.stream().allMatch(report -> report.total() == 0) || repair ? IN_SYNC : DRIFT;
        } catch (Exception e) {
            err.println("audit failed: " + e.getMessage());
            return ERROR;
        }
    }

    private static String text(List<BucketPair> pairs, List<DriftReport> reports) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < pairs.size(); i++) {
            text.append(reports.get(i).text(pairs.get(i).name(), pairs.get(i).sourceBucket(),
                    pairs.get(i).targetBucket()));
        }
        return text.toString();
    }

    /** The totals of all pairs at the top, each pair's own report under {@code pairs}. */
    private static String json(List<BucketPair> pairs, List<DriftReport> reports) {
        ObjectNode root = new ObjectMapper().createObjectNode();
        ArrayNode perPair = new ObjectMapper().createArrayNode();
        long compared = 0;
        long repaired = 0;
        long failed = 0;
        long retained = 0;
        ObjectNode drift = root.putObject("drift");
        for (Drift.Kind kind : Drift.Kind.values()) {
            if (kind.isDrift()) {
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
            retained += report.get("retained").asLong();
        }
        root.put("compared", compared);
        root.put("inSync", reports.stream().allMatch(report -> report.total() == 0));
        root.put("retained", retained);
        root.putObject("repair").put("repaired", repaired).put("failed", failed);
        root.set("pairs", perPair);
        return root.toString();
    }
}
