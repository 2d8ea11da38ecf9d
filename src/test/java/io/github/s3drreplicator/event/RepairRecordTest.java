package io.github.s3drreplicator.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The repair record an audit sends through the queue: a notification of one record, read back by the parser. */
class RepairRecordTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant QUEUED = Instant.parse("2026-12-07T10:00:00Z");
    private final S3EventParser parser = new S3EventParser();

    @Test
    void aMissingKeyIsAnnouncedWithTheListingsSizeAndETag() throws Exception {
        JsonNode message = JSON.readTree(RepairRecord.message(RepairRecord.Action.COPY, "default", "missing",
                "prod-bucket", "reports/2026 €.csv", 4096L, "0123456789abcdef0123456789abcdef", QUEUED));

        assertThat(message.path("Records")).hasSize(1);
        JsonNode record = message.path("Records").get(0);
        assertThat(record.path("eventVersion").asText()).isEqualTo("2.1");
        assertThat(record.path("eventSource").asText()).isEqualTo("s3-dr-replicator:audit");
        assertThat(record.path("eventName").asText()).isEqualTo("ObjectCreated:Audit");
        assertThat(record.path("eventTime").asText()).isEqualTo("2026-12-07T10:00:00Z");
        assertThat(record.at("/s3/bucket/name").asText()).isEqualTo("prod-bucket");
        // form encoding, as S3 writes keys: a space is '+', the slash stays
        assertThat(record.at("/s3/object/key").asText()).isEqualTo("reports/2026+%E2%82%AC.csv");
        assertThat(record.at("/s3/object/size").asLong()).isEqualTo(4096);
        assertThat(record.at("/s3/object/eTag").asText()).isEqualTo("0123456789abcdef0123456789abcdef");
        assertThat(record.at("/replicator/pair").asText()).isEqualTo("default");
        assertThat(record.at("/replicator/drift").asText()).isEqualTo("missing");
    }

    @ParameterizedTest
    @CsvSource({"COPY, changed, ObjectCreated:Audit", "COPY, metadata, ObjectCreated:Audit",
            "REMOVE, extra, ObjectRemoved:Audit", "TAGS, tags, ObjectTagging:Audit"})
    void otherDriftNamesOnlyTheKey(RepairRecord.Action action, String drift, String eventName) throws Exception {
        JsonNode record = JSON.readTree(RepairRecord.message(action, "logs", drift, "prod-bucket", "a/b", null, null,
                QUEUED)).path("Records").get(0);

        assertThat(record.path("eventName").asText()).isEqualTo(eventName);
        assertThat(record.at("/s3/object").has("size")).isFalse();
        assertThat(record.at("/s3/object").has("eTag")).isFalse();
        assertThat(record.at("/replicator/drift").asText()).isEqualTo(drift);
    }

    @ParameterizedTest
    @ValueSource(strings = {"plain.txt", "a b/c+d.txt", "€ and %2B literal", "${sys:user.home}", "a//double//slash",
            "../x", "?&=#;:,@$", "😀 emoji"})
    void theParserReadsBackTheKeyThePairAndThatItIsARepair(String key) throws Exception {
        ObjectEvent event = parser.toObjectEvent(parser.records(JSON.readTree(RepairRecord.message(
                RepairRecord.Action.COPY, "default", "missing", "prod-bucket", key, 7L, "e", QUEUED))).get(0));

        assertThat(event.key()).isEqualTo(key);
        assertThat(event.bucket()).isEqualTo("prod-bucket");
        assertThat(event.isRepair()).isTrue();
        assertThat(event.repairOf()).isEqualTo("default");
        assertThat(event.isCreated()).isTrue();
        assertThat(event.size()).isEqualTo(7L);
        assertThat(event.eTag()).isEqualTo("e");
        assertThat(event.eventTime()).isEqualTo("2026-12-07T10:00:00Z");
    }

    @Test
    void eachActionIsTheEventKindThatAppliesIt() throws Exception {
        ObjectEvent removal = parser.toObjectEvent(JSON.readTree(RepairRecord.message(RepairRecord.Action.REMOVE,
                "default", "extra", "prod-bucket", "k", null, null, QUEUED)).path("Records").get(0));
        ObjectEvent tags = parser.toObjectEvent(JSON.readTree(RepairRecord.message(RepairRecord.Action.TAGS,
                "default", "tags", "prod-bucket", "k", null, null, QUEUED)).path("Records").get(0));

        assertThat(removal.isRemoved()).isTrue();
        assertThat(removal.isReplicable()).isTrue();
        assertThat(tags.isReplicable()).isTrue();
        assertThat(tags.eventName()).isEqualTo("ObjectTagging:Audit");
        assertThat(RepairRecord.Action.of("ObjectRemoved:Audit")).contains(RepairRecord.Action.REMOVE);
        assertThat(RepairRecord.Action.of("ObjectRemoved:Delete")).isEmpty();
    }
}
