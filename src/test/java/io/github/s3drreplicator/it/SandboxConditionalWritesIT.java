package io.github.s3drreplicator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Conditional writes as S3 honours them, through the AWS SDK: {@code If-None-Match: *} and {@code If-Match} on
 * PutObject, the destination of CopyObject and CompleteMultipartUpload, {@code If-Match} on DeleteObject and an
 * {@code ETag} per object of DeleteObjects, each judged and done as one step per key.
 */
class SandboxConditionalWritesIT {

    private static final String BUCKET = AwsTestEnvironment.TARGET_BUCKET;

    private static SandboxEnvironment environment;
    private static S3Client s3;

    @BeforeAll
    static void startSandbox() throws IOException {
        environment = SandboxEnvironment.start(settings -> settings.withEvents(false));
        s3 = S3Client.builder()
                .endpointOverride(URI.create(environment.s3Endpoint()))
                .forcePathStyle(true)
                .region(Region.US_EAST_2)
                .credentialsProvider(AwsTestEnvironment.credentials())
                .build();
    }

    @AfterAll
    static void stopSandbox() {
        s3.close();
        environment.close();
    }

    private static String put(String key, String body) {
        return s3.putObject(r -> r.bucket(BUCKET).key(key), RequestBody.fromString(body)).eTag();
    }

    private static String content(String key) {
        return s3.getObjectAsBytes(r -> r.bucket(BUCKET).key(key)).asUtf8String();
    }

    /** Asserts the S3 error a call fails with (the condition named is pinned with plain HTTP below). */
    private static void fails(ThrowableAssert.ThrowingCallable call, int status, String code, String condition) {
        assertThatThrownBy(call).as("failing on %s", condition).isInstanceOfSatisfying(S3Exception.class, e -> {
            assertThat(e.statusCode()).isEqualTo(status);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
        });
    }

