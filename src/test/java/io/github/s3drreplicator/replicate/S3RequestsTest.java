package io.github.s3drreplicator.replicate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.s3drreplicator.event.ObjectEvent;
import io.github.s3drreplicator.pair.BucketPair;
import io.github.s3drreplicator.pair.DeleteMode;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.PutObjectTaggingRequest;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.StorageClass;
import software.amazon.awssdk.services.s3.model.TaggingDirective;

/** The S3 requests built from a step: what they copy, from where, and the conditions they carry. */
class S3RequestsTest {

    private static final Instant EXPIRES = Instant.parse("2027-01-01T00:00:00Z");

    private static BucketPair pair(String storageClass, String kmsKeyId) {
        return new BucketPair("default", "prod-bucket", "us-east-1", "", "", "dr-bucket", "us-east-2", storageClass,
                kmsKeyId, DeleteMode.MIRROR, 30);
    }

    private static ObjectState object(String eTag) {
        return new ObjectState(true, eTag, 42L, "version-7", Map.of("owner", "alice"),
                new ObjectState.Headers("text/csv", "max-age=60", "attachment", "gzip", "de-CH", EXPIRES), null, 2,
                EXPIRES, false);
    }

    /** A record whose event names another bucket: the requests still read the pair's own. */
    private static KeyReplication with(BucketPair pair, ReconcileStep step) {
        KeyReplication r = new KeyReplication(new ObjectEvent("ObjectCreated:Put", "elsewhere", "k ${x}", 42L,
                "etag-1", null, null, null), pair, KeyReplication.Origin.EVENT, KeyReplication.Policy.MIRROR, false,
                null);
        r.step(step);
        return r;
    }

    @Test
    void aReplicaIsCopiedFromThePairsBucketConditionedOnTheSourceETagAndOnNothingBeingThere() {
        ReconcileStep.Copy step = new ReconcileStep.Copy("prod-bucket", object("etag-1"), Destination.ABSENT, null,
                null, false, ReconcileStep.Copy.Purpose.REPLICATE);

        CopyObjectRequest copy = new S3Requests().copyObject(with(pair(null, null), step));

        assertThat(copy.sourceBucket()).isEqualTo("prod-bucket");
        assertThat(copy.sourceKey()).isEqualTo("k ${x}");
        assertThat(copy.sourceVersionId()).as("the current version, by its ETag").isNull();
        assertThat(copy.copySourceIfMatch()).isEqualTo("\"etag-1\"");
        assertThat(copy.destinationBucket()).isEqualTo("dr-bucket");
        assertThat(copy.ifNoneMatch()).isEqualTo("*");
        assertThat(copy.ifMatch()).isNull();
        // S3 copies metadata, content headers and tags itself: DR's equal production's exactly
        assertThat(copy.metadataDirective()).isEqualTo(MetadataDirective.COPY);
        assertThat(copy.taggingDirective()).isEqualTo(TaggingDirective.COPY);
        assertThat(copy.metadata()).isEmpty();
        assertThat(copy.storageClass()).isNull();
        assertThat(copy.serverSideEncryption()).isNull();
    }

    @Test
    void aCopyOverAnObjectSeenIsConditionedOnItsETag() {
        ReconcileStep.Copy step = new ReconcileStep.Copy("prod-bucket", object("etag-2"),
                Destination.of(object("etag-1")), null, null, false, ReconcileStep.Copy.Purpose.REPLICATE);

        CopyObjectRequest copy = new S3Requests().copyObject(with(pair(null, null), step));

        assertThat(copy.ifMatch()).isEqualTo("\"etag-1\"");
        assertThat(copy.ifNoneMatch()).isNull();
    }

    @Test
    void aWebsiteRedirectSeenOnTheSourceIsNamedOnTheCopyWhichS3DoesNotCopyByItself() {
        ObjectState redirected = new ObjectState(true, "etag-1", 42L, null, Map.of(), new ObjectState.Headers(
                "text/html", null, null, null, null, null, "/moved.html"), null, 0, EXPIRES, false);
        ReconcileStep.Copy step = new ReconcileStep.Copy("prod-bucket", redirected, Destination.ABSENT, null, null,
                false, ReconcileStep.Copy.Purpose.REPLICATE);

        CopyObjectRequest copy = new S3Requests().copyObject(with(pair(null, null), step));

        assertThat(copy.websiteRedirectLocation()).isEqualTo("/moved.html");
        assertThat(copy.metadataDirective()).isEqualTo(MetadataDirective.COPY);
        assertThat(new S3Requests().copyObject(with(pair(null, null), new ReconcileStep.Copy("prod-bucket",
                object("etag-1"), Destination.ABSENT, null, null, false, ReconcileStep.Copy.Purpose.REPLICATE)))
                .websiteRedirectLocation()).as("none seen, none named").isNull();
    }

