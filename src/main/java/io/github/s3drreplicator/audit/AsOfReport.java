package io.github.s3drreplicator.audit;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What a restore to an earlier instant found and did for one pair: each key compared, by what happened to it since
 * the instant (a sample of keys of each kind, in listing order, and when DR first saw such a change), and what the
 * restore then did. Keys may be added from several threads at once.
 */
final class AsOfReport {

    private static final int SAMPLE = 10;

    /** What happened to a key since the instant, as DR's versions and production's objects show it. */
    enum Change {
        /** production holds the bytes DR held at the instant */
        UNCHANGED("unchanged", "unchanged"),
        /** production holds other bytes: restored */
        OVERWRITTEN("overwritten", "overwritten since"),
        /** production lacks a key that existed then: restored */
        DELETED("deleted", "deleted since"),
        /** production holds a key that did not exist then: left alone, or pruned */
        CREATED("createdSince", "created since");

        final String json;
        final String text;

        Change(String json, String text) {
            this.json = json;
            this.text = text;
        }
    }

    /** What the restore's write of one key came to. */
    enum Outcome {
        /** production holds the instant's version again */
        RESTORED,
        /** a key created since the instant was deleted ({@code --prune}) */
        PRUNED,
        /** production changed while the restore ran: the application's, kept */
        KEPT,
        FAILED
    }

    private final Instant instant;
    private final boolean prune;
    private final Map<Change, Long> counts = new EnumMap<>(Change.class);
    private final Map<Change, TreeSet<String>> samples = new EnumMap<>(Change.class);
    private final Map<Change, Instant> firstChanges = new EnumMap<>(Change.class);
    private final Map<Outcome, Long> outcomes = new EnumMap<>(Outcome.class);
    private boolean outsideRecoveryWindow;

    AsOfReport(Instant instant, boolean prune) {
        this.instant = instant;
        this.prune = prune;
        for (Change change : Change.values()) {
            counts.put(change, 0L);
            samples.put(change, new TreeSet<>(DriftFinder::compareKeys));
        }
        for (Outcome outcome : Outcome.values()) {
            outcomes.put(outcome, 0L);
        }
    }

    /** @param changedAt when the change was first seen, or {@code null} where not known (and for unchanged keys) */
    synchronized void add(Change change, String key, Instant changedAt) {
        counts.merge(change, 1L, Long::sum);
        if (change != Change.UNCHANGED) {
            TreeSet<String> sample = samples.get(change);
            sample.add(key);
            if (sample.size() > SAMPLE) {
                sample.pollLast();
            }
        }
        if (changedAt != null && (firstChanges.get(change) == null || changedAt.isBefore(firstChanges.get(change)))) {
            firstChanges.put(change, changedAt);
        }
    }

    synchronized void done(Outcome outcome) {
        outcomes.merge(outcome, 1L, Long::sum);
    }

    /** The instant is older than DR keeps replaced versions: some may have expired. */
    synchronized void outsideRecoveryWindow() {
        outsideRecoveryWindow = true;
    }

    synchronized long count(Change change) {
        return counts.get(change);
    }

    /** Keys the restore brings back: overwritten or deleted since the instant. */
    synchronized long toRestore() {
        return counts.get(Change.OVERWRITTEN) + counts.get(Change.DELETED);
    }

    /** Keys the restore deletes: created since the instant, where it prunes. */
    synchronized long toPrune() {
        return prune ? counts.get(Change.CREATED) : 0;
    }

    synchronized long outcome(Outcome outcome) {
        return outcomes.get(outcome);
    }

    synchronized String text(String pair, String from, String to, boolean dryRun) {
        StringBuilder out = new StringBuilder();
        out.append(String.format("Restore of %s as of %s from the versions of %s (pair %s)%s%n", to, instant, from,
                pair, dryRun ? ", dry run" : ""));
        for (Change change : Change.values()) {
            out.append(String.format("  %-18s %d", change.text, counts.get(change)));
            Instant first = firstChanges.get(change);
            if (first != null) {
                out.append("  (first change ").append(first).append(")");
            }
            if (change == Change.CREATED && counts.get(change) > 0) {
                out.append(prune ? "  pruned: deleted in production" : "  left alone (--prune deletes them)");
            }
            out.append(System.lineSeparator());
            samples.get(change).forEach(key -> out.append("                     ").append(key)
                    .append(System.lineSeparator()));
        }
        out.append(String.format("  to restore %d, to prune %d%n", toRestore(), toPrune()));
        if (!dryRun) {
            out.append(String.format("  restored %d, pruned %d, newer in production %d (kept), failed %d%n",
                    outcomes.get(Outcome.RESTORED), outcomes.get(Outcome.PRUNED), outcomes.get(Outcome.KEPT),
                    outcomes.get(Outcome.FAILED)));
        }
        if (outsideRecoveryWindow) {
            out.append("  the instant is older than DR keeps replaced versions: some may have expired")
                    .append(System.lineSeparator());
        }
        return out.toString();
    }

    synchronized ObjectNode json(String pair, String from, String to, boolean dryRun) {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode()
                .put("pair", pair)
                .put("from", from)
                .put("to", to)
                .put("asOf", instant.toString())
                .put("prune", prune)
                .put("dryRun", dryRun)
                .put("unchanged", counts.get(Change.UNCHANGED))
                .put("toRestore", toRestore())
                .put("toPrune", toPrune());
        ObjectNode changed = root.putObject("changedSince");
        ObjectNode first = root.putObject("firstChange");
        ObjectNode sample = root.putObject("sample");
        for (Change change : Change.values()) {
            if (change == Change.UNCHANGED) {
                continue;
            }
            changed.put(change.json, counts.get(change));
            Instant at = firstChanges.get(change);
            if (at == null) {
                first.putNull(change.json);
            } else {
                first.put(change.json, at.toString());
            }
            samples.get(change).forEach(sample.putArray(change.json)::add);
        }
        root.put("restored", outcomes.get(Outcome.RESTORED))
                .put("pruned", outcomes.get(Outcome.PRUNED))
                .put("newerInProductionKept", outcomes.get(Outcome.KEPT))
                .put("failed", outcomes.get(Outcome.FAILED))
                .put("outsideRecoveryWindow", outsideRecoveryWindow);
        return root;
    }
}
