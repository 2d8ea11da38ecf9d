package io.github.s3drreplicator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * HeadObject and GetObject of one part ({@code ?partNumber=N}) as S3 answers them, through the AWS SDK: the part's
 * size and bytes with {@code 206}, {@code Content-Range} and the object's ETag, the number of parts for an object
 * uploaded in parts, {@code 416 InvalidPartNumber} beyond the last part, an object uploaded in one piece as one part,
 * each version of a versioned key with its own parts, and a key written over forgetting its parts.
 */
class SandboxPartsIT {

    private static final String PLAIN = AwsTestEnvironment.SOURCE_BUCKET;
    private static final String VERSIONED = AwsTestEnvironment.TARGET_BUCKET;
    private static final int MIB = 1024 * 1024;
    // unequal, the first the largest: no size can be guessed from another
    private static final int[] SIZES = {5 * MIB + 1000, 5 * MIB, 12_345};

    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.withoutEvents().versioned(VERSIONED);

    private static S3Client s3() {
        return SANDBOX.s3();
    }

    /** Uploads the parts, each of random bytes; returns the whole object's bytes. */
    private static Uploaded upload(String bucket, String key, int... sizes) {
        Random random = new Random(key.hashCode() + sizes.length);
        String uploadId = s3().createMultipartUpload(r -> r.bucket(bucket).key(key)).uploadId();
        List<CompletedPart> parts = new ArrayList<>();
        byte[] whole = new byte[Arrays.stream(sizes).sum()];
        int offset = 0;
        for (int i = 0; i < sizes.length; i++) {
            byte[] part = new byte[sizes[i]];
            random.nextBytes(part);
            System.arraycopy(part, 0, whole, offset, part.length);
            offset += part.length;
            int number = i + 1;
            String eTag = s3().uploadPart(r -> r.bucket(bucket).key(key).uploadId(uploadId).partNumber(number),
                    RequestBody.fromBytes(part)).eTag();
            parts.add(CompletedPart.builder().partNumber(number).eTag(eTag).build());
        }
        CompleteMultipartUploadResponse done = s3().completeMultipartUpload(r -> r.bucket(bucket).key(key)
                .uploadId(uploadId).multipartUpload(u -> u.parts(parts)));
        return new Uploaded(done.eTag(), done.versionId(), whole);
    }

    private record Uploaded(String eTag, String versionId, byte[] bytes) {
    }

    private static HeadObjectResponse headPart(String bucket, String key, int part) {
        return s3().headObject(r -> r.bucket(bucket).key(key).partNumber(part));
    }

    private static void assertPart(HeadObjectResponse head, Uploaded object, int[] sizes, int part) {
        long start = Arrays.stream(sizes, 0, part - 1).asLongStream().sum();
        assertThat(head.sdkHttpResponse().statusCode()).as("part %d", part).isEqualTo(206);
        assertThat(head.contentLength()).as("part %d", part).isEqualTo(sizes[part - 1]);
        assertThat(head.contentRange()).isEqualTo("bytes " + start + "-" + (start + sizes[part - 1] - 1) + "/"
                + object.bytes().length);
        assertThat(head.partsCount()).isEqualTo(sizes.length);
        assertThat(head.eTag()).isEqualTo(object.eTag()).endsWith("-" + sizes.length + "\"");
    }

    @Test
    void headObjectOfAPartAnswersThatPartOfAnObjectUploadedInParts() {
        Uploaded object = upload(PLAIN, "parts/unequal", SIZES);

        for (int part = 1; part <= SIZES.length; part++) {
            assertPart(headPart(PLAIN, "parts/unequal", part), object, SIZES, part);
        }
        HeadObjectResponse whole = s3().headObject(r -> r.bucket(PLAIN).key("parts/unequal"));
        assertThat(whole.contentLength()).isEqualTo(object.bytes().length);
        assertThat(whole.partsCount()).isNull();
        assertThat(whole.sdkHttpResponse().statusCode()).isEqualTo(200);
    }