    @Test
    void aFailedConditionIsAnsweredWithS3sErrorNamingTheCondition() throws Exception {
        put("plain/a", "a");
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> refused = http.send(HttpRequest.newBuilder(URI.create(environment.s3Endpoint()
                        + "/dr-bucket/plain/a")).header("If-None-Match", "*")
                .PUT(HttpRequest.BodyPublishers.ofString("b")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(412);
        assertThat(refused.body()).contains("<Error><Code>PreconditionFailed</Code><Message>At least one of the"
                + " pre-conditions you specified did not hold</Message><Condition>If-None-Match</Condition>"
                + "<RequestId>").contains("<HostId>");

        HttpResponse<String> missing = http.send(HttpRequest.newBuilder(URI.create(environment.s3Endpoint()
                        + "/dr-bucket/plain/missing")).header("If-Match", "\"0000\"")
                .PUT(HttpRequest.BodyPublishers.ofString("b")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).contains("<Error><Code>NoSuchKey</Code><Message>The specified key does not exist."
                + "</Message><Key>plain/missing</Key>");
        assertThat(content("plain/a")).isEqualTo("a");
    }

    @Test
    void putObjectHonoursIfNoneMatchAndIfMatch() {
        s3.putObject(r -> r.bucket(BUCKET).key("put/new").ifNoneMatch("*"), RequestBody.fromString("first"));
        fails(() -> s3.putObject(r -> r.bucket(BUCKET).key("put/new").ifNoneMatch("*"),
                RequestBody.fromString("second")), 412, "PreconditionFailed", "If-None-Match");
        assertThat(content("put/new")).isEqualTo("first");

        String eTag = s3.headObject(r -> r.bucket(BUCKET).key("put/new")).eTag();
        fails(() -> s3.putObject(r -> r.bucket(BUCKET).key("put/new").ifMatch("\"0000\""),
                RequestBody.fromString("third")), 412, "PreconditionFailed", "If-Match");
        s3.putObject(r -> r.bucket(BUCKET).key("put/new").ifMatch(eTag), RequestBody.fromString("fourth"));
        assertThat(content("put/new")).isEqualTo("fourth");

        fails(() -> s3.putObject(r -> r.bucket(BUCKET).key("put/missing").ifMatch(eTag),
                RequestBody.fromString("x")), 404, "NoSuchKey", null);
    }

    @Test
    void copyObjectHonoursConditionsOnItsDestination() {
        String sourceETag = s3.putObject(r -> r.bucket(BUCKET).key("copy/source"), RequestBody.fromString("s"))
                .eTag();
        String destinationETag = put("copy/destination", "d");

        fails(() -> s3.copyObject(r -> r.sourceBucket(BUCKET).sourceKey("copy/source").destinationBucket(BUCKET)
                .destinationKey("copy/destination").ifNoneMatch("*")), 412, "PreconditionFailed", "If-None-Match");
        fails(() -> s3.copyObject(r -> r.sourceBucket(BUCKET).sourceKey("copy/source").destinationBucket(BUCKET)
                .destinationKey("copy/destination").ifMatch(sourceETag)), 412, "PreconditionFailed", "If-Match");
        fails(() -> s3.copyObject(r -> r.sourceBucket(BUCKET).sourceKey("copy/source").destinationBucket(BUCKET)
                .destinationKey("copy/nothing").ifMatch(destinationETag)), 404, "NoSuchKey", null);
        assertThat(content("copy/destination")).isEqualTo("d");

        s3.copyObject(r -> r.sourceBucket(BUCKET).sourceKey("copy/source").destinationBucket(BUCKET)
                .destinationKey("copy/destination").ifMatch(destinationETag));
        assertThat(content("copy/destination")).isEqualTo("s");
        s3.copyObject(r -> r.sourceBucket(BUCKET).sourceKey("copy/source").destinationBucket(BUCKET)
                .destinationKey("copy/new").ifNoneMatch("*"));
        assertThat(content("copy/new")).isEqualTo("s");
    }

    @Test
    void copySourceConditionsAreHonouredByTheStoreItself() {
        String eTag = put("copy-source/a", "a");

        fails(() -> s3.copyObject(r -> r.sourceBucket(BUCKET).sourceKey("copy-source/a").destinationBucket(BUCKET)
                .destinationKey("copy-source/b").copySourceIfMatch("\"0000\"")), 412, "PreconditionFailed", null);
        fails(() -> s3.copyObject(r -> r.sourceBucket(BUCKET).sourceKey("copy-source/a").destinationBucket(BUCKET)
                .destinationKey("copy-source/b").copySourceIfNoneMatch(eTag)), 412, "PreconditionFailed", null);
        s3.copyObject(r -> r.sourceBucket(BUCKET).sourceKey("copy-source/a").destinationBucket(BUCKET)
                .destinationKey("copy-source/b").copySourceIfMatch(eTag));
    }

    @Test
    void completeMultipartUploadHonoursIfNoneMatchAndIfMatch() {
        String existing = put("multipart/a", "old");

        String refused = upload("multipart/a", "new");
        fails(() -> complete("multipart/a", refused, "*", null), 412, "PreconditionFailed", "If-None-Match");
        fails(() -> complete("multipart/a", refused, null, "\"0000\""), 412, "PreconditionFailed", "If-Match");
        assertThat(content("multipart/a")).isEqualTo("old");
        complete("multipart/a", refused, null, existing);
        assertThat(content("multipart/a")).isEqualTo("new");

        String fresh = upload("multipart/b", "b");
        fails(() -> complete("multipart/b", fresh, null, existing), 404, "NoSuchKey", null);
        complete("multipart/b", fresh, "*", null);
        assertThat(content("multipart/b")).isEqualTo("b");
    }

    private static String upload(String key, String body) {
        String uploadId = s3.createMultipartUpload(r -> r.bucket(BUCKET).key(key)).uploadId();
        s3.uploadPart(r -> r.bucket(BUCKET).key(key).uploadId(uploadId).partNumber(1), RequestBody.fromString(body));
        return uploadId;
    }

    private static void complete(String key, String uploadId, String ifNoneMatch, String ifMatch) {
        String part = s3.listParts(r -> r.bucket(BUCKET).key(key).uploadId(uploadId)).parts().get(0).eTag();
        s3.completeMultipartUpload(r -> r.bucket(BUCKET).key(key).uploadId(uploadId)
                .ifNoneMatch(ifNoneMatch).ifMatch(ifMatch)
                .multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(1).eTag(part).build())));
    }

    @Test
    void deleteObjectHonoursIfMatch() {
        String eTag = put("delete/a", "a");

        fails(() -> s3.deleteObject(r -> r.bucket(BUCKET).key("delete/a").ifMatch("\"0000\"")), 412,
                "PreconditionFailed", "If-Match");
        fails(() -> s3.deleteObject(r -> r.bucket(BUCKET).key("delete/nothing").ifMatch(eTag)), 404, "NoSuchKey",
                null);
        s3.deleteObject(r -> r.bucket(BUCKET).key("delete/a").ifMatch(eTag));
        assertThat(s3.listObjectsV2(r -> r.bucket(BUCKET).prefix("delete/")).keyCount()).isZero();
    }

    @Test
    void deleteObjectsHonoursTheETagOfEachObjectAndReportsThoseItKept() {
        String a = put("batch/a", "a");
        put("batch/b", "b");
        put("batch/c", "c");

        DeleteObjectsResponse answer = s3.deleteObjects(r -> r.bucket(BUCKET).delete(d -> d.objects(
                ObjectIdentifier.builder().key("batch/a").eTag(a).build(),
                ObjectIdentifier.builder().key("batch/b").eTag("\"0000\"").build(),
                ObjectIdentifier.builder().key("batch/c").build(),
                ObjectIdentifier.builder().key("batch/gone").eTag(a).build())));

        assertThat(answer.deleted()).extracting(d -> d.key()).containsExactlyInAnyOrder("batch/a", "batch/c");
        assertThat(answer.errors()).extracting(e -> e.key() + " " + e.code())
                .containsExactlyInAnyOrder("batch/b PreconditionFailed", "batch/gone NoSuchKey");
        assertThat(s3.listObjectsV2(r -> r.bucket(BUCKET).prefix("batch/")).contents())
                .extracting(o -> o.key()).containsExactly("batch/b");

        DeleteObjectsResponse allRefused = s3.deleteObjects(r -> r.bucket(BUCKET).delete(d -> d.objects(
                ObjectIdentifier.builder().key("batch/b").eTag("\"0000\"").build())));
        assertThat(allRefused.deleted()).isEmpty();
        assertThat(allRefused.errors()).extracting(e -> e.code()).containsExactly("PreconditionFailed");
    }

    /**
     * The store writes an object's file in place and sends a GetObject's body from that file after its headers: an
     * overwrite meanwhile cut the body short of its Content-Length, and the client waited for the rest until it gave
     * up. A read of an object's bytes holds its key's lock shared until its answer has gone through.
     */
    @Test
    void aGetObjectReadsTheObjectItBeganWithWholeWhileAnOverwriteOfItsKeyWaits() throws Exception {
        String key = "read-while-overwritten.bin";
        // larger than what the connections between the store, the proxy and the client hold: the store is still
        // reading it from its file while the client has read only its start
        byte[] first = new byte[32 * 1024 * 1024];
        Arrays.fill(first, (byte) 'a');
        s3.putObject(r -> r.bucket(BUCKET).key(key), RequestBody.fromBytes(first));

        CompletableFuture<String> overwrite;
        byte[] read = new byte[first.length];
        try (ResponseInputStream<GetObjectResponse> body = s3.getObject(r -> r.bucket(BUCKET).key(key))) {
            int start = body.readNBytes(read, 0, 1024 * 1024);
            long putsBefore = puts();
            overwrite = CompletableFuture.supplyAsync(() -> put(key, "second"));
            await().atMost(Duration.ofSeconds(20)).until(() -> puts() > putsBefore);
            int rest = body.readNBytes(read, start, read.length - start);
            assertThat(start + rest).as("every byte of the object read").isEqualTo(first.length);
            assertThat(body.read()).as("nothing more").isEqualTo(-1);
        }
        assertThat(Arrays.equals(read, first)).as("the object the read began with").isTrue();
        overwrite.get(20, TimeUnit.SECONDS);
        assertThat(content(key)).as("the overwrite went through after the read").isEqualTo("second");
    }

    private static long puts() {
        return environment.requestCounts().getOrDefault("s3", Map.of()).getOrDefault("PutObject", 0L);
    }

    @Test
    void manyConcurrentIfNoneMatchPutsOfOneKeyHaveExactlyOneWinner() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            for (int round = 0; round < 5; round++) {
                String key = "race/create-" + round;
                List<Integer> statuses = race(pool, 16, writer -> {
                    s3.putObject(r -> r.bucket(BUCKET).key(key).ifNoneMatch("*"),
                            RequestBody.fromString("writer " + writer));
                    return 200;
                });

                assertThat(statuses).as("round %d", round).containsOnly(200, 412).containsOnlyOnce(200);
                int winner = statuses.indexOf(200);
                assertThat(content(key)).isEqualTo("writer " + winner);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void concurrentIfMatchPutsOfOneVersionHaveExactlyOneWinner() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            String eTag = put("race/swap", "start");
            List<Integer> statuses = race(pool, 16, writer -> {
                s3.putObject(r -> r.bucket(BUCKET).key("race/swap").ifMatch(eTag),
                        RequestBody.fromString("writer " + writer));
                return 200;
            });

            assertThat(statuses).containsOnly(200, 412).containsOnlyOnce(200);
            assertThat(content("race/swap")).isEqualTo("writer " + statuses.indexOf(200));
        } finally {
            pool.shutdownNow();
        }
    }

