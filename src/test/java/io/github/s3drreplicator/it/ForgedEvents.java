package io.github.s3drreplicator.it;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Events as S3, SNS and EventBridge deliver them, written by the test instead: late, duplicated or forged. */
final class ForgedEvents {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ForgedEvents() {
    }

    static String notification(String eventName, String bucket, String key) {
        ObjectNode record = JSON.createObjectNode()
                .put("eventVersion", "2.1")
                .put("eventSource", "aws:s3")
                .put("awsRegion", "us-east-1")
                .put("eventTime", "2026-11-25T00:00:00.000Z")
                .put("eventName", eventName);
        ObjectNode s3 = record.putObject("s3").put("s3SchemaVersion", "1.0");
        s3.putObject("bucket").put("name", bucket).put("arn", "arn:aws:s3:::" + bucket);
        s3.putObject("object").put("key", URLEncoder.encode(key, StandardCharsets.UTF_8).replace("%2F", "/"))
                .put("sequencer", "0A1B2C3D4E5F678901");
        ObjectNode message = JSON.createObjectNode();
        message.putArray("Records").add(record);
        return message.toString();
    }

    static String notification(String eventName, String key) {
        return notification(eventName, AwsTestEnvironment.SOURCE_BUCKET, key);
    }

    /** The SNS envelope a notification arrives in when the subscription's raw message delivery is off. */
    static String inSnsEnvelope(String message) {
        return JSON.createObjectNode()
                .put("Type", "Notification")
                .put("MessageId", "22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324")
                .put("TopicArn", "arn:aws:sns:us-east-1:123456789012:prod-bucket-events")
                .put("Subject", "Amazon S3 Notification")
                .put("Message", message)
                .put("Timestamp", "2026-11-25T00:00:00.000Z")
                .put("SignatureVersion", "1")
                .toString();
    }

    /** An EventBridge event as a rule sends it to SQS; the key as it is, not URL-encoded. */
    static String eventBridge(String detailType, String key) {
        ObjectNode event = JSON.createObjectNode()
                .put("version", "0")
                .put("id", "17793124-05d4-b198-2fde-7ededc63b103")
                .put("detail-type", detailType)
                .put("source", "aws.s3")
                .put("account", "123456789012")
                .put("time", "2026-11-25T00:00:00Z")
                .put("region", "us-east-1");
        event.putArray("resources").add("arn:aws:s3:::" + AwsTestEnvironment.SOURCE_BUCKET);
        ObjectNode detail = event.putObject("detail").put("version", "0");
        detail.putObject("bucket").put("name", AwsTestEnvironment.SOURCE_BUCKET);
        detail.putObject("object").put("key", key).put("sequencer", "617f08299329d189");
        detail.put("reason", "PutObject");
        return event.toString();
    }

    static String testEvent() {
        return "{\"Service\":\"Amazon S3\",\"Event\":\"s3:TestEvent\",\"Time\":\"2026-11-25T00:00:00.000Z\","
                + "\"Bucket\":\"prod-bucket\",\"RequestId\":\"5582815E1AEA5ADF\",\"HostId\":\"sandbox\"}";
    }
}
