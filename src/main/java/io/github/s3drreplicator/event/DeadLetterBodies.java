package io.github.s3drreplicator.event;

import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Message;

/**
 * What goes to the dead-letter queue: a record that failed on its own is parked alone, in a shape that can be
 * redriven to the main queue as it is; a message that failed as a whole is parked as it arrived. SQS refuses
 * messages over its size limit, so a body that would not fit is cut, and the attribute
 * {@code replicator-original-bytes} says so.
 */
public class DeadLetterBodies {

    private final int maxBytes;

    public DeadLetterBodies(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    public String body(@ExchangeProperty("replicatorRecord") JsonNode record,
                       @ExchangeProperty("replicatorMessage") String message, Message out) {
        String body;
        if (record == null) {
            body = message == null ? "" : message;
        } else if (record.has("detail-type")) {
            body = record.toString();
        } else {
            body = "{\"Records\":[" + record + "]}";
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= maxBytes) {
            return body;
        }
        out.setHeader("replicator-original-bytes", String.valueOf(bytes.length));
        // cut on a character boundary: SQS accepts only valid Unicode
        String cut = new String(bytes, 0, maxBytes, StandardCharsets.UTF_8);
        return cut.endsWith("\uFFFD") ? cut.substring(0, cut.length() - 1) : cut;
    }
}
