package io.github.s3drreplicator.event;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads S3 events, already unmarshalled by Jackson into a tree, in every shape they reach the queue in: S3 event
 * notifications (eventVersion 2.x, several records a message), the same wrapped in an SNS envelope (raw message
 * delivery off; with it on they arrive as they are), and EventBridge events sent on by a rule. Records stay JSON
 * trees until {@link #toObjectEvent}, so that a record that fails can be dead-lettered exactly as it arrived.
 */
public class S3EventParser {

    private static final Logger LOG = LoggerFactory.getLogger(S3EventParser.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final boolean eventBridgeKeysUrlEncoded;

    /**
     * @param eventBridgeKeysUrlEncoded whether EventBridge events carry keys URL-encoded like notifications do.
     *                                  AWS documents the encoding for notifications only; EventBridge events are
     *                                  observed to carry the key as it is (see docs/convergence.md)
     */
    public S3EventParser(boolean eventBridgeKeysUrlEncoded) {
        this.eventBridgeKeysUrlEncoded = eventBridgeKeysUrlEncoded;
    }

    public S3EventParser() {
        this(false);
    }

    /**
     * @return the records of the notification; none for {@code s3:TestEvent}, which S3 sends once when
     *         notifications are configured
     * @throws InvalidEventException when the message is not an S3 event notification
     */
    public List<JsonNode> records(JsonNode message) {
        if (message == null || !message.isObject()) {
            throw new InvalidEventException("the message is not a JSON object");
        }
        if ("Notification".equals(message.path("Type").asText(null)) && message.path("Message").isTextual()) {
            return records(unwrapSns(message));
        }
        if (message.has("detail-type")) {
            if (!"aws.s3".equals(message.path("source").asText(null))) {
                throw new InvalidEventException("the EventBridge event comes from '"
                        + message.path("source").asText(null) + "', not from aws.s3");
            }
            return List.of(message);
        }
        if ("s3:TestEvent".equals(message.path("Event").asText(null))) {
            LOG.info("Ignored s3:TestEvent for bucket {}", message.path("Bucket").asText("?"));
            return List.of();
        }
        JsonNode records = message.get("Records");
        if (records == null || !records.isArray()) {
            throw new InvalidEventException("the message is not an S3 event notification (no Records array)");
        }
        if (records.isEmpty()) {
            throw new InvalidEventException("the S3 event notification has no records");
        }
        List<JsonNode> answer = new ArrayList<>(records.size());
        records.forEach(answer::add);
        return answer;
    }

    private static JsonNode unwrapSns(JsonNode envelope) {
        try {
            JsonNode inner = JSON.readTree(envelope.path("Message").asText());
            if (inner != null && inner.path("Type").asText("").equals("Notification")) {
                throw new InvalidEventException("an SNS envelope inside an SNS envelope");
            }
            return inner;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new InvalidEventException("the SNS message does not hold JSON: " + e.getOriginalMessage());
        }
    }

    /**
     * @throws InvalidEventException when the record lacks what every S3 record has
     */
    public ObjectEvent toObjectEvent(JsonNode record) {
        if (record == null || !record.isObject()) {
            throw new InvalidEventException("the record is not a JSON object");
        }
        if (record.has("detail-type")) {
            return fromEventBridge(record);
        }
        String eventVersion = text(record, "eventVersion");
        if (eventVersion == null || !eventVersion.startsWith("2.")) {
            throw new InvalidEventException("unsupported eventVersion " + eventVersion + " (2.x expected)");
        }
        String eventName = text(record, "eventName");
        if (eventName == null) {
            throw new InvalidEventException("the record has no eventName");
        }
        JsonNode s3 = record.path("s3");
        String bucket = text(s3.path("bucket"), "name");
        if (bucket == null) {
            throw new InvalidEventException("the record has no bucket name");
        }
        JsonNode object = s3.path("object");
        String key = S3KeyDecoder.decode(text(object, "key"));
        Long size = object.path("size").isNumber() ? object.path("size").asLong() : null;
        return new ObjectEvent(eventName, bucket, key, size, text(object, "eTag"), text(object, "versionId"),
                text(object, "sequencer"), text(record, "eventTime"), repairOf(record, eventName));
    }

    /**
     * For a repair record an audit queued ({@link RepairRecord}), the pair it names; {@code null} for S3's records.
     *
     * @throws InvalidEventException for a record marked as a repair that does not say which one
     */
    private static String repairOf(JsonNode record, String eventName) {
        if (!RepairRecord.EVENT_SOURCE.equals(text(record, "eventSource"))) {
            return null;
        }
        if (RepairRecord.Action.of(eventName).isEmpty()) {
            throw new InvalidEventException("the repair record's eventName is " + eventName + ", not one of "
                    + java.util.Arrays.stream(RepairRecord.Action.values()).map(RepairRecord.Action::eventName)
                    .toList());
        }
        String pair = text(record.path("replicator"), "pair");
        if (pair == null || pair.isBlank()) {
            throw new InvalidEventException("the repair record names no bucket pair (replicator.pair)");
        }
        return pair;
    }

    /** EventBridge's detail types, named as the notification event names the rest of the replicator knows. */
    private ObjectEvent fromEventBridge(JsonNode event) {
        JsonNode detail = event.path("detail");
        String bucket = text(detail.path("bucket"), "name");
        String rawKey = text(detail.path("object"), "key");
        if (bucket == null || rawKey == null || rawKey.isEmpty()) {
            throw new InvalidEventException("the EventBridge event has no bucket name or object key");
        }
        String detailType = text(event, "detail-type");
        String eventName = switch (detailType) {
            case "Object Created" -> "ObjectCreated:" + createdBy(text(detail, "reason"));
            // a lifecycle rule's expiration is an "Object Deleted" whose reason says so
            case "Object Deleted" -> ("Lifecycle Expiration".equals(text(detail, "reason")) ? "LifecycleExpiration:"
                    : "ObjectRemoved:") + ("Delete Marker Created".equals(text(detail, "deletion-type"))
                    ? "DeleteMarkerCreated" : "Delete");
            case "Object Tags Added" -> "ObjectTagging:Put";
            case "Object Tags Deleted" -> "ObjectTagging:Delete";
            default -> "EventBridge:" + detailType;
        };
        JsonNode object = detail.path("object");
        String key = eventBridgeKeysUrlEncoded ? S3KeyDecoder.decode(rawKey) : rawKey;
        Long size = object.path("size").isNumber() ? object.path("size").asLong() : null;
        return new ObjectEvent(eventName, bucket, key, size, text(object, "etag"), text(object, "version-id"),
                text(object, "sequencer"), text(event, "time"));
    }

    private static String createdBy(String reason) {
        if (reason == null) {
            return "Put";
        }
        return switch (reason) {
            case "PutObject" -> "Put";
            case "POST Object" -> "Post";
            case "CopyObject" -> "Copy";
            default -> reason;
        };
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
