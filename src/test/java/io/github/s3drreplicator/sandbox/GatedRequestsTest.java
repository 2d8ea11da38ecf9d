package io.github.s3drreplicator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which buckets' gates a request passes: the ones it reads, and none for the deletes the proxy answers holding one. */
class GatedRequestsTest {

    @ParameterizedTest(name = "{0} {1} (copy of {2}) -> {3}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        "GET    | /dr-bucket/a%20b                        | -                   | dr-bucket",
        "HEAD   | /dr-bucket/a                            | -                   | dr-bucket",
        "GET    | /dr-bucket?list-type=2&prefix=a         | -                   | dr-bucket",
        "GET    | /dr-bucket?versions&prefix=a            | -                   | dr-bucket",
        "PUT    | /dr-bucket/a                            | -                   | dr-bucket",
        // a copy reads its source: the failback direction copies from DR into production
        "PUT    | /prod-bucket/a                          | dr-bucket/a         | dr-bucket prod-bucket",
        "PUT    | /prod-bucket/a?partNumber=1&uploadId=u  | /dr-bucket/a        | dr-bucket prod-bucket",
        "DELETE | /dr-bucket/a?tagging                    | -                   | dr-bucket",
        "DELETE | /dr-bucket/a?uploadId=u                 | -                   | dr-bucket",
        // the deletes the proxy answers while it may hold the bucket's gate
        "DELETE | /dr-bucket/a                            | -                   | -",
        "DELETE | /dr-bucket/a?versionId=v1               | -                   | -",
        "POST   | /dr-bucket?delete                       | -                   | -",
        "GET    | /                                       | -                   | -",
    })
    void passesTheGatesOfTheBucketsItReads(String method, String uri, String copySource, String expected) {
        List<String> buckets = expected == null ? List.of() : Arrays.asList(expected.split(" "));

        assertThat(GatedRequests.bucketsRead(method, uri, copySource)).isEqualTo(buckets);
    }
}
