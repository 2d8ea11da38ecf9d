package io.github.s3drreplicator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.s3drreplicator.event.ObjectEvent;
import io.github.s3drreplicator.event.S3EventParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class S3EventNotificationsTest {

    @ParameterizedTest(name = "\"{0}\" survives the round trip")
    @ValueSource(strings = {"Project Idea.txt", "€uro", "100%2B", "a//double//slash", " lead and trail ",
            "#?&;:,@$=+", "${sys:user.home}", "../x", "日本/😀"})
    void whatTheSandboxEncodesTheReplicatorDecodesBackExactly(String key) throws Exception {
        String message = new S3EventNotifications("us-east-1")
                .notification("ObjectCreated:Put", "prod-bucket", key, 7L, "etag");

        JsonNode record = new ObjectMapper().readTree(message).get("Records").get(0);
        ObjectEvent event = new S3EventParser().toObjectEvent(record);

        assertThat(event.key()).isEqualTo(key);
        assertThat(record.get("eventVersion").asText()).isEqualTo("2.1");
        assertThat(record.at("/s3/object/size").asLong()).isEqualTo(7L);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Project Idea.txt"})
    void spacesAreSentAsPlusSignsLikeS3Does(String key) {
        assertThat(S3EventNotifications.encodeKey(key)).isEqualTo("Project+Idea.txt");
        assertThat(S3EventNotifications.encodeKey("dir/€")).isEqualTo("dir/%E2%82%AC");
        assertThat(S3EventNotifications.encodeKey("100%2B")).isEqualTo("100%252B");
    }

    @Test
    void aTagChangeNamesTheObjectsETagAndVersionWithoutSizeOrSequencerAsVersion23() throws Exception {
        S3EventNotifications notifications = new S3EventNotifications("us-east-1");
        JsonNode put = new ObjectMapper().readTree(notifications.tagging("ObjectTagging:Put", "prod-bucket",
                "a b/c", "etag", "v1")).get("Records").get(0);
        JsonNode deleted = new ObjectMapper().readTree(notifications.tagging("ObjectTagging:Delete", "prod-bucket",
                "a", "etag", null)).get("Records").get(0);

        assertThat(put.get("eventVersion").asText()).isEqualTo("2.3");
        assertThat(put.get("eventName").asText()).isEqualTo("ObjectTagging:Put");
        assertThat(put.at("/s3/object").toString())
                .isEqualTo("{\"key\":\"a+b/c\",\"eTag\":\"etag\",\"versionId\":\"v1\"}");
        assertThat(deleted.at("/s3/object").toString()).isEqualTo("{\"key\":\"a\",\"eTag\":\"etag\"}");
        ObjectEvent event = new S3EventParser().toObjectEvent(put);
        assertThat(event.isReplicable()).isTrue();
        assertThat(event.key()).isEqualTo("a b/c");
        assertThat(event.versionId()).isEqualTo("v1");
    }
}
