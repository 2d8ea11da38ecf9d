package io.github.s3drreplicator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class S3OperationsTest {

    @ParameterizedTest(name = "{0} {1} {2} is {3}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            GET    | /                                          | -                   | ListBuckets
            HEAD   | /dr-bucket                                 | -                   | HeadBucket
            PUT    | /new-bucket                                | -                   | CreateBucket
            DELETE | /new-bucket                                | -                   | DeleteBucket
            GET    | /dr-bucket?location                        | -                   | GetBucketLocation
            GET    | /dr-bucket?list-type=2&prefix=a%2F&max-keys=5 | -                | ListObjectsV2
            GET    | /dr-bucket?prefix=a                        | -                   | ListObjects
            GET    | /dr-bucket?versions                        | -                   | ListObjectVersions
            GET    | /dr-bucket?uploads                         | -                   | ListMultipartUploads
            GET    | /dr-bucket?versioning                      | -                   | GetBucketVersioning
            PUT    | /dr-bucket?tagging                         | -                   | PutBucketTagging
            PUT    | /dr-bucket?lifecycle                       | -                   | PutBucketLifecycleConfiguration
            DELETE | /dr-bucket?lifecycle                       | -                   | DeleteBucketLifecycle
            PUT    | /dr-bucket?notification                    | -                   | PutBucketNotificationConfiguration
            POST   | /dr-bucket?delete                          | -                   | DeleteObjects
            POST   | /dr-bucket                                 | multipart/form-data | PostObject
            HEAD   | /dr-bucket/a%20b                           | -                   | HeadObject
            GET    | /dr-bucket/a?x-id=GetObject                | -                   | GetObject
            GET    | /dr-bucket/a?response-content-type=x       | -                   | GetObject
            GET    | /dr-bucket/a?tagging                       | -                   | GetObjectTagging
            PUT    | /dr-bucket/a?tagging                       | -                   | PutObjectTagging
            DELETE | /dr-bucket/a?tagging                       | -                   | DeleteObjectTagging
            GET    | /dr-bucket/a?attributes                    | -                   | GetObjectAttributes
            GET    | /dr-bucket/a?acl                           | -                   | GetObjectAcl
            PUT    | /dr-bucket/a?x-id=PutObject                | -                   | PutObject
            PUT    | /dr-bucket/a?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=A%2F1%2Fus-east-1%2Fs3%2Faws4_request | - | PutObject
            POST   | /dr-bucket/a?uploads                       | -                   | CreateMultipartUpload
            PUT    | /dr-bucket/a?partNumber=1&uploadId=u       | -                   | UploadPart
            GET    | /dr-bucket/a?uploadId=u                    | -                   | ListParts
            POST   | /dr-bucket/a?uploadId=u                    | -                   | CompleteMultipartUpload
            DELETE | /dr-bucket/a?uploadId=u                    | -                   | AbortMultipartUpload
            DELETE | /dr-bucket/a?x-id=DeleteObject             | -                   | DeleteObject
            POST   | /dr-bucket/a?restore                       | -                   | RestoreObject
            PATCH  | /dr-bucket/a                               | -                   | Unknown
            """)
    void requestsAreNamedByTheOperationS3RoutesThemTo(String method, String uri, String contentType,
                                                      String operation) {
        Map<String, String> headers = new HashMap<>();
        if (contentType != null) {
            headers.put("Content-Type", contentType + "; boundary=x");
        }
        assertThat(S3Operations.of(method, S3Path.parse(uri), headers::get)).isEqualTo(operation);
    }

    @ParameterizedTest(name = "PUT {0} with a copy source is {1}")
    @CsvSource(delimiter = '|', textBlock = """
            /dr-bucket/a                          | CopyObject
            /dr-bucket/a?partNumber=2&uploadId=u  | UploadPartCopy
            """)
    void aCopySourceMakesAPutACopy(String uri, String operation) {
        Map<String, String> headers = Map.of("x-amz-copy-source", "prod-bucket/a");
        assertThat(S3Operations.of("PUT", S3Path.parse(uri), headers::get)).isEqualTo(operation);
    }
}
