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
}
