package io.github.s3drreplicator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HoldRuleTest {

    /** A request as it reaches the proxy, named and read as the proxy reads it. */
    private static RequestTarget request(String method, String uri, String copySource) {
        S3Path path = S3Path.parse(uri);
        Map<String, String> headers = new HashMap<>();
        if (copySource != null) {
            headers.put("x-amz-copy-source", copySource);
        }
        return RequestTarget.of(S3Operations.of(method, path, headers::get), path, copySource);
    }

    @ParameterizedTest(name = "{0} {1}/{2} from {3}: {4} {5} with source {6} -> {7}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            HeadObject              | dr-bucket   | a b+c     | -          | HEAD   | /dr-bucket/a%20b+c                          | -                     | true
            HeadObject              | dr-bucket   | a b+c     | -          | HEAD   | /dr-bucket/a%20b%2Bc                        | -                     | true
            HeadObject              | dr-bucket   | a         | -          | HEAD   | /dr-bucket/a/b                              | -                     | false
            HeadObject              | dr-bucket   | a         | -          | HEAD   | /prod-bucket/a                              | -                     | false
            HeadObject              | dr-bucket   | a         | -          | GET    | /dr-bucket/a                                | -                     | false
            HeadObject              | dr-bucket   | a//b      | -          | HEAD   | /dr-bucket/a/%2Fb                           | -                     | true
            GetObject               | dr-bucket   | a         | -          | GET    | /dr-bucket/a?x-id=GetObject                 | -                     | true
            GetObject               | dr-bucket   | a         | -          | GET    | /dr-bucket/a?tagging                        | -                     | false
            GetObjectTagging        | dr-bucket   | a         | -          | GET    | /dr-bucket/a?tagging                        | -                     | true
            PutObjectTagging        | dr-bucket   | a         | -          | PUT    | /dr-bucket/a?tagging                        | -                     | true
            DeleteObjectTagging     | dr-bucket   | a         | -          | DELETE | /dr-bucket/a?tagging                        | -                     | true
            DeleteObject            | dr-bucket   | a         | -          | DELETE | /dr-bucket/a?tagging                        | -                     | false
            DeleteObject            | dr-bucket   | a         | -          | DELETE | /dr-bucket/a                                | -                     | true
            PutObject               | dr-bucket   | a         | -          | PUT    | /dr-bucket/a                                | -                     | true
            PutObject               | dr-bucket   | a         | -          | PUT    | /dr-bucket/a                                | prod-bucket/a         | false
            CopyObject              | dr-bucket   | a         | -          | PUT    | /dr-bucket/a                                | prod-bucket/a         | true
            CopyObject              | dr-bucket   | a         | -          | PUT    | /prod-bucket/a                              | dr-bucket/a           | false
            CopyObject              | prod-bucket | a         | dr-bucket  | PUT    | /prod-bucket/a                              | dr-bucket/a           | true
            CopyObject              | prod-bucket | a         | dr-bucket  | PUT    | /prod-bucket/a                              | /dr-bucket/a?versionId=v1 | true
            CopyObject              | prod-bucket | a         | dr-bucket  | PUT    | /prod-bucket/a                              | prod-bucket/b         | false
            CopyObject              | prod-bucket | a         | dr-bucket  | PUT    | /prod-bucket/b                              | dr-bucket/a           | false
            UploadPartCopy          | prod-bucket | a         | dr-bucket  | PUT    | /prod-bucket/a?partNumber=2&uploadId=u      | dr-bucket/a           | true
            UploadPartCopy          | prod-bucket | a         | dr-bucket  | PUT    | /prod-bucket/a?partNumber=2&uploadId=u      | other-bucket/a        | false
            CopyObject              | prod-bucket | a         | dr-bucket  | PUT    | /prod-bucket/a?partNumber=2&uploadId=u      | dr-bucket/a           | false
            UploadPart              | prod-bucket | a         | -          | PUT    | /prod-bucket/a?partNumber=2&uploadId=u      | -                     | true
            CreateMultipartUpload   | prod-bucket | a         | -          | POST   | /prod-bucket/a?uploads                      | -                     | true
            CompleteMultipartUpload | prod-bucket | a         | -          | POST   | /prod-bucket/a?uploadId=u                   | -                     | true
            CompleteMultipartUpload | prod-bucket | a         | -          | POST   | /prod-bucket/a?uploads                      | -                     | false
            ListObjectVersions      | dr-bucket   | a/b       | -          | GET    | /dr-bucket?versions&prefix=a%2Fb&max-keys=5 | -                     | true
            ListObjectVersions      | dr-bucket   | a/b       | -          | GET    | /dr-bucket?versions&prefix=a%2F             | -                     | false
            ListObjectVersions      | dr-bucket   | a/b       | -          | GET    | /dr-bucket?versions                         | -                     | false
            ListObjectsV2           | dr-bucket   | a/b       | -          | GET    | /dr-bucket?list-type=2&prefix=a%2Fb         | -                     | true
            ListObjectsV2           | dr-bucket   | a/b       | -          | GET    | /dr-bucket?versions&prefix=a%2Fb            | -                     | false
            """)
    void aRulePicksRequestsByOperationBucketKeyAndCopySource(String operation, String bucket, String key,
                                                            String copiedFrom, String method, String uri,
                                                            String copySource, boolean matches) {
        HoldRule rule = HoldRule.hold(operation, bucket, key);
        if (copiedFrom != null) {
            rule = rule.copiedFrom(copiedFrom);
        }
        assertThat(rule.matches(request(method, uri, copySource))).isEqualTo(matches);
    }

    @Test
    void aDeleteObjectsBatchMatchesWhenItNamesTheKey() {
        HoldRule rule = HoldRule.hold("DeleteObjects", "dr-bucket", "b");
        RequestTarget batch = request("POST", "/dr-bucket?delete", null);

        assertThat(rule.matches(batch)).as("before its body is read").isFalse();
        assertThat(rule.matches(batch.withKeys(List.of("a", "b", "c")))).isTrue();
        assertThat(rule.matches(batch.withKeys(List.of("a", "bb")))).isFalse();
        assertThat(HoldRule.hold("DeleteObject", "dr-bucket", "b").matches(batch.withKeys(List.of("b"))))
                .as("a batch is not a DeleteObject").isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"HeadObject", "GetObject", "CopyObject", "PutObject", "DeleteObject", "DeleteObjects",
            "PutObjectTagging", "GetObjectTagging", "DeleteObjectTagging", "ListObjectVersions",
            "CompleteMultipartUpload", "UploadPartCopy", "CreateMultipartUpload", "UploadPart"})
    void everyOperationOnAKeyCanBeHeld(String operation) {
        assertThat(HoldRule.hold(operation, "dr-bucket", "a").operation()).isEqualTo(operation);
    }

    @Test
    void aRuleThatCouldNeverMatchIsRefusedSayingWhy() {
        assertThatThrownBy(() -> HoldRule.hold("HeadBucket", "dr-bucket", "a"))
                .hasMessageContaining("an S3 operation on a key").hasMessageContaining("HeadObject")
                .hasMessageContaining("'HeadBucket'");
        assertThatThrownBy(() -> HoldRule.hold("headobject", "dr-bucket", "a")).hasMessageContaining("'headobject'");
        assertThatThrownBy(() -> HoldRule.hold("HeadObject", " ", "a")).hasMessageContaining("bucket");
        assertThatThrownBy(() -> HoldRule.hold("HeadObject", "dr-bucket", "")).hasMessageContaining("key");
        assertThatThrownBy(() -> HoldRule.hold("PutObject", "dr-bucket", "a").copiedFrom("prod-bucket"))
                .hasMessageContaining("only a CopyObject or UploadPartCopy has a copy source");
        assertThatThrownBy(() -> HoldRule.hold("HeadObject", "dr-bucket", "a").occurrence(0))
                .hasMessageContaining("occurrence 1");
        assertThatThrownBy(() -> HoldRule.late("HeadObject", "dr-bucket", "a").releasedAfter(Duration.ZERO))
                .hasMessageContaining("positive");
    }

    @Test
    void everyObjectOperationTheSandboxNamesIsOneARuleKnows() {
        for (String method : List.of("HEAD", "GET", "PUT", "POST", "DELETE")) {
            for (String query : List.of("", "?tagging", "?uploadId=u", "?uploads", "?partNumber=1&uploadId=u",
                    "?acl", "?attributes", "?retention", "?legal-hold", "?torrent", "?restore", "?select")) {
                for (String copySource : java.util.Arrays.asList(null, "prod-bucket/a")) {
                    String operation = request(method, "/dr-bucket/a" + query, copySource).operation();
                    if (!operation.equals(S3Operations.UNKNOWN)) {
                        assertThat(S3Operations.ON_OBJECTS).as(method + " " + query).contains(operation);
                    }
                }
            }
        }
    }
}
