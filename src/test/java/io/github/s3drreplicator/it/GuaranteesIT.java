package io.github.s3drreplicator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.s3drreplicator.cli.Cli;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;

/**
 * The service checks once, when its queue consumer starts, that the store does what its promises rest on: conditional
 * writes (tried on scratch keys of the state bucket) and, where both directions run, versioning on both buckets. The
 * sandbox passes; moto, which carries out a CopyObject whose conditions fail, does not, and the service stops naming
 * that and the setting that accepts the risk, and runs once it is accepted; both directions on buckets without
 * versions are refused the same way. {@code /observe/health?exposureLevel=full&data=true} shows what was found.
 */
class GuaranteesIT {

    private static final Map<String, String> BOTH_DIRECTIONS = Map.of(
            "replicator.pairs", "default,failback",
            "replicator.pair.failback.source.bucket", AwsTestEnvironment.TARGET_BUCKET,
            "replicator.pair.failback.source.region", "us-east-2",
            "replicator.pair.failback.target.bucket", AwsTestEnvironment.SOURCE_BUCKET,
            "replicator.pair.failback.target.region", "us-east-1");

    @Test
    void theSandboxEnforcesConditionalWritesAndTheServiceSaysSo() throws Exception {
        try (SandboxEnvironment environment = SandboxEnvironment.start(false);
             RunningReplicator replicator = RunningReplicator.start(environment, Map.of())) {
            JsonNode check = guaranteesCheck(replicator);
            assertThat(check.path("status").asText()).isEqualTo("UP");
            assertThat(check.at("/data/unenforced-conditions").asText()).startsWith("held: ");
            assertThat(check.at("/data/unreported-tag-counts").asText()).startsWith("held: ");
            assertThat(check.at("/data/unversioned-buckets").asText())
                    .isEqualTo("not checked: no pair runs both ways");
            // its scratch keys are gone, and never were in a mirrored bucket
            S3Client s3 = environment.s3Client();
            assertThat(s3.listObjectsV2(r -> r.bucket("s3-dr-replicator-state").prefix("guarantee-check/"))
                    .contents()).isEmpty();
            for (String bucket : List.of(AwsTestEnvironment.SOURCE_BUCKET, AwsTestEnvironment.TARGET_BUCKET)) {
                assertThat(s3.listObjectsV2(r -> r.bucket(bucket)).contents()).isEmpty();
            }
        }
    }

    @Test
    void bothDirectionsOnBucketsWithoutVersionsAreRefusedUnlessTheRiskIsAccepted() throws Exception {
        try (SandboxEnvironment environment = SandboxEnvironment.start(false)) {
            S3Client s3 = environment.s3Client();
            s3.putBucketVersioning(r -> r.bucket(AwsTestEnvironment.SOURCE_BUCKET)
                    .versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));

            assertThatThrownBy(() -> RunningReplicator.start(environment, BOTH_DIRECTIONS).close())
                    .hasStackTraceContaining("dr-bucket (never versioned) keep no versions")
                    .hasStackTraceContaining("replicator.accept-risks=unversioned-buckets");
            Commands.Result run = Commands.run(environment, BOTH_DIRECTIONS, "run");
            assertThat(run.exit()).as(run.err()).isEqualTo(Cli.USAGE);
            assertThat(run.err()).contains("replicator.accept-risks=unversioned-buckets");

            Map<String, String> accepted = new HashMap<>(BOTH_DIRECTIONS);
            accepted.put("replicator.accept-risks", "unversioned-buckets");
            try (RunningReplicator replicator = RunningReplicator.start(environment, accepted)) {
                JsonNode check = guaranteesCheck(replicator);
                assertThat(check.at("/data/unversioned-buckets").asText())
                        .startsWith("missing, risk accepted (replicator.accept-risks=unversioned-buckets)");
                assertThat(check.path("message").asText()).contains("risk accepted");
            }

            s3.putBucketVersioning(r -> r.bucket(AwsTestEnvironment.TARGET_BUCKET)
                    .versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
            try (RunningReplicator replicator = RunningReplicator.start(environment, BOTH_DIRECTIONS)) {
                assertThat(guaranteesCheck(replicator).at("/data/unversioned-buckets").asText())
                        .startsWith("held: ");
            }
        }
    }

    @Test
    void motoCarriesOutACopyWhoseConditionFailsAndTheServiceStopsSayingSo() throws Exception {
        try (MotoEnvironment environment = MotoEnvironment.startOrSkip("GuaranteesIT",
                MotoEnvironment.Delivery.DIRECT)) {
            // the environment accepts the risk for the other moto tests; here it is not accepted
            Map<String, String> notAccepted = Map.of("replicator.accept-risks", "");

            assertThatThrownBy(() -> RunningReplicator.start(environment, notAccepted).close())
                    .hasStackTraceContaining("CopyObject with If-None-Match: * onto an object")
                    .hasStackTraceContaining("replicator.accept-risks=unenforced-conditions");
            Commands.Result run = Commands.run(environment, notAccepted, "run");
            assertThat(run.exit()).as(run.err()).isEqualTo(Cli.USAGE);
            assertThat(run.err()).contains("replicator.accept-risks=unenforced-conditions");

            try (RunningReplicator replicator = RunningReplicator.start(environment, Map.of())) {
                JsonNode check = guaranteesCheck(replicator);
                assertThat(check.at("/data/unenforced-conditions").asText())
                        .startsWith("missing, risk accepted (replicator.accept-risks=unenforced-conditions)")
                        .contains("CopyObject with If-None-Match: * onto an object")
                        .doesNotContain("PutObject with If-None-Match");
            }
        }
    }

    /** The {@code guarantees} check of {@code /observe/health}. */
    private static JsonNode guaranteesCheck(RunningReplicator replicator) throws Exception {
        JsonNode health = new ObjectMapper().readTree(replicator.get("/observe/health?exposureLevel=full&data=true"));
        for (JsonNode check : health.path("checks")) {
            if ("guarantees".equals(check.path("name").asText())) {
                return check;
            }
        }
        throw new AssertionError("no check named guarantees in " + health.toPrettyString());
    }
}