    @Test
    void getObjectOfAPartAnswersThatPartsBytes() {
        Uploaded object = upload(PLAIN, "parts/get", SIZES);

        ResponseBytes<GetObjectResponse> second = s3().getObjectAsBytes(r -> r.bucket(PLAIN).key("parts/get")
                .partNumber(2));

        assertThat(second.response().sdkHttpResponse().statusCode()).isEqualTo(206);
        assertThat(second.response().contentLength()).isEqualTo(SIZES[1]);
        assertThat(second.response().contentRange()).isEqualTo("bytes " + SIZES[0] + "-" + (SIZES[0] + SIZES[1] - 1)
                + "/" + object.bytes().length);
        assertThat(second.response().partsCount()).isEqualTo(3);
        assertThat(second.response().eTag()).isEqualTo(object.eTag());
        assertThat(second.asByteArray()).isEqualTo(Arrays.copyOfRange(object.bytes(), SIZES[0], SIZES[0] + SIZES[1]));
    }

    @Test
    void aPartBeyondTheLastIsInvalidPartNumber() {
        upload(PLAIN, "parts/beyond", SIZES);

        assertThatThrownBy(() -> s3().getObjectAsBytes(r -> r.bucket(PLAIN).key("parts/beyond").partNumber(4)))
                .isInstanceOfSatisfying(S3Exception.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(416);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidPartNumber");
                });
        assertThatThrownBy(() -> headPart(PLAIN, "parts/beyond", 4))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(416));
    }

    @Test
    void anObjectUploadedInOnePieceIsOnePart() {
        s3().putObject(r -> r.bucket(PLAIN).key("parts/single"), RequestBody.fromString("eleven char"));

        HeadObjectResponse first = headPart(PLAIN, "parts/single", 1);
        assertThat(first.sdkHttpResponse().statusCode()).isEqualTo(206);
        assertThat(first.contentLength()).isEqualTo(11);
        assertThat(first.contentRange()).isEqualTo("bytes 0-10/11");
        assertThat(first.partsCount()).as("no parts count for an object uploaded in one piece").isNull();
        assertThat(s3().getObjectAsBytes(r -> r.bucket(PLAIN).key("parts/single").partNumber(1)).asUtf8String())
                .isEqualTo("eleven char");
        assertThatThrownBy(() -> headPart(PLAIN, "parts/single", 2))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(416));
    }

    @Test
    void aWriteOverAKeyUploadedInPartsLeavesOnePart() {
        upload(PLAIN, "parts/overwritten", SIZES);
        s3().putObject(r -> r.bucket(PLAIN).key("parts/overwritten"), RequestBody.fromString("now small"));

        HeadObjectResponse first = headPart(PLAIN, "parts/overwritten", 1);
        assertThat(first.contentLength()).isEqualTo(9);
        assertThat(first.partsCount()).isNull();

        Uploaded again = upload(PLAIN, "parts/overwritten", 5 * MIB, 7);
        assertPart(headPart(PLAIN, "parts/overwritten", 2), again, new int[] {5 * MIB, 7}, 2);
    }

    @Test
    void everyVersionOfAVersionedKeyKeepsItsOwnParts() {
        int[] older = {5 * MIB, 5 * MIB + 3, 10};
        int[] newer = {5 * MIB + 77, 1};
        Uploaded first = upload(VERSIONED, "parts/versions", older);
        Uploaded second = upload(VERSIONED, "parts/versions", newer);
        assertThat(first.versionId()).isNotNull().isNotEqualTo(second.versionId());

        assertPart(headPart(VERSIONED, "parts/versions", 2), second, newer, 2);
        for (int part = 1; part <= older.length; part++) {
            int number = part;
            assertPart(s3().headObject(r -> r.bucket(VERSIONED).key("parts/versions").versionId(first.versionId())
                    .partNumber(number)), first, older, part);
        }
    }

    @Test
    void partsCopiedFromAnotherObjectHaveTheSizesCopied() {
        byte[] source = new byte[6 * MIB];
        new Random(7).nextBytes(source);
        s3().putObject(r -> r.bucket(PLAIN).key("parts/copy-source"), RequestBody.fromBytes(source));
        s3().putObject(r -> r.bucket(PLAIN).key("parts/small-source"), RequestBody.fromString("tail"));
        String key = "parts/copied";
        String uploadId = s3().createMultipartUpload(r -> r.bucket(PLAIN).key(key)).uploadId();
        // a range of one source, then another source whole: its size is in no request
        String first = s3().uploadPartCopy(r -> r.sourceBucket(PLAIN).sourceKey("parts/copy-source")
                .copySourceRange("bytes=100-" + (5 * MIB + 99)).destinationBucket(PLAIN).destinationKey(key)
                .uploadId(uploadId).partNumber(1)).copyPartResult().eTag();
        String second = s3().uploadPartCopy(r -> r.sourceBucket(PLAIN).sourceKey("parts/small-source")
                .destinationBucket(PLAIN).destinationKey(key).uploadId(uploadId).partNumber(2))
                .copyPartResult().eTag();
        String eTag = s3().completeMultipartUpload(r -> r.bucket(PLAIN).key(key).uploadId(uploadId)
                .multipartUpload(u -> u.parts(CompletedPart.builder().partNumber(1).eTag(first).build(),
                        CompletedPart.builder().partNumber(2).eTag(second).build()))).eTag();

        Uploaded object = new Uploaded(eTag, null, new byte[5 * MIB + 4]);
        assertPart(headPart(PLAIN, key, 1), object, new int[] {5 * MIB, 4}, 1);
        assertPart(headPart(PLAIN, key, 2), object, new int[] {5 * MIB, 4}, 2);
        assertThat(s3().getObjectAsBytes(r -> r.bucket(PLAIN).key(key).partNumber(2)).asUtf8String())
                .isEqualTo("tail");
    }

    @Test
    void aCopyOfAnObjectUploadedInPartsIsOnePieceAsS3MakesIt() {
        Uploaded object = upload(PLAIN, "parts/copy-of-parts", SIZES);

        String copied = s3().copyObject(r -> r.sourceBucket(PLAIN).sourceKey("parts/copy-of-parts")
                .destinationBucket(PLAIN).destinationKey("parts/the-copy")).copyObjectResult().eTag();

        assertThat(copied).as("a plain MD5, as S3 gives a copy made in one request").doesNotContain("-")
                .isNotEqualTo(object.eTag());
        HeadObjectResponse first = headPart(PLAIN, "parts/the-copy", 1);
        assertThat(first.contentLength()).isEqualTo(object.bytes().length);
        assertThat(first.partsCount()).isNull();
    }

    @Test
    void aPartNumberOutOfRangeOrWithARangeIsRefusedAsS3RefusesIt() throws Exception {
        s3().putObject(r -> r.bucket(PLAIN).key("parts/refused"), RequestBody.fromString("x"));
        HttpClient http = HttpClient.newHttpClient();
        String url = SANDBOX.environment().s3Endpoint() + "/" + PLAIN + "/parts/refused";

        HttpResponse<String> zero = http.send(HttpRequest.newBuilder(URI.create(url + "?partNumber=0")).GET()
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(zero.statusCode()).isEqualTo(400);
        assertThat(zero.body()).contains("<Code>InvalidArgument</Code>")
                .contains("<ArgumentName>partNumber</ArgumentName><ArgumentValue>0</ArgumentValue>");

        HttpResponse<String> ranged = http.send(HttpRequest.newBuilder(URI.create(url + "?partNumber=1"))
                .header("Range", "bytes=0-0").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(ranged.statusCode()).isEqualTo(400);
        assertThat(ranged.body()).contains("<Code>InvalidRequest</Code>");

        HttpResponse<String> beyond = http.send(HttpRequest.newBuilder(URI.create(url + "?partNumber=2")).GET()
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(beyond.statusCode()).isEqualTo(416);
        assertThat(beyond.body()).contains("<Code>InvalidPartNumber</Code>")
                .contains("<PartNumberRequested>2</PartNumberRequested><ActualPartCount>1</ActualPartCount>");
    }

    /** S3 leaves a key's object alone when an upload in parts to that key is aborted (S3Mock 4.12 forgot the key). */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {PLAIN, VERSIONED})
    void anUploadAbortedLeavesTheObjectTheKeyHolds(String bucket) {
        String key = "parts/aborted-over";
        String eTag = s3().putObject(r -> r.bucket(bucket).key(key), RequestBody.fromString("kept")).eTag();
        String uploadId = s3().createMultipartUpload(r -> r.bucket(bucket).key(key)).uploadId();
        s3().uploadPart(r -> r.bucket(bucket).key(key).uploadId(uploadId).partNumber(1),
                RequestBody.fromString("never completed"));

        s3().abortMultipartUpload(r -> r.bucket(bucket).key(key).uploadId(uploadId));

        assertThat(s3().headObject(r -> r.bucket(bucket).key(key)).eTag()).isEqualTo(eTag);
        assertThat(s3().listObjectsV2(r -> r.bucket(bucket).prefix(key)).contents()).hasSize(1);
        assertThat(s3().listMultipartUploads(r -> r.bucket(bucket)).uploads()).isEmpty();
    }
}
