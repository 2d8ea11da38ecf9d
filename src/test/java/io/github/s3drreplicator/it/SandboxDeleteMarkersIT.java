package io.github.s3drreplicator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteMarkerEntry;
import software.amazon.awssdk.services.s3.model.DeleteObjectResponse;
import software.amazon.awssdk.services.s3.model.DeletedObject;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.ObjectVersion;

/**
 * Delete markers as S3 makes them, through the AWS SDK: a delete in a versioned bucket answers the new marker's own
 * version id, DeleteObjects names each marker it made, ListObjectVersions dates every marker with its delete and
 * lists a key's versions and markers together newest first, and a delete in a bucket that is not versioned says no
 * marker.
 */
class SandboxDeleteMarkersIT {

    private static final String VERSIONED = AwsTestEnvironment.TARGET_BUCKET;
    private static final String PLAIN = AwsTestEnvironment.SOURCE_BUCKET;

    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.withoutEvents().versioned(VERSIONED);

    private static S3Client s3() {
        return SANDBOX.s3();
    }

    private static String put(String key, String body) {
        return s3().putObject(r -> r.bucket(VERSIONED).key(key), RequestBody.fromString(body)).versionId();
    }

    /** A later millisecond than any written so far: the store dates versions to the millisecond. */
    private static void aMomentLater() {
        Instant now = Instant.now();
        await().pollInterval(Duration.ofMillis(5)).until(() -> Instant.now().isAfter(now.plusMillis(20)));
    }

    private static ListObjectVersionsResponse versions(String key) {
        return s3().listObjectVersions(r -> r.bucket(VERSIONED).prefix(key));
    }

    /** A timed delete: the marker must be dated within it. */
    private record Timed(DeleteObjectResponse response, Instant before, Instant after) {
    }

    private static Timed delete(String key) {
        Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        DeleteObjectResponse response = s3().deleteObject(r -> r.bucket(VERSIONED).key(key));
        return new Timed(response, before, Instant.now());
    }

    @Test
    void aDeleteAnswersTheMarkerItMadeDatedWithTheDelete() {
        String hidden = put("markers/one", "v1");
        aMomentLater();

        Timed deleted = delete("markers/one");

        assertThat(deleted.response().deleteMarker()).isTrue();
        assertThat(deleted.response().versionId()).isNotNull().isNotEqualTo(hidden);
        ListObjectVersionsResponse listed = versions("markers/one");
        assertThat(listed.deleteMarkers()).singleElement().satisfies(marker -> {
            assertThat(marker.versionId()).isEqualTo(deleted.response().versionId());
            assertThat(marker.isLatest()).isTrue();
            assertThat(marker.lastModified()).isBetween(deleted.before(), deleted.after())
                    .isAfter(listed.versions().get(0).lastModified());
        });
        assertThat(listed.versions()).singleElement().satisfies(version -> {
            assertThat(version.versionId()).isEqualTo(hidden);
            assertThat(version.isLatest()).isFalse();
        });
        assertThat(s3().listObjectsV2(r -> r.bucket(VERSIONED).prefix("markers/one")).contents())
                .as("a deleted key is not listed").isEmpty();
    }

