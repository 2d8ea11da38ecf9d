package io.github.s3drreplicator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.Tag;

/**
 * DR is a faithful copy on both copy paths: with the multipart threshold lowered to 8 MiB (parts of 5 MiB), a small
 * object goes through one CopyObject and a large one through UploadPartCopy in parallel, and both must arrive byte
 * for byte with their headers, user metadata and tags, in the configured storage class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FidelityIT {

    static final long THRESHOLD = 8L * 1024 * 1024;
    static final long PART_SIZE = 5L * 1024 * 1024;

    private AwsTestEnvironment environment;
    private RunningReplicator replicator;
    private S3Client s3;

    @BeforeAll
    void start() throws Exception {
        environment = SandboxEnvironment.start(true);
        s3 = environment.s3Client();
        replicator = RunningReplicator.start(environment, Map.of(
                "replicator.copy.multipart-threshold", String.valueOf(THRESHOLD),
                "replicator.copy.part-size", String.valueOf(PART_SIZE),
                "replicator.target.storage-class", "STANDARD_IA"));
    }

    @AfterAll
    void stop() throws Exception {
        replicator.close();
        environment.close();
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(longs = {1024, 3 * 5 * 1024 * 1024 + 12345})
    void headersMetadataAndTagsSurviveTheCopy(long size) {
        String key = "fidelity-" + UUID.randomUUID().toString().substring(0, 8) + "/report €.csv";
        byte[] body = new byte[(int) size];
        new Random(size).nextBytes(body);
        Instant expires = Instant.now().plus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        s3.putObject(r -> r.bucket(AwsTestEnvironment.SOURCE_BUCKET).key(key)
                .contentType("text/csv")
                .cacheControl("max-age=60")
                .contentDisposition("attachment; filename=\"report.csv\"")
                .contentEncoding("identity")
                .contentLanguage("de-CH")
                .expires(expires)
                .metadata(Map.of("owner", "alice", "purpose", "dr-test"))
                .tagging("team=blue&tier=gold"), RequestBody.fromBytes(body));

        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() ->
                Buckets.assertMirrored(s3, key));

        HeadObjectResponse source = head(AwsTestEnvironment.SOURCE_BUCKET, key);
        HeadObjectResponse copy = head(AwsTestEnvironment.TARGET_BUCKET, key);
        assertThat(copy.contentLength()).isEqualTo(size);
        assertThat(copy.contentType()).isEqualTo(source.contentType());
        assertThat(copy.cacheControl()).isEqualTo("max-age=60");
        assertThat(copy.contentDisposition()).isEqualTo("attachment; filename=\"report.csv\"");
        assertThat(copy.contentEncoding()).isEqualTo("identity");
        assertThat(copy.contentLanguage()).isEqualTo("de-CH");
        assertThat(copy.expires()).isEqualTo(expires);
        assertThat(copy.metadata()).containsEntry("owner", "alice").containsEntry("purpose", "dr-test");
        assertThat(copy.storageClassAsString()).isEqualTo("STANDARD_IA");
        assertThat(tags(AwsTestEnvironment.TARGET_BUCKET, key)).isEqualTo(Map.of("team", "blue", "tier", "gold"));
        if (size > THRESHOLD) {
            // a copy made in parts has an ETag of its own: "<md5 of the part md5s>-<parts>"
            assertThat(copy.eTag()).contains("-");
            // ... so the source's is recorded beside it
            assertThat(copy.metadata()).containsEntry("replicator-source-etag", source.eTag().replace("\"", ""));
        } else {
            assertThat(copy.eTag()).isEqualTo(source.eTag());
        }
    }

    private HeadObjectResponse head(String bucket, String key) {
        return s3.headObject(r -> r.bucket(bucket).key(key));
    }

    private Map<String, String> tags(String bucket, String key) {
        return s3.getObjectTagging(r -> r.bucket(bucket).key(key)).tagSet().stream()
                .collect(Collectors.toMap(Tag::key, Tag::value));
    }
}
