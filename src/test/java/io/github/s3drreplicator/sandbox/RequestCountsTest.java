package io.github.s3drreplicator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

class RequestCountsTest {

    private final RequestCounts counts = new RequestCounts();

    @Test
    void requestsAreCountedPerServiceAndOperation() {
        counts.count("s3", "HeadObject");
        counts.count("s3", "HeadObject");
        counts.count("s3", "CopyObject");
        counts.count("sqs", "ReceiveMessage");

        assertThat(counts.snapshot()).isEqualTo(Map.of(
                "s3", Map.of("CopyObject", 1L, "HeadObject", 2L),
                "sqs", Map.of("ReceiveMessage", 1L)));
        assertThat(counts.json())
                .isEqualTo("{\"s3\":{\"CopyObject\":1,\"HeadObject\":2},\"sqs\":{\"ReceiveMessage\":1}}");
    }

    @Test
    void aResetStartsFromNothingWithEveryServiceStillListed() {
        counts.count("s3", "PutObject");
        counts.reset();

        assertThat(counts.json()).isEqualTo("{\"s3\":{},\"sqs\":{}}");
    }
}
