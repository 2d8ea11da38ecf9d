package io.github.s3drreplicator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class DeleteResultsTest {

    @Test
    void namesTheDeleteMarkersMadeAndDeleted() {
        String answer = "<DeleteResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                + "<Deleted><Key>made</Key></Deleted>"
                + "<Deleted><Key>gone</Key><VersionId>m9</VersionId></Deleted>"
                + "<Deleted><Key>version</Key><VersionId>v1</VersionId></Deleted>"
                + "<Error><Key>failed</Key><Code>PreconditionFailed</Code></Error></DeleteResult>";

        byte[] completed = DeleteResults.withDeleteMarkers(answer.getBytes(StandardCharsets.UTF_8), "b",
                Map.of("made", "m1", "failed", "m2"), Set.of(new VersionRef("b", "gone", "m9")));

        assertThat(new String(completed, StandardCharsets.UTF_8)).isEqualTo("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<DeleteResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                + "<Deleted><Key>made</Key><DeleteMarker>true</DeleteMarker>"
                + "<DeleteMarkerVersionId>m1</DeleteMarkerVersionId></Deleted>"
                + "<Deleted><Key>gone</Key><VersionId>m9</VersionId><DeleteMarker>true</DeleteMarker>"
                + "<DeleteMarkerVersionId>m9</DeleteMarkerVersionId></Deleted>"
                + "<Deleted><Key>version</Key><VersionId>v1</VersionId></Deleted>"
                + "<Error><Key>failed</Key><Code>PreconditionFailed</Code></Error></DeleteResult>");
    }

    @Test
    void anAnswerWithoutMarkersIsLeftAsItIs() {
        byte[] answer = "<DeleteResult/>".getBytes(StandardCharsets.UTF_8);

        assertThat(DeleteResults.withDeleteMarkers(answer, "b", Map.of(), Set.of())).isSameAs(answer);
    }
}