    /** Runs the writers all at once; each one's HTTP status, by writer. */
    private static List<Integer> race(ExecutorService pool, int writers, Writer writer) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> results = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            int n = i;
            Callable<Integer> attempt = () -> {
                start.await();
                try {
                    return writer.write(n);
                } catch (S3Exception e) {
                    return e.statusCode();
                }
            };
            results.add(pool.submit(attempt));
        }
        start.countDown();
        List<Integer> statuses = new ArrayList<>();
        for (Future<Integer> result : results) {
            statuses.add(result.get(60, TimeUnit.SECONDS));
        }
        return statuses;
    }

    @FunctionalInterface
    private interface Writer {
        int write(int writer);
    }

    /**
     * What the AWS SDK's multipart copy does with the destination conditions of a CopyObjectRequest: below the
     * threshold the CopyObject carries them; above it, the SDK's CreateMultipartUpload, UploadPartCopy and
     * CompleteMultipartUpload do not, so the copy overwrites an object {@code If-None-Match: *} should have kept.
     */
    @Test
    void theSdksMultipartCopyLeavesTheDestinationConditionsOfACopyObjectRequestBehind() throws Exception {
        long threshold = 5L * 1024 * 1024;
        byte[] large = new byte[(int) threshold + 1024];
        try (S3AsyncClient multipart = S3AsyncClient.builder()
                     .endpointOverride(URI.create(environment.s3Endpoint()))
                     .forcePathStyle(true)
                     .region(Region.US_EAST_2)
                     .credentialsProvider(AwsTestEnvironment.credentials())
                     .multipartEnabled(true)
                     .multipartConfiguration(m -> m.thresholdInBytes(threshold).minimumPartSizeInBytes(threshold))
                     .build()) {
            // source and destination both in the DR bucket, so that the multipart client's region is right for both
            s3.putObject(r -> r.bucket(BUCKET).key("sdk/small"), RequestBody.fromString("small"));
            s3.putObject(r -> r.bucket(BUCKET).key("sdk/large"), RequestBody.fromBytes(large));
            put("sdk/kept", "must stay");

            assertThatThrownBy(() -> multipart.copyObject(r -> r.sourceBucket(BUCKET).sourceKey("sdk/small")
                    .destinationBucket(BUCKET).destinationKey("sdk/kept").ifNoneMatch("*")).join())
                    .hasCauseInstanceOf(S3Exception.class)
                    .cause().satisfies(e -> assertThat(((S3Exception) e).statusCode()).isEqualTo(412));
            assertThat(content("sdk/kept")).isEqualTo("must stay");

            environment.resetRequestCounts();
            multipart.copyObject(r -> r.sourceBucket(BUCKET).sourceKey("sdk/large")
                    .destinationBucket(BUCKET).destinationKey("sdk/kept").ifNoneMatch("*")).get(60, TimeUnit.SECONDS);

            Map<String, Long> s3Requests = environment.requestCounts().get("s3");
            assertThat(s3Requests).containsEntry("CompleteMultipartUpload", 1L).containsKey("UploadPartCopy")
                    .doesNotContainKey("CopyObject");
            assertThat(s3.headObject(r -> r.bucket(BUCKET).key("sdk/kept")).contentLength())
                    .as("overwritten: If-None-Match: * never reached S3").isEqualTo(large.length);
        }
    }
}
