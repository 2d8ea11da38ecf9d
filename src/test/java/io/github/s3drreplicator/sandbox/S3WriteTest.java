package io.github.s3drreplicator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class S3WriteTest {

    private static Optional<S3Write> write(String method, String uri, Map<String, String> headers) {
        return S3Write.of(method, uri, headers::get);
    }

    private static Optional<S3Write> write(String method, String uri) {
        return write(method, uri, Map.of());
    }

    @Test
    void putIsACreationWithTheKeyPathDecoded() {
        assertThat(write("PUT", "/prod-bucket/%E2%82%ACuro/100%252B/a%20b+c%23%3F.txt"))
                .contains(new S3Write(S3Write.PUT, "prod-bucket", "€uro/100%2B/a b+c#?.txt"));
        assertThat(write("PUT", "/prod-bucket/a//b?x-id=PutObject"))
                .contains(new S3Write(S3Write.PUT, "prod-bucket", "a//b"));
    }

    @Test
    void aPresignedPutIsAWriteToo() {
        assertThat(write("PUT", "/prod-bucket/a?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKID%2F20261130"
                + "%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Signature=ab"))
                .contains(new S3Write(S3Write.PUT, "prod-bucket", "a"));
    }

    @Test
    void putWithACopySourceIsACopy() {
        assertThat(write("PUT", "/prod-bucket/b", Map.of("x-amz-copy-source", "prod-bucket/a")))
                .contains(new S3Write(S3Write.COPY, "prod-bucket", "b"));
    }

    @Test
    void onlyTheCompletionOfAMultipartUploadCreatesTheObject() {
        assertThat(write("POST", "/prod-bucket/big?uploads")).isEmpty();
        assertThat(write("PUT", "/prod-bucket/big?partNumber=1&uploadId=abc")).isEmpty();
        assertThat(write("PUT", "/prod-bucket/big?partNumber=2&uploadId=abc",
                Map.of("x-amz-copy-source", "prod-bucket/a"))).isEmpty();
        assertThat(write("POST", "/prod-bucket/big?uploadId=abc"))
                .contains(new S3Write(S3Write.COMPLETE_MULTIPART_UPLOAD, "prod-bucket", "big"));
        assertThat(write("DELETE", "/prod-bucket/big?uploadId=abc")).isEmpty();
    }

    @Test
    void deletesOfObjectsAndBatchesAreRemovals() {
        assertThat(write("DELETE", "/prod-bucket/a+b")).contains(new S3Write(S3Write.DELETE, "prod-bucket", "a+b"));
        assertThat(write("POST", "/prod-bucket?delete")).contains(new S3Write(S3Write.DELETE, "prod-bucket", null));
    }

    @Test
    void subresourcesAndReadsAreNotObjectWrites() {
        assertThat(write("PUT", "/prod-bucket/a?tagging")).isEmpty();
        assertThat(write("DELETE", "/prod-bucket/a?tagging")).isEmpty();
        assertThat(write("PUT", "/prod-bucket/a?acl")).isEmpty();
        assertThat(write("GET", "/prod-bucket/a")).isEmpty();
        assertThat(write("HEAD", "/prod-bucket/a")).isEmpty();
        assertThat(write("PUT", "/new-bucket")).isEmpty();
    }

    @Test
    void browserFormUploadIsAPost() {
        assertThat(write("POST", "/prod-bucket", Map.of("Content-Type", "multipart/form-data; boundary=xyz")))
                .contains(new S3Write(S3Write.POST, "prod-bucket", null));
    }

    @Test
    void tagChangesAreTaggingEventsOfTheVersionTheyName() {
        assertThat(S3Write.tagging("PUT", S3Path.parse("/prod-bucket/a%20b?tagging")))
                .contains(new S3Write(S3Write.TAGGING_PUT, "prod-bucket", "a b"));
        assertThat(S3Write.tagging("DELETE", S3Path.parse("/prod-bucket/a?tagging&versionId=v%2B1")))
                .contains(new S3Write(S3Write.TAGGING_DELETE, "prod-bucket", "a", "v+1"));
        assertThat(S3Write.tagging("GET", S3Path.parse("/prod-bucket/a?tagging"))).isEmpty();
        assertThat(S3Write.tagging("PUT", S3Path.parse("/prod-bucket/a"))).isEmpty();
        assertThat(S3Write.tagging("PUT", S3Path.parse("/prod-bucket?tagging"))).as("a bucket's tags").isEmpty();
        assertThat(S3Write.tagging("PUT", S3Path.parse("/prod-bucket/a?tagging&acl"))).isEmpty();
    }
}
