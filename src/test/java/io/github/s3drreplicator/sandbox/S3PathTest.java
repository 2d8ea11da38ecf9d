package io.github.s3drreplicator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class S3PathTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            prod-bucket/a/b.txt                            | prod-bucket | a/b.txt  | -
            /prod-bucket/a%20b/%E2%82%AC+                  | prod-bucket | a b/€+   | -
            prod-bucket/k?versionId=3%2F4                  | prod-bucket | k        | 3/4
            """)
    void aCopySourceNamesAnObjectAndMaybeItsVersion(String header, String bucket, String key, String versionId) {
        assertThat(S3Path.copySource(header)).contains(new VersionRef(bucket, key, versionId));
    }

    @ParameterizedTest(name = "[{0}]")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            -
            prod-bucket
            prod-bucket/
            /prod-bucket%ZZ/k
            """)
    void aCopySourceWithoutAKeyNamesNoObject(String header) {
        assertThat(S3Path.copySource(header)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            /b/k?partNumber=2                          | /b/k
            /b/k?versionId=x%2By&partNumber=2&x-id=Get | /b/k?versionId=x%2By&x-id=Get
            /b/k?part%4Eumber=2&a                      | /b/k?a
            /b/k                                       | /b/k
            /b/k?uploadId=u                            | /b/k?uploadId=u
            """)
    void aParameterIsLeftOutOfARequestTargetAndTheRestKeptAsSent(String uri, String expected) {
        assertThat(S3Path.withoutParameter(uri, "partNumber")).isEqualTo(expected);
    }
}