    @Test
    void aKeyPutDeletedTwiceAndPutAgainListsEveryEntryNewestFirst() throws Exception {
        String first = put("markers/history", "v1");
        aMomentLater();
        s3().copyObject(r -> r.sourceBucket(VERSIONED).sourceKey("markers/history").destinationBucket(VERSIONED)
                .destinationKey("markers/history-copy"));
        Timed once = delete("markers/history");
        aMomentLater();
        Timed twice = delete("markers/history");
        aMomentLater();
        String last = put("markers/history", "v3");

        assertThat(twice.response().versionId()).isNotEqualTo(once.response().versionId());
        ListObjectVersionsResponse listed = versions("markers/history");
        assertThat(listed.deleteMarkers()).extracting(DeleteMarkerEntry::versionId, DeleteMarkerEntry::isLatest)
                .containsExactly(tuple(twice.response().versionId(), false),
                        tuple(once.response().versionId(), false));
        assertThat(listed.deleteMarkers().get(0).lastModified()).isBetween(twice.before(), twice.after());
        assertThat(listed.deleteMarkers().get(1).lastModified()).isBetween(once.before(), once.after());
        assertThat(listed.versions()).filteredOn(version -> version.key().equals("markers/history"))
                .extracting(ObjectVersion::versionId).containsExactly(last, first);

        // S3 lists a key's versions and markers together, newest first
        URI versions = URI.create(SANDBOX.environment().s3Endpoint() + "/" + VERSIONED
                + "?versions&prefix=markers/history");
        HttpResponse<String> raw = HttpClient.newHttpClient().send(HttpRequest.newBuilder(versions).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher entries = Pattern.compile("<VersionId>(.*?)</VersionId>").matcher(raw.body());
        List<String> order = entries.results().map(found -> found.group(1)).toList();
        // the copy is another key, listed after this one
        assertThat(order.subList(0, 4)).containsExactly(last, twice.response().versionId(),
                once.response().versionId(), first);
    }

    @Test
    void deletingADeleteMarkerByItsVersionSaysItWasOne() {
        String hidden = put("markers/undone", "v1");
        String marker = delete("markers/undone").response().versionId();

        DeleteObjectResponse undone = s3().deleteObject(r -> r.bucket(VERSIONED).key("markers/undone")
                .versionId(marker));

        assertThat(undone.deleteMarker()).isTrue();
        assertThat(undone.versionId()).isEqualTo(marker);
        assertThat(versions("markers/undone").deleteMarkers()).isEmpty();
        assertThat(s3().getObjectAsBytes(r -> r.bucket(VERSIONED).key("markers/undone")).asUtf8String())
                .isEqualTo("v1");
        DeleteObjectResponse version = s3().deleteObject(r -> r.bucket(VERSIONED).key("markers/undone")
                .versionId(hidden));
        assertThat(version.deleteMarker()).as("a version deleted is no marker").isNull();
        assertThat(version.versionId()).isEqualTo(hidden);
    }

    @Test
    void deleteObjectsNamesTheMarkersItMade() {
        put("markers/batch-a", "a");
        put("markers/batch-b", "b");
        aMomentLater();
        Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);

        List<DeletedObject> deleted = s3().deleteObjects(r -> r.bucket(VERSIONED).delete(d -> d.objects(
                ObjectIdentifier.builder().key("markers/batch-a").build(),
                ObjectIdentifier.builder().key("markers/batch-b").build()))).deleted();
        Instant after = Instant.now();

        assertThat(deleted).hasSize(2).allSatisfy(object -> {
            assertThat(object.deleteMarker()).isTrue();
            DeleteMarkerEntry marker = versions(object.key()).deleteMarkers().get(0);
            assertThat(object.deleteMarkerVersionId()).isEqualTo(marker.versionId());
            assertThat(marker.lastModified()).isBetween(before, after);
        });
    }

    @Test
    void deletingAKeyThatHoldsNothingMakesAMarkerAndNothingElse() {
        Timed deleted = delete("markers/never-written");
        List<DeletedObject> batch = s3().deleteObjects(r -> r.bucket(VERSIONED).delete(d -> d.objects(
                ObjectIdentifier.builder().key("markers/never-written-either").build()))).deleted();

        assertThat(deleted.response().deleteMarker()).isTrue();
        ListObjectVersionsResponse listed = versions("markers/never-written");
        assertThat(listed.versions()).as("no placeholder left behind").isEmpty();
        assertThat(listed.deleteMarkers()).extracting(DeleteMarkerEntry::key, DeleteMarkerEntry::isLatest)
                .containsExactly(tuple("markers/never-written", true), tuple("markers/never-written-either", true));
        assertThat(listed.deleteMarkers().get(0).versionId()).isEqualTo(deleted.response().versionId());
        assertThat(listed.deleteMarkers().get(0).lastModified()).isBetween(deleted.before(), deleted.after());
        assertThat(batch).singleElement().satisfies(object -> {
            assertThat(object.deleteMarker()).isTrue();
            assertThat(object.deleteMarkerVersionId()).isEqualTo(listed.deleteMarkers().get(1).versionId());
        });
        assertThatThrownBy(() -> s3().headObject(r -> r.bucket(VERSIONED).key("markers/never-written")))
                .isInstanceOf(NoSuchKeyException.class);
    }

    @Test
    void aDeleteInABucketThatIsNotVersionedSaysNoMarker() {
        s3().putObject(r -> r.bucket(PLAIN).key("markers/plain"), RequestBody.fromString("x"));

        DeleteObjectResponse deleted = s3().deleteObject(r -> r.bucket(PLAIN).key("markers/plain"));

        assertThat(deleted.deleteMarker()).isNull();
        assertThat(deleted.versionId()).isNull();
        assertThat(s3().listObjectVersions(r -> r.bucket(PLAIN).prefix("markers/plain")).versions()).isEmpty();
    }
}
