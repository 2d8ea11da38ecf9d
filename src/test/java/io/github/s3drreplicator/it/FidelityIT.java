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
 * DR is a faithful copy on both copy paths: an object uploaded at once goes through one CopyObject, one uploaded in
 * parts through UploadPartCopy of its own parts, in parallel; both arrive byte for byte with exactly the source's
 * headers, user metadata, tags and ETag (nothing added), in the configured storage class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FidelityIT {

    static final long PART_SIZE = 5L * 1024 * 1024;

    private AwsTestEnvironment environment;
    private RunningReplicator replicator;
    private S3Client s3;

    @BeforeAll
    void start() throws Exception {
        environment = SandboxEnvironment.start(true);
        s3 = environment.s3Client();
        replicator = RunningReplicator.start(environment, Map.of("replicator.target.storage-class", "STANDARD_IA"));
    }

    @AfterAll
    void stop() throws Exception {
        replicator.close();
        environment.close();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"at once", "in parts"})
    void headersMetadataTagsAndETagSurviveTheCopyUnchanged(String uploaded) {
        String key = "fidelity-" + UUID.randomUUID().toString().substring(0, 8) + "/report €.csv";
        boolean inParts = uploaded.equals("in parts");
        long size = inParts ? 3 * PART_SIZE + 12345 : 1024;
        Instant expires = Instant.now().plus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        Map<String, String> metadata = Map.of("owner", "alice", "purpose", "dr-test");
        if (inParts) {
            Random random = new Random(size);
            Uploads.inParts(s3, AwsTestEnvironment.SOURCE_BUCKET, key, size, PART_SIZE, upload -> upload
                    .contentType("text/csv").cacheControl("max-age=60")
                    .contentDisposition("attachment; filename=\"report.csv\"").contentEncoding("identity")
                    .contentLanguage("de-CH").expires(expires).metadata(metadata).tagging("team=blue&tier=gold"),
                    length -> {
                        byte[] part = new byte[(int) length];
                        random.nextBytes(part);
                        return RequestBody.fromBytes(part);
                    });
        } else {
            byte[] body = new byte[(int) size];
            new Random(size).nextBytes(body);
            s3.putObject(r -> r.bucket(AwsTestEnvironment.SOURCE_BUCKET).key(key)
                    .contentType("text/csv")
                    .cacheControl("max-age=60")
                    .contentDisposition("attachment; filename=\"report.csv\"")
                    .contentEncoding("identity")
                    .contentLanguage("de-CH")
                    .expires(expires)
                    .metadata(metadata)
                    .tagging("team=blue&tier=gold"), RequestBody.fromBytes(body));
        }

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
        assertThat(copy.metadata()).as("exactly the source's user metadata").isEqualTo(source.metadata())
                .isEqualTo(metadata);
        assertThat(copy.storageClassAsString()).isEqualTo("STANDARD_IA");
        assertThat(tags(AwsTestEnvironment.TARGET_BUCKET, key)).isEqualTo(tags(AwsTestEnvironment.SOURCE_BUCKET, key))
                .isEqualTo(Map.of("team", "blue", "tier", "gold"));
        // a copy in the source's own parts has the source's ETag, "<md5 of the part md5s>-<parts>": what says DR
        // holds it, no metadata needed
        assertThat(copy.eTag()).isEqualTo(source.eTag());
        assertThat(copy.eTag().contains("-")).isEqualTo(inParts);
    }

    private HeadObjectResponse head(String bucket, String key) {
        return s3.headObject(r -> r.bucket(bucket).key(key));
    }

    private Map<String, String> tags(String bucket, String key) {
        return s3.getObjectTagging(r -> r.bucket(bucket).key(key)).tagSet().stream()
                .collect(Collectors.toMap(Tag::key, Tag::value));
    }
}