    @Test
    void drStorageClassAndKmsKeyApplyWhenConfigured() {
        ReconcileStep.Copy step = new ReconcileStep.Copy("prod-bucket", object("etag-1"), Destination.ABSENT, null,
                null, false, ReconcileStep.Copy.Purpose.REPLICATE);

        CopyObjectRequest copy = new S3Requests().copyObject(with(pair("GLACIER_IR", "arn:aws:kms:us-east-2:1:key/k"),
                step));

        assertThat(copy.storageClass()).isEqualTo(StorageClass.GLACIER_IR);
        assertThat(copy.serverSideEncryption()).isEqualTo(ServerSideEncryption.AWS_KMS);
        assertThat(copy.ssekmsKeyId()).isEqualTo("arn:aws:kms:us-east-2:1:key/k");
    }

    @Test
    void givenMetadataAndTagsReplaceTheSourcesWithItsHeadersKept() {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("team", "blue green");
        tags.put("cost&center", "a=b");
        ReconcileStep.Copy step = new ReconcileStep.Copy("dr-bucket", object("etag-1"), Destination.of(object("etag-1")),
                Map.of("owner", "alice", "replicator-deleted-at", "2026-11-25T10:15:30Z"), tags, false,
                ReconcileStep.Copy.Purpose.MARK);

        CopyObjectRequest copy = new S3Requests().copyObject(with(pair("STANDARD_IA", null), step));

        assertThat(copy.sourceBucket()).isEqualTo("dr-bucket");
        assertThat(copy.destinationBucket()).isEqualTo("dr-bucket");
        assertThat(copy.metadataDirective()).isEqualTo(MetadataDirective.REPLACE);
        assertThat(copy.metadata()).containsEntry("replicator-deleted-at", "2026-11-25T10:15:30Z");
        assertThat(copy.contentType()).isEqualTo("text/csv");
        assertThat(copy.cacheControl()).isEqualTo("max-age=60");
        assertThat(copy.contentDisposition()).isEqualTo("attachment");
        assertThat(copy.contentEncoding()).isEqualTo("gzip");
        assertThat(copy.contentLanguage()).isEqualTo("de-CH");
        assertThat(copy.expires()).isEqualTo(EXPIRES);
        assertThat(copy.taggingDirective()).isEqualTo(TaggingDirective.REPLACE);
        assertThat(copy.tagging()).isEqualTo("team=blue%20green&cost%26center=a%3Db");
        assertThat(copy.ifMatch()).isEqualTo("\"etag-1\"");
    }

    @Test
    void aRestoreCopiesBackIntoProductionWithoutDrsStorageClassOrKey() {
        BucketPair reversed = pair("GLACIER_IR", "arn:aws:kms:us-east-2:1:key/k").reversed();
        ReconcileStep.Copy step = new ReconcileStep.Copy("dr-bucket", object("etag-1"), Destination.ABSENT, null,
                null, false, ReconcileStep.Copy.Purpose.RESTORE);

        CopyObjectRequest copy = new S3Requests().copyObject(with(reversed, step));

        assertThat(copy.sourceBucket()).isEqualTo("dr-bucket");
        assertThat(copy.destinationBucket()).isEqualTo("prod-bucket");
        assertThat(copy.storageClass()).isNull();
        assertThat(copy.serverSideEncryption()).isNull();
    }

    @Test
    void aDeleteNamesTheObjectItRemoves() {
        DeleteObjectRequest delete = new S3Requests().deleteObject(with(pair(null, null),
                new ReconcileStep.Delete(Destination.of(object("etag-1")))));

        assertThat(delete.bucket()).isEqualTo("dr-bucket");
        assertThat(delete.key()).isEqualTo("k ${x}");
        assertThat(delete.ifMatch()).isEqualTo("\"etag-1\"");
    }

    @Test
    void tagsGoToTheVersionSeenWhereTheBucketKeepsVersions() {
        PutObjectTaggingRequest versioned = new S3Requests().putObjectTagging(with(pair(null, null),
                new ReconcileStep.Tag(Map.of("team", "x"), "version-7", false)));
        PutObjectTaggingRequest unversioned = new S3Requests().putObjectTagging(with(pair(null, null),
                new ReconcileStep.Tag(Map.of("team", "x"), "null", false)));

        assertThat(versioned.versionId()).isEqualTo("version-7");
        assertThat(versioned.tagging().tagSet()).hasSize(1);
        assertThat(unversioned.versionId()).isNull();
    }
}
