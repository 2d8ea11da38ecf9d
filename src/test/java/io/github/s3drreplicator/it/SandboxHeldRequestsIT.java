package io.github.s3drreplicator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.s3drreplicator.sandbox.Hold;
import io.github.s3drreplicator.sandbox.HoldRule;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Holding one chosen request back, through the AWS SDK and the control endpoint: a held request reaches the store
 * only when released and then sees the state of that moment, while other clients' requests for the same key go
 * through; a late one is served at once and answered when released, with what was true before.
 */
class SandboxHeldRequestsIT {

    private static final String PROD = AwsTestEnvironment.SOURCE_BUCKET;
    private static final String DR = AwsTestEnvironment.TARGET_BUCKET;
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.withoutEvents();

    /** Another client than the one held, as another replica or a user would be. */
    private static S3Client other;

    @BeforeAll
    static void otherClient() {
        other = AwsTestEnvironment.s3Client(SANDBOX.environment().s3Endpoint());
    }

    @AfterAll
    static void closeOtherClient() {
        other.close();
    }

    private static S3Client s3() {
        return SANDBOX.s3();
    }

    private static String put(String bucket, String key, String body) {
        return other.putObject(r -> r.bucket(bucket).key(key), RequestBody.fromString(body)).eTag();
    }

    private static String content(String bucket, String key) {
        return other.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asUtf8String();
    }

    private static <T> CompletableFuture<T> async(Supplier<T> call) {
        return CompletableFuture.supplyAsync(call);
    }

    private static <T> T answer(CompletableFuture<T> call) throws Exception {
        return call.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    /** The S3 error a call that was held ended with. */
    private static S3Exception failure(CompletableFuture<?> call) {
        try {
            call.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof S3Exception s3Error) {
                return s3Error;
            }
            throw new AssertionError("failed otherwise", e.getCause());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("succeeded");
    }

    private static HttpResponse<String> control(String method, String pathAndQuery) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(SANDBOX.environment().s3Endpoint() + pathAndQuery))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode controlJson(String method, String pathAndQuery) throws Exception {
        HttpResponse<String> response = control(method, pathAndQuery);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    @Test
    void aHeldHeadObjectAnswersOnlyWhenReleasedAndSeesTheObjectAnotherClientPutMeanwhile() throws Exception {
        String key = "held/head.txt";
        Hold hold = SANDBOX.hold(HoldRule.hold("HeadObject", PROD, key));

        CompletableFuture<HeadObjectResponse> head = async(() -> s3().headObject(r -> r.bucket(PROD).key(key)));
        hold.awaitArrived(WAIT);
        String written = put(PROD, key, "written while the head waited");

        assertThat(head).as("held until released").isNotDone();
        hold.release();
        assertThat(answer(head).eTag()).as("the state at its release").isEqualTo(written);
        hold.awaitAnswered(WAIT);
        assertThat(hold.held()).isEqualTo(1);
    }

    @Test
    void aLateHeadObjectAnswersTheStateFromBeforeAPutThatWentThroughMeanwhile() throws Exception {
        String key = "late/head.txt";
        String before = put(PROD, key, "before");
        Hold late = SANDBOX.hold(HoldRule.late("HeadObject", PROD, key));

        CompletableFuture<HeadObjectResponse> head = async(() -> s3().headObject(r -> r.bucket(PROD).key(key)));
        late.awaitArrived(WAIT);
        String after = put(PROD, key, "after, written while the answer waited");

        assertThat(head).isNotDone();
        late.release();
        assertThat(answer(head).eTag()).as("a stale answer").isEqualTo(before);
        assertThat(s3().headObject(r -> r.bucket(PROD).key(key)).eTag()).as("the rule is spent").isEqualTo(after);
        late.awaitAnswered(WAIT);
    }

    @Test
    void aLateGetObjectAnswersTheWholeObjectFromBeforeAnOverwriteThatWentThroughMeanwhile() throws Exception {
        String key = "late/large.bin";
        // larger than what the connections between the store, the proxy and the client hold: the store is still
        // reading it from its file when the overwrite comes, unless the proxy read it whole before waiting
        byte[] before = new byte[32 * 1024 * 1024];
        Arrays.fill(before, (byte) 'a');
        other.putObject(r -> r.bucket(PROD).key(key), RequestBody.fromBytes(before));
        Hold late = SANDBOX.hold(HoldRule.late("GetObject", PROD, key));

        CompletableFuture<byte[]> get = async(() -> s3().getObjectAsBytes(r -> r.bucket(PROD).key(key)).asByteArray());
        late.awaitArrived(WAIT);
        String after = put(PROD, key, "after, written while the answer waited");

        late.release();
        byte[] read = answer(get);
        assertThat(read.length).as("every byte of the object read").isEqualTo(before.length);
        assertThat(Arrays.equals(read, before)).as("the object from before the overwrite").isTrue();
        assertThat(other.headObject(r -> r.bucket(PROD).key(key)).eTag()).isEqualTo(after);
    }

    @Test
    void aHeldCompleteMultipartUploadIsJudgedAtItsReleaseAgainstThePutThatWentFirst() throws Exception {
        String key = "held/complete.txt";
        String uploadId = s3().createMultipartUpload(r -> r.bucket(PROD).key(key)).uploadId();
        String part = s3().uploadPart(r -> r.bucket(PROD).key(key).uploadId(uploadId).partNumber(1),
                RequestBody.fromString("uploaded in parts")).eTag();
        Hold hold = SANDBOX.hold(HoldRule.hold("CompleteMultipartUpload", PROD, key));

        CompletableFuture<?> complete = async(() -> s3().completeMultipartUpload(r -> r.bucket(PROD).key(key)
                .uploadId(uploadId).ifNoneMatch("*")
                .multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(1).eTag(part).build()))));
        hold.awaitArrived(WAIT);
        other.putObject(r -> r.bucket(PROD).key(key).ifNoneMatch("*"), RequestBody.fromString("put first"));
        hold.release();

