package io.github.s3drreplicator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OutagesTest {

    private final Outages outages = new Outages();

    @Test
    void anS3OutageHitsRequestsTouchingABucketOfItsRegionOnly() {
        outages.start(Outage.s3("us-east-2", OutageMode.UNAVAILABLE));

        assertThat(outages.s3(List.of("us-east-2"))).isPresent();
        assertThat(outages.s3(List.of("us-east-1", "us-east-2"))).as("a copy from prod into DR").isPresent();
        assertThat(outages.s3(List.of("us-east-1"))).isEmpty();
        assertThat(outages.s3(List.of())).as("ListBuckets, unknown buckets").isEmpty();
        assertThat(outages.sqs()).isEmpty();
    }

    @Test
    void aSecondOutageOfTheSameRegionChangesItsModeAndRecoveryEndsIt() {
        outages.start(Outage.s3("us-east-2", OutageMode.UNAVAILABLE));
        outages.start(Outage.s3("us-east-2", OutageMode.CUT));
        outages.start(Outage.sqs(OutageMode.REFUSE));

        assertThat(outages.list()).containsExactly(Outage.s3("us-east-2", OutageMode.CUT),
                Outage.sqs(OutageMode.REFUSE));
        assertThat(outages.end("s3", "us-east-2")).contains(Outage.s3("us-east-2", OutageMode.CUT));
        assertThat(outages.end("s3", "us-east-2")).isEmpty();
        assertThat(outages.endAll()).containsExactly(Outage.sqs(OutageMode.REFUSE));
        assertThat(outages.list()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"503,UNAVAILABLE", "cut,CUT", "TIMEOUT,TIMEOUT", "refuse,REFUSE", "unavailable,UNAVAILABLE",
            "403,ACCESS_DENIED", "access_denied,ACCESS_DENIED"})
    void modesAreNamedAsTheControlEndpointTakesThem(String label, OutageMode mode) {
        assertThat(OutageMode.of(label)).isEqualTo(mode);
    }

    @Test
    void outagesThatCannotBeAreRefused() {
        assertThatThrownBy(() -> OutageMode.of("500")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Outage.s3(null, OutageMode.CUT)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Outage.s3("us-east-2", OutageMode.REFUSE))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Outage.sqs(OutageMode.ACCESS_DENIED)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Outage("ec2", "us-east-1", OutageMode.CUT))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new Outage("sqs", "us-east-1", OutageMode.CUT).region()).as("SQS has one region").isNull();
    }
}
