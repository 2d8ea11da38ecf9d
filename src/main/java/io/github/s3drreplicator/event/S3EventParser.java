package io.github.s3drreplicator.event;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads S3 event notifications, already unmarshalled by Jackson into a tree: finds their {@code Records} and turns
 * each into an {@link ObjectEvent}. Records stay as JSON trees until then, so that a record that fails can be
 * dead-lettered exactly as it arrived.
 */
public class S3EventParser {

    private static final Logger LOG = LoggerFactory.getLogger(S3EventParser.class);

    /**
     * @return the records of the notification; none for {@code s3:TestEvent}, which S3 sends once when
     *         notifications are configured
     * @throws InvalidEventException when the message is not an S3 event notification
     */
    public List<JsonNode> records(JsonNode message) {
        if (message == null || !message.isObject()) {
            throw new InvalidEventException("the message is not a JSON object");
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

    /**
     * @throws InvalidEventException when the record lacks what every S3 record has
     */
    public ObjectEvent toObjectEvent(JsonNode record) {
        if (record == null || !record.isObject()) {
            throw new InvalidEventException("the record is not a JSON object");
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
                text(object, "sequencer"), text(record, "eventTime"));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