        S3Exception refused = failure(complete);
        assertThat(refused.statusCode()).isEqualTo(412);
        assertThat(refused.awsErrorDetails().errorCode()).isEqualTo("PreconditionFailed");
        assertThat(content(PROD, key)).isEqualTo("put first");
    }

    @Test
    void aLateCompleteMultipartUploadHasWrittenTheObjectBeforeItsClientKnows() throws Exception {
        String key = "late/complete.txt";
        String uploadId = s3().createMultipartUpload(r -> r.bucket(PROD).key(key)).uploadId();
        String part = s3().uploadPart(r -> r.bucket(PROD).key(key).uploadId(uploadId).partNumber(1),
                RequestBody.fromString("uploaded in parts")).eTag();
        Hold late = SANDBOX.hold(HoldRule.late("CompleteMultipartUpload", PROD, key));

        CompletableFuture<?> complete = async(() -> s3().completeMultipartUpload(r -> r.bucket(PROD).key(key)
                .uploadId(uploadId)
                .multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(1).eTag(part).build()))));
        late.awaitArrived(WAIT);

        assertThat(content(PROD, key)).isEqualTo("uploaded in parts");
        assertThat(complete).isNotDone();
        late.release();
        answer(complete);
    }

    @Test
    void aHeldCopyFromDrIntoProductionIsPickedByItsSourceAndJudgedAtItsRelease() throws Exception {
        String key = "held/copied.txt";
        put(DR, key, "kept in DR");
        put(PROD, "held/elsewhere.txt", "from production itself");
        Hold hold = SANDBOX.hold(HoldRule.hold("CopyObject", PROD, key).copiedFrom(DR));

        String seen = s3().copyObject(r -> r.sourceBucket(PROD).sourceKey("held/elsewhere.txt")
                .destinationBucket(PROD).destinationKey(key)).copyObjectResult().eTag();
        assertThat(hold.held()).as("a copy from another bucket is not the one").isZero();
        CompletableFuture<?> restore = async(() -> s3().copyObject(r -> r.sourceBucket(DR).sourceKey(key)
                .destinationBucket(PROD).destinationKey(key).ifMatch(seen)));
        hold.awaitArrived(WAIT);
        put(PROD, key, "newer in production");
        hold.release();

        S3Exception refused = failure(restore);
        assertThat(refused.statusCode()).isEqualTo(412);
        assertThat(content(PROD, key)).isEqualTo("newer in production");
    }

    @Test
    void aHeldDeleteObjectsBatchNamingTheKeyWaitsWhileOneNotNamingItDoesNot() throws Exception {
        put(PROD, "batch/a", "a");
        put(PROD, "batch/b", "b");
        put(PROD, "batch/c", "c");
        Hold hold = SANDBOX.hold(HoldRule.hold("DeleteObjects", PROD, "batch/b"));

        s3().deleteObjects(r -> r.bucket(PROD).delete(d -> d.objects(o -> o.key("batch/a"))));
        CompletableFuture<DeleteObjectsResponse> batch = async(() -> s3().deleteObjects(r -> r.bucket(PROD)
                .delete(d -> d.objects(o -> o.key("batch/b"), o -> o.key("batch/c")))));
        hold.awaitArrived(WAIT);

        assertThat(content(PROD, "batch/b")).as("not deleted yet").isEqualTo("b");
        hold.release();
        assertThat(answer(batch).deleted()).hasSize(2);
        assertThatThrownBy(() -> other.headObject(r -> r.bucket(PROD).key("batch/b")))
                .isInstanceOf(NoSuchKeyException.class);
    }

    @Test
    void requestsForOtherKeysOperationsOrBucketsAndTheSandboxsOwnAreNotHeld() throws Exception {
        put(PROD, "alone/a", "a");
        put(PROD, "alone/b", "b");
        put(DR, "alone/a", "dr");
        Hold hold = SANDBOX.hold(HoldRule.hold("HeadObject", PROD, "alone/a"));

        assertThat(s3().headObject(r -> r.bucket(PROD).key("alone/b")).contentLength()).isEqualTo(1);
        assertThat(s3().getObjectAsBytes(r -> r.bucket(PROD).key("alone/a")).asUtf8String()).isEqualTo("a");
        assertThat(s3().headObject(r -> r.bucket(DR).key("alone/a")).contentLength()).isEqualTo(2);
        HttpResponse<Void> internal = HTTP.send(HttpRequest.newBuilder(URI.create(SANDBOX.environment().s3Endpoint()
                        + "/prod-bucket/alone/a")).header("x-sandbox-internal", "true")
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        assertThat(internal.statusCode()).isEqualTo(200);

        assertThat(hold.held()).isZero();
        CompletableFuture<HeadObjectResponse> head = async(() -> s3().headObject(r -> r.bucket(PROD).key("alone/a")));
        hold.awaitArrived(WAIT).release();
        assertThat(answer(head).contentLength()).isEqualTo(1);
    }

    @Test
    void anOccurrencePicksTheNthMatchingRequestAndEveryOneWithATimeGoesOnByItself() throws Exception {
        String key = "occurrence/a";
        put(PROD, key, "a");
        Hold second = SANDBOX.hold(HoldRule.hold("HeadObject", PROD, key).occurrence(2));

        s3().headObject(r -> r.bucket(PROD).key(key));
        CompletableFuture<HeadObjectResponse> head = async(() -> s3().headObject(r -> r.bucket(PROD).key(key)));
        second.awaitArrived(WAIT).release();
        answer(head);

        Hold slow = SANDBOX.hold(HoldRule.late("GetObject", PROD, key).everyOne().releasedAfter(Duration.ofMillis(300)));
        List<CompletableFuture<String>> reads = List.of(
                async(() -> s3().getObjectAsBytes(r -> r.bucket(PROD).key(key)).asUtf8String()),
                async(() -> s3().getObjectAsBytes(r -> r.bucket(PROD).key(key)).asUtf8String()));
        for (CompletableFuture<String> read : reads) {
            assertThat(answer(read)).isEqualTo("a");
        }
        assertThat(slow.awaitAnswered(WAIT).held()).isEqualTo(2);
        assertThat(slow.released()).as("each went on by itself").isFalse();
    }

    @Test
    void theControlEndpointHoldsListsAndReleasesForReplicasInOtherProcesses() throws Exception {
        String key = "control/a b+c.txt";
        put(DR, key, "in DR");
        JsonNode made = controlJson("POST", "/_sandbox/holds?operation=HeadObject&bucket=dr-bucket&key="
                + URLEncoder.encode(key, StandardCharsets.UTF_8).replace("+", "%20") + "&mode=hold");
        String id = made.get("id").asText();
        assertThat(made.toString()).isEqualTo("{\"id\":\"" + id + "\",\"operation\":\"HeadObject\",\"bucket\":"
                + "\"dr-bucket\",\"key\":\"control/a b+c.txt\",\"mode\":\"hold\",\"occurrence\":1,\"waiting\":0,"
                + "\"held\":0,\"answered\":0,\"released\":false}");

        CompletableFuture<HeadObjectResponse> head = async(() -> s3().headObject(r -> r.bucket(DR).key(key)));
        await().atMost(WAIT).until(() -> controlJson("GET", "/_sandbox/holds/" + id).get("waiting").asInt() == 1);
        assertThat(controlJson("GET", "/_sandbox/holds").get("holds")).anySatisfy(hold ->
                assertThat(hold.get("id").asText()).isEqualTo(id));
        assertThat(head).isNotDone();

        JsonNode released = controlJson("POST", "/_sandbox/holds/" + id + "/release");
        assertThat(released.get("released").asBoolean()).isTrue();
        assertThat(answer(head).contentLength()).isEqualTo(5);
        await().atMost(WAIT).until(() -> controlJson("GET", "/_sandbox/holds/" + id).get("answered").asInt() == 1);

        JsonNode late = controlJson("POST", "/_sandbox/holds?operation=CopyObject&bucket=prod-bucket&key=x"
                + "&copySourceBucket=dr-bucket&mode=late&occurrence=every&releaseAfterMs=1000");
        assertThat(late.get("occurrence").asText()).isEqualTo("every");
        assertThat(late.get("copySourceBucket").asText()).isEqualTo("dr-bucket");
        assertThat(late.get("releaseAfterMs").asLong()).isEqualTo(1000);
        assertThat(controlJson("DELETE", "/_sandbox/holds").toString()).isEqualTo("{\"holds\":[]}");
    }

    @Test
    void theControlEndpointRefusesMistakesSayingWhat() throws Exception {
        HttpResponse<String> bucketOperation = control("POST", "/_sandbox/holds?operation=HeadBucket&bucket=dr-bucket"
                + "&key=a");
        assertThat(bucketOperation.statusCode()).isEqualTo(400);
        assertThat(bucketOperation.body()).contains("an S3 operation on a key").contains("HeadBucket");
        assertThat(control("POST", "/_sandbox/holds?operation=HeadObject&bucket=dr-bucket").body())
                .contains("missing parameter 'key'");
        assertThat(control("POST", "/_sandbox/holds?operation=HeadObject&bucket=dr-bucket&key=a&mode=slow").body())
                .contains("unknown hold mode 'slow'");
        assertThat(control("POST", "/_sandbox/holds?operation=HeadObject&bucket=dr-bucket&key=a&occurrence=first")
                .body()).contains("'occurrence' is a number");
        HttpResponse<String> typo = control("POST", "/_sandbox/holds?operation=CopyObject&bucket=dr-bucket&key=a"
                + "&copySource=prod-bucket");
        assertThat(typo.statusCode()).isEqualTo(400);
        assertThat(typo.body()).contains("unknown parameters [copySource]");
        assertThat(control("POST", "/_sandbox/holds/999/release").statusCode()).isEqualTo(404);
        assertThat(control("PUT", "/_sandbox/holds").statusCode()).isEqualTo(405);
        assertThat(controlJson("GET", "/_sandbox/holds").get("holds")).isEmpty();
    }

    @Test
    void releasingEveryHoldLetsEveryWaitingRequestGoOn() throws Exception {
        put(PROD, "all/a", "a");
        Hold held = SANDBOX.hold(HoldRule.hold("HeadObject", PROD, "all/a"));
        Hold late = SANDBOX.hold(HoldRule.late("GetObject", PROD, "all/a"));

        CompletableFuture<HeadObjectResponse> head = async(() -> s3().headObject(r -> r.bucket(PROD).key("all/a")));
        CompletableFuture<String> get = async(() -> s3().getObjectAsBytes(r -> r.bucket(PROD).key("all/a"))
                .asUtf8String());
        held.awaitArrived(WAIT);
        late.awaitArrived(WAIT);
        SANDBOX.environment().releaseHolds();

        assertThat(answer(head).contentLength()).isEqualTo(1);
        assertThat(answer(get)).isEqualTo("a");
        assertThat(SANDBOX.environment().sandbox().holds()).isEmpty();
    }
}
