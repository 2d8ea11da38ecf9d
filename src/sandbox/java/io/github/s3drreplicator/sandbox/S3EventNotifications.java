package io.github.s3drreplicator.sandbox;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Writes event notifications shaped exactly like S3's, one record each, as S3 itself sends them to SQS: eventVersion
 * 2.1 for creations and removals, 2.3 for tag changes, which S3 documents as its version for object tagging events.
 */
final class S3EventNotifications {

    private static final ObjectMapper JSON = new ObjectMapper();

    // the region of a bucket: a notification names the region of the bucket written to
    private final Function<String, String> regionOf;
    // S3's sequencer orders the events of one key; a counter started from the clock does the same here
    private final AtomicLong sequencer = new AtomicLong(System.currentTimeMillis() * 1000);

    S3EventNotifications(String region) {
        this(bucket -> region);
    }

    S3EventNotifications(Function<String, String> regionOf) {
        this.regionOf = regionOf;
    }

    /**
     * @param size and
     * @param eTag describe the object written; {@code null} for removals
     */
    String notification(String eventName, String bucket, String key, Long size, String eTag) {
        return message("2.1", eventName, bucket, key, size, eTag, null, true);
    }

    /**
     * A tag change ({@code ObjectTagging:Put}, {@code ObjectTagging:Delete}): the object's key, ETag and, in a
     * versioned bucket, version id; no size, and no sequencer, which S3 gives only to the PUTs and DELETEs of objects.
     *
     * @param versionId {@code null} where the bucket is not versioned
     */
    String tagging(String eventName, String bucket, String key, String eTag, String versionId) {
        return message("2.3", eventName, bucket, key, null, eTag, versionId, false);
    }

    private String message(String eventVersion, String eventName, String bucket, String key, Long size, String eTag,
                           String versionId, boolean sequenced) {
        ObjectNode record = JSON.createObjectNode()
                .put("eventVersion", eventVersion)
                .put("eventSource", "aws:s3")
                .put("awsRegion", regionOf.apply(bucket))
                .put("eventTime", Instant.now().truncatedTo(ChronoUnit.MILLIS).toString())
                .put("eventName", eventName);
        record.putObject("userIdentity").put("principalId", "sandbox");
        record.putObject("requestParameters").put("sourceIPAddress", "127.0.0.1");
        record.putObject("responseElements")
                .put("x-amz-request-id", UUID.randomUUID().toString().replace("-", "").substring(0, 16).toUpperCase())
                .put("x-amz-id-2", UUID.randomUUID().toString());
        ObjectNode s3 = record.putObject("s3")
                .put("s3SchemaVersion", "1.0")
                .put("configurationId", "sandbox-replication");
        ObjectNode bucketNode = s3.putObject("bucket").put("name", bucket).put("arn", "arn:aws:s3:::" + bucket);
        bucketNode.putObject("ownerIdentity").put("principalId", "sandbox");
        ObjectNode object = s3.putObject("object").put("key", encodeKey(key));
        if (size != null) {
            object.put("size", size);
        }
        if (eTag != null) {
            object.put("eTag", eTag);
        }
        if (versionId != null) {
            object.put("versionId", versionId);
        }
        if (sequenced) {
            object.put("sequencer", String.format("%016X", sequencer.incrementAndGet()));
        }
        ObjectNode message = JSON.createObjectNode();
        message.putArray("Records").add(record);
        return message.toString();
    }

    /** As S3 encodes keys in notifications: form encoding ({@code +} for a space), with {@code /} kept. */
    static String encodeKey(String key) {
        return URLEncoder.encode(key, StandardCharsets.UTF_8).replace("%2F", "/");
    }
}
