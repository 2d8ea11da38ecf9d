package io.github.s3drreplicator.event;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A repair an audit sends through the replication queue ({@code audit --repair --via-queue}), so that every replica of
 * the service shares a backfill and applies it the way it applies events: the guard, the bucket pair, the reconciler
 * and its conditions, the delete breaker, outages, retries and the dead-letter queue. It is an S3 event notification
 * record, marked as the audit's by its {@code eventSource} and its event name, naming the pair the audit found the key
 * drifted in:
 *
 * <pre>
 * {"Records":[{"eventVersion":"2.1","eventSource":"s3-dr-replicator:audit","eventTime":"2026-12-07T10:00:00Z",
 *   "eventName":"ObjectCreated:Audit",
 *   "s3":{"bucket":{"name":"prod-bucket"},"object":{"key":"reports/2026+%E2%82%AC.csv","size":4096,"eTag":"..."}},
 *   "replicator":{"pair":"default","drift":"missing"}}]}
 * </pre>
 *
 * Like an event it only names the key: the reconciler looks at both sides as it needs and brings DR to what
 * production holds when the record is applied. The size and ETag (from the audit's listing) come only with a key
 * missing in DR: they let the record take the fast path of a creation, one conditioned CopyObject. The key is
 * form-encoded, as S3 writes keys into notifications.
 */
public final class RepairRecord {

    /** The {@code eventSource} of every repair record; S3's own records say {@code aws:s3}. */
    public static final String EVENT_SOURCE = "s3-dr-replicator:audit";

    private static final ObjectMapper JSON = new ObjectMapper();

    private RepairRecord() {
    }

    /** What the record asks of DR, as the event name says it. */
    public enum Action {
        /** copy the key: missing, changed, or with other metadata in DR */
        COPY("ObjectCreated:Audit"),
        /** remove the key (or keep it marked, as the delete mode says): it is only in DR */
        REMOVE("ObjectRemoved:Audit"),
        /** set DR's tags to production's */
        TAGS("ObjectTagging:Audit");

        private final String eventName;

        Action(String eventName) {
            this.eventName = eventName;
        }

        public String eventName() {
            return eventName;
        }

        /** The action an event name stands for; empty for any other name. */
        public static Optional<Action> of(String eventName) {
            return Arrays.stream(values()).filter(action -> action.eventName.equals(eventName)).findFirst();
        }
    }

    /**
     * The body of one queue message: a notification of one record.
     *
     * @param drift what the audit found (missing, changed, metadata, tags, extra), for whoever reads the record
     * @param size  the source's size, or {@code null}: given with {@code eTag} only for a key missing in DR
     * @param eTag  the source's ETag without quotes, or {@code null}
     */
    public static String message(Action action, String pair, String drift, String bucket, String key, Long size,
                                 String eTag, Instant queued) {
        ObjectNode record = JSON.createObjectNode();
        record.put("eventVersion", "2.1");
        record.put("eventSource", EVENT_SOURCE);
        record.put("eventTime", queued.toString());
        record.put("eventName", action.eventName());
        ObjectNode s3 = record.putObject("s3");
        s3.putObject("bucket").put("name", bucket);
        ObjectNode object = s3.putObject("object").put("key", encodeKey(key));
        if (size != null && eTag != null) {
            object.put("size", size).put("eTag", eTag);
        }
        record.putObject("replicator").put("pair", pair).put("drift", drift);
        ObjectNode message = JSON.createObjectNode();
        message.putArray("Records").add(record);
        return message.toString();
    }

    /** Form encoding of the key's UTF-8 bytes, as S3 writes keys into notifications ({@link S3KeyDecoder}). */
    static String encodeKey(String key) {
        // a slash stays as it is, as S3 leaves it: the key stays readable in a queue's console
        return URLEncoder.encode(key, StandardCharsets.UTF_8).replace("%2F", "/");
    }
}
