package io.github.s3drreplicator.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class S3EventParserTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final S3EventParser parser = new S3EventParser();

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    private static String record(String eventName, String key) {
        return """
                {"eventVersion":"2.1","eventSource":"aws:s3","awsRegion":"us-east-1",
                 "eventTime":"2026-11-25T01:02:03.456Z","eventName":"%s",
                 "s3":{"s3SchemaVersion":"1.0","bucket":{"name":"prod-bucket","arn":"arn:aws:s3:::prod-bucket"},
                       "object":{"key":"%s","size":42,"eTag":"0123abcd","versionId":"v1","sequencer":"0055AED6DCD90281E5"}}}
                """.formatted(eventName, key);
    }

    @Test
    void readsEveryRecordOfANotification() throws Exception {
        JsonNode message = json("{\"Records\":[" + record("ObjectCreated:Put", "a") + ","
                + record("ObjectRemoved:Delete", "b") + "]}");

        assertThat(parser.records(message)).hasSize(2);
    }

    @Test
    void turnsARecordIntoAnEventWithTheKeyDecoded() throws Exception {
        ObjectEvent event = parser.toObjectEvent(json(record("ObjectCreated:Put", "Project+Idea%E2%82%AC.txt")));

        assertThat(event).isEqualTo(new ObjectEvent("ObjectCreated:Put", "prod-bucket", "Project Idea€.txt", 42L,
                "0123abcd", "v1", "0055AED6DCD90281E5", "2026-11-25T01:02:03.456Z"));
        assertThat(event.isCreated()).isTrue();
        assertThat(event.isRemoved()).isFalse();
    }

    @Test
    void removalsHaveNoSizeOrETag() throws Exception {
        ObjectEvent event = parser.toObjectEvent(json("""
                {"eventVersion":"2.1","eventName":"ObjectRemoved:Delete",
                 "s3":{"bucket":{"name":"prod-bucket"},"object":{"key":"gone","sequencer":"01"}}}"""));

        assertThat(event.isRemoved()).isTrue();
        assertThat(event.size()).isNull();
        assertThat(event.eTag()).isNull();
    }

    @Test
    void testEventHasNoRecordsToApply() throws Exception {
        JsonNode testEvent = json("""
                {"Service":"Amazon S3","Event":"s3:TestEvent","Time":"2026-11-25T01:02:03.456Z",
                 "Bucket":"prod-bucket","RequestId":"5582815E1AEA5ADF","HostId":"8cLeGAmw098X5cv4Zkwcmo8vvZa3eH3eKxsPzbB9wrR+YstdA6Knx4Ip8EXAMPLE"}""");

        assertThat(parser.records(testEvent)).isEmpty();
    }

    @Test
    void aMessageWithoutRecordsIsNotAnS3Event() throws Exception {
        assertThatThrownBy(() -> parser.records(json("{\"hello\":\"world\"}")))
                .isInstanceOf(InvalidEventException.class).hasMessageContaining("no Records");
        assertThatThrownBy(() -> parser.records(json("[1,2]"))).isInstanceOf(InvalidEventException.class);
        assertThatThrownBy(() -> parser.records(json("{\"Records\":[]}"))).isInstanceOf(InvalidEventException.class);
    }

    @Test
    void aRecordMissingWhatS3AlwaysSendsIsInvalid() throws Exception {
        assertThatThrownBy(() -> parser.toObjectEvent(json("{\"eventVersion\":\"1.0\",\"eventName\":\"x\"}")))
                .isInstanceOf(InvalidEventException.class).hasMessageContaining("eventVersion");
        assertThatThrownBy(() -> parser.toObjectEvent(json("{\"eventVersion\":\"2.1\",\"s3\":{}}")))
                .isInstanceOf(InvalidEventException.class).hasMessageContaining("eventName");
        assertThatThrownBy(() -> parser.toObjectEvent(json(
                "{\"eventVersion\":\"2.1\",\"eventName\":\"ObjectCreated:Put\",\"s3\":{\"bucket\":{\"name\":\"b\"},\"object\":{}}}")))
                .isInstanceOf(InvalidEventException.class).hasMessageContaining("key");
    }

    @Test
    void unwrapsAnSnsEnvelopeWhenRawDeliveryIsOff() throws Exception {
        String notification = "{\"Records\":[" + record("ObjectCreated:Put", "a+b") + "]}";
        JsonNode envelope = JSON.createObjectNode()
                .put("Type", "Notification")
                .put("MessageId", "22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324")
                .put("TopicArn", "arn:aws:sns:us-east-1:123456789012:prod-bucket-events")
                .put("Subject", "Amazon S3 Notification")
                .put("Message", notification);

        java.util.List<JsonNode> records = parser.records(envelope);

        assertThat(records).hasSize(1);
        assertThat(parser.toObjectEvent(records.get(0)).key()).isEqualTo("a b");
    }

    @Test
    void testEventInsideAnSnsEnvelopeHasNothingToApply() throws Exception {
        JsonNode envelope = JSON.createObjectNode().put("Type", "Notification")
                .put("Message", "{\"Service\":\"Amazon S3\",\"Event\":\"s3:TestEvent\",\"Bucket\":\"prod-bucket\"}");

        assertThat(parser.records(envelope)).isEmpty();
    }

    @Test
    void snsEnvelopeThatHoldsNoJsonIsInvalid() throws Exception {
        JsonNode envelope = JSON.createObjectNode().put("Type", "Notification").put("Message", "hello");

        assertThatThrownBy(() -> parser.records(envelope)).isInstanceOf(InvalidEventException.class);
    }

    private static String eventBridge(String detailType, String key, String extraDetail) {
        return """
                {"version":"0","id":"17793124-05d4-b198-2fde-7ededc63b103","detail-type":"%s","source":"aws.s3",
                 "account":"111122223333","time":"2026-11-25T00:00:00Z","region":"us-east-1",
                 "resources":["arn:aws:s3:::prod-bucket"],
                 "detail":{"version":"0","bucket":{"name":"prod-bucket"},
                   "object":{"key":"%s","size":5,"etag":"b1946ac92492d2347c6235b4d2611184","sequencer":"617f08299329d189"},
                   "request-id":"N4N7GDK58NMKJ12R","requester":"123456789012"%s}}
                """.formatted(detailType, key, extraDetail);
    }

    @Test
    void readsEventBridgeCreationsWithTheKeyAsItIs() throws Exception {
        JsonNode message = json(eventBridge("Object Created", "a b+c%2B.txt", ",\"reason\":\"CopyObject\""));

        java.util.List<JsonNode> records = parser.records(message);
        ObjectEvent event = parser.toObjectEvent(records.get(0));

        assertThat(event.eventName()).isEqualTo("ObjectCreated:Copy");
        assertThat(event.key()).isEqualTo("a b+c%2B.txt");
        assertThat(event.bucket()).isEqualTo("prod-bucket");
        assertThat(event.eTag()).isEqualTo("b1946ac92492d2347c6235b4d2611184");
    }

    @Test
    void decodesEventBridgeKeysWhenConfiguredToExpectThemEncoded() throws Exception {
        S3EventParser decoding = new S3EventParser(true);

        ObjectEvent event = decoding.toObjectEvent(json(eventBridge("Object Created", "a+b%2B", "")));

        assertThat(event.key()).isEqualTo("a b+");
    }

    @Test
    void namesEventBridgeDetailTypesAsNotificationEvents() throws Exception {
        assertThat(parser.toObjectEvent(json(eventBridge("Object Deleted", "k", ",\"deletion-type\":\"Permanently Deleted\"")))
                .eventName()).isEqualTo("ObjectRemoved:Delete");
        assertThat(parser.toObjectEvent(json(eventBridge("Object Deleted", "k", ",\"deletion-type\":\"Delete Marker Created\"")))
                .eventName()).isEqualTo("ObjectRemoved:DeleteMarkerCreated");
        assertThat(parser.toObjectEvent(json(eventBridge("Object Tags Added", "k", ""))).eventName())
                .isEqualTo("ObjectTagging:Put");
        ObjectEvent restore = parser.toObjectEvent(json(eventBridge("Object Restore Completed", "k", "")));
        assertThat(restore.isReplicable()).isFalse();
    }

    @Test
    void aLifecycleExpirationIsARemovalOfItsOwnKind() throws Exception {
        ObjectEvent expired = parser.toObjectEvent(json(eventBridge("Object Deleted", "k",
                ",\"reason\":\"Lifecycle Expiration\",\"deletion-type\":\"Delete Marker Created\"")));
        assertThat(expired.eventName()).isEqualTo("LifecycleExpiration:DeleteMarkerCreated");
        assertThat(expired.isRemoved()).isTrue();
        assertThat(expired.isLifecycleExpiration()).isTrue();
        assertThat(parser.toObjectEvent(json(eventBridge("Object Deleted", "k",
                ",\"reason\":\"Lifecycle Expiration\",\"deletion-type\":\"Permanently Deleted\""))).eventName())
                .isEqualTo("LifecycleExpiration:Delete");
        for (String name : new String[] {"LifecycleExpiration:Delete", "LifecycleExpiration:DeleteMarkerCreated"}) {
            ObjectEvent notified = new ObjectEvent(name, "prod-bucket", "k", null, null, null, null, null);
            assertThat(notified.isRemoved()).as(name).isTrue();
            assertThat(notified.isReplicable()).as(name).isTrue();
            assertThat(notified.isCreated()).as(name).isFalse();
        }
        assertThat(new ObjectEvent("ObjectRemoved:Delete", "b", "k", null, null, null, null, null)
                .isLifecycleExpiration()).isFalse();
    }

    @Test
    void eventBridgeEventsFromOtherServicesAreInvalid() throws Exception {
        assertThatThrownBy(() -> parser.records(json("{\"detail-type\":\"EC2 Instance State-change Notification\","
                + "\"source\":\"aws.ec2\",\"detail\":{}}"))).isInstanceOf(InvalidEventException.class);
    }

    @Test
    void aRepairRecordNamesItsPairAndS3sOwnRecordsNone() throws Exception {
        ObjectEvent repair = parser.toObjectEvent(json("""
                {"eventVersion":"2.1","eventSource":"s3-dr-replicator:audit","eventName":"ObjectRemoved:Audit",
                 "s3":{"bucket":{"name":"prod-bucket"},"object":{"key":"gone"}},"replicator":{"pair":"logs"}}"""));
        ObjectEvent event = parser.toObjectEvent(json(record("ObjectCreated:Put", "a")));
        // the event name alone makes no repair: S3 marks its records aws:s3
        ObjectEvent named = parser.toObjectEvent(json(record("ObjectCreated:Audit", "a")));

        assertThat(repair.isRepair()).isTrue();
        assertThat(repair.repairOf()).isEqualTo("logs");
        assertThat(repair.isRemoved()).isTrue();
        assertThat(event.isRepair()).isFalse();
        assertThat(named.isRepair()).isFalse();
    }

    @Test
    void aRepairRecordWithoutItsPairOrWithAnotherEventNameIsInvalid() {
        assertThatThrownBy(() -> parser.toObjectEvent(json("""
                {"eventVersion":"2.1","eventSource":"s3-dr-replicator:audit","eventName":"ObjectCreated:Audit",
                 "s3":{"bucket":{"name":"prod-bucket"},"object":{"key":"k"}}}""")))
                .isInstanceOf(InvalidEventException.class).hasMessageContaining("names no bucket pair");
        assertThatThrownBy(() -> parser.toObjectEvent(json("""
                {"eventVersion":"2.1","eventSource":"s3-dr-replicator:audit","eventName":"ObjectCreated:Put",
                 "s3":{"bucket":{"name":"prod-bucket"},"object":{"key":"k"}},"replicator":{"pair":"default"}}""")))
                .isInstanceOf(InvalidEventException.class).hasMessageContaining("ObjectCreated:Audit");
    }
}
