package io.github.s3drreplicator.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectTaggingResponse;
import software.amazon.awssdk.services.s3.model.Tag;

/** Object tags through the AWS SDK, where the store behind the sandbox differs from S3. */
class SandboxTaggingIT {

    private static final String BUCKET = AwsTestEnvironment.SOURCE_BUCKET;

    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.withoutEvents();

    private static S3Client s3() {
        return SANDBOX.s3();
    }

    @Test
    void anEmptyTagSetRemovesTheObjectsTags() {
        s3().putObject(r -> r.bucket(BUCKET).key("tags/a").tagging("team=blue&tier=1"), RequestBody.fromString("a"));

        PutObjectTaggingResponse emptied = s3().putObjectTagging(r -> r.bucket(BUCKET).key("tags/a")
                .tagging(t -> t.tagSet(List.of())));

        assertThat(emptied.sdkHttpResponse().statusCode()).isEqualTo(200);
        assertThat(s3().getObjectTagging(r -> r.bucket(BUCKET).key("tags/a")).tagSet()).isEmpty();
        s3().putObjectTagging(r -> r.bucket(BUCKET).key("tags/a")
                .tagging(t -> t.tagSet(Tag.builder().key("team").value("red").build())));
        assertThat(s3().getObjectTagging(r -> r.bucket(BUCKET).key("tags/a")).tagSet())
                .containsExactly(Tag.builder().key("team").value("red").build());
    }
}
