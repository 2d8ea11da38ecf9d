package io.github.s3drreplicator.audit;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The scheduled audit's lease, as the state bucket keeps it ({@link AuditLeaseStore}): which replica holds it and until
 * when, and what the last run found, so that every replica knows when the cluster last audited and exports the same
 * drift.
 *
 * @param holder    the replica that holds (or last held) it
 * @param takenAt   when it took it
 * @param expiresAt when it lapses unless renewed
 * @param released  whether its holder gave it back (its audit ended)
 * @param lastRun   the last audit that ended, by whichever replica; {@code null} before the first
 */
public record AuditLease(String holder, Instant takenAt, Instant expiresAt, boolean released, LastRun lastRun) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * An audit that ended.
     *
     * @param completed whether it compared every pair; a failed one found nothing to share
     * @param drift     per pair, what the {@code replicator_drift_objects} gauges show: kind ({@code missing}, ...)
     *                  to count
     */
    public record LastRun(String holder, Instant startedAt, Instant finishedAt, boolean completed,
                          Map<String, Map<String, Long>> drift) {

        public LastRun {
            drift = drift == null ? Map.of() : Map.copyOf(drift);
        }
    }

    /** Whether someone holds it at {@code now}: taken, not given back, not lapsed. */
    public boolean live(Instant now) {
        return !released && now.isBefore(expiresAt);
    }

    /** The JSON the state bucket holds. */
    public String json() {
        ObjectNode root = JSON.createObjectNode()
                .put("holder", holder)
                .put("takenAt", takenAt.toString())
                .put("expiresAt", expiresAt.toString())
                .put("released", released);
        if (lastRun != null) {
            ObjectNode run = root.putObject("lastRun")
                    .put("holder", lastRun.holder())
                    .put("startedAt", lastRun.startedAt().toString())
                    .put("finishedAt", lastRun.finishedAt().toString())
                    .put("completed", lastRun.completed());
            ObjectNode drift = run.putObject("drift");
            lastRun.drift().forEach((pair, kinds) -> {
                ObjectNode counts = drift.putObject(pair);
                kinds.forEach(counts::put);
            });
        }
        return root.toString();
    }

    /**
     * The lease from the JSON the replicator writes; anything else is unreadable, never taken for a free lease.
     *
     * @throws IllegalStateException naming {@code where}, for a body of any other shape
     */
    public static AuditLease parse(String body, String where) {
        try {
            JsonNode root = JSON.readTree(body);
            if (root != null && root.isObject() && root.path("holder").isTextual()
                    && root.path("released").isBoolean()) {
                JsonNode run = root.path("lastRun");
                LastRun lastRun = run.isObject() ? new LastRun(run.path("holder").asText(),
                        instant(run, "startedAt"), instant(run, "finishedAt"), run.path("completed").asBoolean(),
                        drift(run.path("drift"))) : null;
                return new AuditLease(root.path("holder").asText(), instant(root, "takenAt"),
                        instant(root, "expiresAt"), root.path("released").asBoolean(), lastRun);
            }
        } catch (IOException | DateTimeParseException | IllegalArgumentException e) {
            // the same answer as for JSON of another shape
        }
        throw new IllegalStateException("the audit lease " + where + " is not the JSON the replicator writes: "
                + (body.length() > 80 ? body.substring(0, 80) + "..." : body));
    }

    private static Instant instant(JsonNode node, String field) {
        if (!node.path(field).isTextual()) {
            throw new IllegalArgumentException(field);
        }
        return Instant.parse(node.path(field).asText());
    }

    private static Map<String, Map<String, Long>> drift(JsonNode drift) {
        Map<String, Map<String, Long>> pairs = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = drift.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> pair = it.next();
            Map<String, Long> kinds = new LinkedHashMap<>();
            pair.getValue().fields().forEachRemaining(kind -> kinds.put(kind.getKey(), kind.getValue().asLong()));
            pairs.put(pair.getKey(), kinds);
        }
        return pairs;
    }
}
