package io.github.s3drreplicator.replicate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.s3drreplicator.event.ObjectEvent;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.StorageClass;
import software.amazon.awssdk.services.s3.model.TaggingDirective;

class S3RequestsTest {

    private static final Instant EXPIRES = Instant.parse("2027-01-01T00:00:00Z");

    private static ReconcileAction copyOf(String forgedBucket) {
        ObjectState source = new ObjectState(true, "etag-1", 42L, "version-7", Map.of("owner", "alice"),
                new ObjectState.Headers("text/csv", "max-age=60", "attachment", "gzip", "de-CH", EXPIRES), null, 2);
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("team", "blue green");
        tags.put("cost&center", "a=b");
        return new ReconcileAction(ReconcileAction.Kind.COPY,
                new ObjectEvent("ObjectCreated:Put", forgedBucket, "k ${x}", 42L, "etag-1", null, null, null),
                source, tags, null);
    }

    @Test
    void copiesExactlyTheVersionSeenFromTheConfiguredSourceWithEverythingSetExplicitly() {
        CopyObjectRequest copy = new S3Requests("prod-bucket", "dr-bucket", "", "").copyObject(copyOf("elsewhere"));

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
        CopyObjectRequest copy = new S3Requests("prod-bucket", "dr-bucket", "GLACIER_IR", "arn:aws:kms:us-east-2:1:key/k")
                .copyObject(copyOf("prod-bucket"));

        assertThat(copy.storageClass()).isEqualTo(StorageClass.GLACIER_IR);
        assertThat(copy.serverSideEncryption()).isEqualTo(ServerSideEncryption.AWS_KMS);
        assertThat(copy.ssekmsKeyId()).isEqualTo("arn:aws:kms:us-east-2:1:key/k");
    }
}
