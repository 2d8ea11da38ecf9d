package io.github.s3drreplicator.audit;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Counts of what an audit found, with a sample of keys of each kind, as text for people and JSON for machines. Drift
 * may be added from several threads at once (the audit looks at keys in parallel); the sample is the first keys of
 * each kind in listing order whatever order they were found in.
 */
public class DriftReport {

    private static final int SAMPLE = 10;

    private final Comparison comparison;
    private final Map<Drift.Kind, Long> counts = new EnumMap<>(Drift.Kind.class);
    /** per kind, sampled keys in listing order, each with the properties that differ (metadata drift) */
    private final Map<Drift.Kind, TreeMap<String, List<String>>> samples = new EnumMap<>(Drift.Kind.class);
    private long compared;
    private long repaired;
    private long repairFailures;
    private long held;
    private long queued;
    private final Map<Drift.Kind, Long> keptByKind = new EnumMap<>(Drift.Kind.class);
    private final Map<Drift.Kind, Long> repairedByKind = new EnumMap<>(Drift.Kind.class);

    /** The report of an audit that compared everything. */
    public DriftReport() {
        this(Comparison.EVERYTHING);
    }

    public DriftReport(Comparison comparison) {
        this.comparison = comparison;
        for (Drift.Kind kind : Drift.Kind.values()) {
            counts.put(kind, 0L);
            samples.put(kind, new TreeMap<>(DriftFinder::compareKeys));
        }
    }

    public synchronized void add(Drift drift) {
        counts.merge(drift.kind(), 1L, Long::sum);
        TreeMap<String, List<String>> sample = samples.get(drift.kind());
        sample.put(drift.key(), drift.properties());
        if (sample.size() > SAMPLE) {
            sample.pollLastEntry();
        }
    }

    /** What the audit compared of keys both buckets hold. */
    public Comparison comparison() {
        return comparison;
    }

    public synchronized void compared(long objects) {
        compared = objects;
    }

    /** What a repair of one drifted key came to. */
    public enum Repair {
        REPAIRED, HELD, FAILED,
        /** sent to the replication queue as a repair record ({@code --via-queue}): the service applies it */
        QUEUED,
        /** a restore found production newer once it looked (written or deleted there meanwhile): left as it is */
        KEPT
    }

    public synchronized void repaired(Drift.Kind kind, Repair outcome) {
        switch (outcome) {
            case REPAIRED -> {
                repaired++;
                repairedByKind.merge(kind, 1L, Long::sum);
            }
            case HELD -> held++;
            case FAILED -> repairFailures++;
            case QUEUED -> queued++;
            case KEPT -> keptByKind.merge(kind, 1L, Long::sum);
        }
    }

    /** Deletes the repair left to the delete breaker, which is open: still extra in DR. */
    public synchronized long held() {
        return held;
    }

    /** How many of this kind are still drift after the repair. */
    public synchronized long remaining(Drift.Kind kind) {
        return counts.get(kind) - repairedByKind.getOrDefault(kind, 0L);
    }

    /** A key that differs and is left as it is on purpose (a restore keeps what is newer in production). */
    public synchronized void keep() {
        keptByKind.merge(Drift.Kind.CHANGED, 1L, Long::sum);
    }

    public synchronized long kept() {
        return keptByKind.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Keys of this kind left as they are on purpose. */
    public synchronized long kept(Drift.Kind kind) {
        return keptByKind.getOrDefault(kind, 0L);
    }

    public synchronized long count(Drift.Kind kind) {
        return counts.get(kind);
    }

    /** How many keys drifted (copies kept by the delete mode are no drift). */
    public synchronized long total() {
        return counts.entrySet().stream().filter(e -> e.getKey().isDrift()).mapToLong(Map.Entry::getValue).sum();
    }

    /** How many source objects were compared. */
    public synchronized long compared() {
        return compared;
    }

    /** How many objects DR held when listed: those matching a source object, and those only in DR. */
    public synchronized long targetObjects() {
        return compared - counts.get(Drift.Kind.MISSING) + counts.get(Drift.Kind.EXTRA)
                + counts.get(Drift.Kind.RETAINED);
    }

    public synchronized long repaired() {
        return repaired;
    }

    public synchronized long repairFailures() {
        return repairFailures;
    }

    /** Repairs sent to the replication queue ({@code --via-queue}). */
    public synchronized long queued() {
        return queued;
    }

    public synchronized String text(String pair, String sourceBucket, String targetBucket) {
        StringBuilder out = new StringBuilder();
        out.append(String.format("Audit of %s against %s (pair %s): %d objects compared%n", targetBucket, sourceBucket,
                pair, compared));
        for (Drift.Kind kind : Drift.Kind.values()) {
            if (kind.isProperties() && !comparison.properties()) {
                continue;
            }
            out.append(String.format("  %-8s %d%n", kind.name().toLowerCase(), counts.get(kind)));
            samples.get(kind).forEach((key, properties) -> out.append("           ").append(key)
                    .append(properties.isEmpty() ? "" : " (" + String.join(", ", properties) + ")")
                    .append(System.lineSeparator()));
        }
        if (!comparison.properties()) {
            out.append("  metadata and tags not compared (--content-only)").append(System.lineSeparator());
        }
        if (queued > 0) {
            out.append(String.format("  queued %d, failed %d (repairs sent to the replication queue: the service"
                    + " applies them)%n", queued, repairFailures));
        } else if (repaired > 0 || repairFailures > 0 || held > 0) {
            out.append(String.format("  repaired %d, failed %d%s%n", repaired, repairFailures, held == 0 ? ""
                    : ", held " + held + " (the delete breaker is open: the deletes wait for an operator)"));
        }
        out.append(total() == 0 ? "In sync." : total() + " drifted.").append(System.lineSeparator());
        return out.toString();
    }

    public synchronized ObjectNode json(String pair, String sourceBucket, String targetBucket) {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode()
                .put("pair", pair)
                .put("source", sourceBucket)
                .put("target", targetBucket)
                .put("compared", compared)
                .put("inSync", total() == 0);
        root.set("checked", checked(comparison));
        ObjectNode drift = root.putObject("drift");
        for (Drift.Kind kind : Drift.Kind.values()) {
            if (kind.isDrift() && kind.isProperties() && !comparison.properties()) {
                drift.putNull(kind.name().toLowerCase());
            } else if (kind.isDrift()) {
                drift.put(kind.name().toLowerCase(), counts.get(kind));
            }
        }
        root.put("retained", counts.get(Drift.Kind.RETAINED));
        ObjectNode sample = root.putObject("sample");
        for (Drift.Kind kind : Drift.Kind.values()) {
            ArrayNode keys = sample.putArray(kind.name().toLowerCase());
            samples.get(kind).forEach((key, properties) -> {
                if (kind == Drift.Kind.METADATA) {
                    properties.forEach(keys.addObject().put("key", key).putArray("properties")::add);
                } else {
                    keys.add(key);
                }
            });
        }
        root.putObject("repair").put("repaired", repaired).put("failed", repairFailures).put("held", held)
                .put("queued", queued);
        return root;
    }

    /** What was compared of keys both buckets hold: {@code {"content": true, "metadata": ..., "tags": ...}}. */
    static ObjectNode checked(Comparison comparison) {
        return new ObjectMapper().createObjectNode().put("content", true)
                .put("metadata", comparison.properties()).put("tags", comparison.properties());
    }
}
