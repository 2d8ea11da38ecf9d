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
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.StorageClass;
import software.amazon.awssdk.services.s3.model.TaggingDirective;

class S3RequestsTest {

    private static final Instant EXPIRES = Instant.parse("2027-01-01T00:00:00Z");

    private static final BucketPair PAIR = pair(null, null, DeleteMode.MIRROR);

    private static BucketPair pair(String storageClass, String kmsKeyId, DeleteMode deleteMode) {
        return new BucketPair("default", "prod-bucket", "us-east-1", "", "", "dr-bucket", "us-east-2", storageClass,
                kmsKeyId, deleteMode, 30);
    }

    private static ObjectState object(String eTag, Map<String, String> metadata) {
        return new ObjectState(true, eTag, 42L, "version-7", metadata,
                new ObjectState.Headers("text/csv", "max-age=60", "attachment", "gzip", "de-CH", EXPIRES), null, 2,
                EXPIRES);
    }

    private static ReconcileAction copyOf(String forgedBucket, BucketPair pair) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("team", "blue green");
        tags.put("cost&center", "a=b");
        return new ReconcileAction(ReconcileAction.Kind.COPY,
                new ObjectEvent("ObjectCreated:Put", forgedBucket, "k ${x}", 42L, "etag-1", null, null, null),
                pair, object("etag-1", Map.of("owner", "alice")), tags, ObjectState.ABSENT, Map.of(), null, false, false);
    }

    @Test
    void copiesExactlyTheVersionSeenFromTheConfiguredSourceWithEverythingSetExplicitly() {
        CopyObjectRequest copy = new S3Requests().copyObject(copyOf("elsewhere", PAIR));

        assertThat(copy.sourceBucket()).isEqualTo("prod-bucket");
        assertThat(copy.sourceKey()).isEqualTo("k ${x}");
        assertThat(copy.sourceVersionId()).isEqualTo("version-7");
        assertThat(copy.copySourceIfMatch()).isEqualTo("etag-1");
        assertThat(copy.destinationBucket()).isEqualTo("dr-bucket");
        assertThat(copy.metadataDirective()).isEqualTo(MetadataDirective.REPLACE);
        assertThat(copy.metadata()).containsEntry("owner", "alice").containsEntry("replicator-source-etag", "etag-1");
        assertThat(copy.contentType()).isEqualTo("text/csv");
        assertThat(copy.cacheControl()).isEqualTo("max-age=60");
        assertThat(copy.contentDisposition()).isEqualTo("attachment");
        assertThat(copy.contentEncoding()).isEqualTo("gzip");
        assertThat(copy.contentLanguage()).isEqualTo("de-CH");
        assertThat(copy.expires()).isEqualTo(EXPIRES);
        assertThat(copy.taggingDirective()).isEqualTo(TaggingDirective.REPLACE);
        assertThat(copy.tagging()).isEqualTo("team=blue%20green&cost%26center=a%3Db");
        assertThat(copy.storageClass()).isNull();
        assertThat(copy.serverSideEncryption()).isNull();
    }

    @Test
    void drStorageClassAndKmsKeyApplyWhenConfigured() {
        CopyObjectRequest copy = new S3Requests()
                .copyObject(copyOf("prod-bucket", pair("GLACIER_IR", "arn:aws:kms:us-east-2:1:key/k", DeleteMode.MIRROR)));

        assertThat(copy.storageClass()).isEqualTo(StorageClass.GLACIER_IR);
        assertThat(copy.serverSideEncryption()).isEqualTo(ServerSideEncryption.AWS_KMS);
        assertThat(copy.ssekmsKeyId()).isEqualTo("arn:aws:kms:us-east-2:1:key/k");
    }

    @Test
    void aCopyOfACopyKeepsNamingTheOriginal() {
        ReconcileAction restore = new ReconcileAction(ReconcileAction.Kind.COPY,
                new ObjectEvent("ObjectCreated:Audit", "dr-bucket", "k", 42L, null, null, null, null),
                PAIR.reversed(), object("multipart-etag-2", Map.of("replicator-source-etag", "etag-1")), Map.of(),
                ObjectState.ABSENT, Map.of(), null, false, false);

        CopyObjectRequest copy = new S3Requests().copyObject(restore);

        assertThat(copy.sourceBucket()).isEqualTo("dr-bucket");
        assertThat(copy.destinationBucket()).isEqualTo("prod-bucket");
        assertThat(copy.metadata()).containsEntry("replicator-source-etag", "etag-1");
    }

    @Test
    void delayedDeleteWritesDrsCopyAnewOntoItselfWithTheMarks() {
        Map<String, String> marks = DeletionMarks.marked(pair(null, null, DeleteMode.DELAYED), Map.of("team", "blue"),
                Instant.parse("2026-11-25T10:15:30.123Z"));
        ReconcileAction retain = new ReconcileAction(ReconcileAction.Kind.RETAIN,
                new ObjectEvent("ObjectRemoved:Delete", "prod-bucket", "k", null, null, null, null, null),
                pair("STANDARD_IA", null, DeleteMode.DELAYED), ObjectState.ABSENT, Map.of(),
                object("dr-etag", Map.of("replicator-source-etag", "etag-1")), marks, null, false, false);

        CopyObjectRequest copy = new S3Requests().markInPlace(retain);

        assertThat(copy.sourceBucket()).isEqualTo("dr-bucket");
        assertThat(copy.destinationBucket()).isEqualTo("dr-bucket");
        assertThat(copy.copySourceIfMatch()).isEqualTo("dr-etag");
        assertThat(copy.metadata()).containsEntry("replicator-source-etag", "etag-1")
                .containsEntry("replicator-deleted-at", "2026-11-25T10:15:30Z");
        assertThat(copy.contentType()).isEqualTo("text/csv");
        assertThat(copy.storageClass()).isEqualTo(StorageClass.STANDARD_IA);
        assertThat(copy.tagging()).isEqualTo(
                "replicator-deleted-at=2026-11-25T10%3A15%3A30Z&replicator-delete-after-days=30&team=blue");
        assertThat(new S3Requests().markByTagging(retain).tagging().tagSet()).hasSize(3);
    }

    @Test
    void theFastPathLetsS3CopyTheAnnouncedVersionWithItsOwnMetadataAndTags() {
        ReconcileAction fast = new ReconcileAction(ReconcileAction.Kind.COPY,
                new ObjectEvent("ObjectCreated:Put", "prod-bucket", "k", 42L, "0123456789abcdef0123456789abcdef", null,
                        null, null),
                pair("STANDARD_IA", null, DeleteMode.MIRROR),
                ObjectState.announced("0123456789abcdef0123456789abcdef", 42L, null), Map.of(), ObjectState.ABSENT,
                Map.of(), null, false, true);

        CopyObjectRequest copy = new S3Requests().copyObject(fast);

        assertThat(copy.copySourceIfMatch()).isEqualTo("0123456789abcdef0123456789abcdef");
        assertThat(copy.sourceVersionId()).isNull();
        assertThat(copy.metadataDirective()).isEqualTo(MetadataDirective.COPY);
        assertThat(copy.taggingDirective()).isEqualTo(TaggingDirective.COPY);
        assertThat(copy.metadata()).isEmpty();
        assertThat(copy.storageClass()).isEqualTo(StorageClass.STANDARD_IA);
    }
}
