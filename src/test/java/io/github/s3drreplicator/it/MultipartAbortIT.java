package io.github.s3drreplicator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.github.s3drreplicator.sandbox.Faults;
import org.apache.camel.spi.CamelEvent;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/** A copy in parts whose parts fail is aborted: no incomplete upload is left in the DR bucket. */
class MultipartAbortIT {

    @Test
    void failingPartsAbortTheUploadAndLeaveNothingBehind() throws Exception {
        String key = "abort/large.bin";
        try (AwsTestEnvironment environment = SandboxEnvironment.start(new Faults(0, 0, 0, 0, 0, 0, 1.0), true)) {
            S3Client s3 = environment.s3Client();
            // the listing this test relies on does show an upload left open
            String probe = s3.createMultipartUpload(r -> r.bucket(AwsTestEnvironment.TARGET_BUCKET).key("probe"))
                    .uploadId();
            assertThat(s3.listMultipartUploads(r -> r.bucket(AwsTestEnvironment.TARGET_BUCKET)).uploads()).hasSize(1);
            s3.abortMultipartUpload(r -> r.bucket(AwsTestEnvironment.TARGET_BUCKET).key("probe").uploadId(probe));
            try (RunningReplicator replicator = RunningReplicator.start(environment, Map.of())) {
                AtomicLong redeliveries = replicator.count(
                        event -> event instanceof CamelEvent.ExchangeRedeliveryEvent);
                Uploads.inParts(s3, AwsTestEnvironment.SOURCE_BUCKET, key, 3 * FidelityIT.PART_SIZE,
                        FidelityIT.PART_SIZE);

                // every part fails: the copy is tried, aborted, and tried again
                await().atMost(Duration.ofSeconds(60)).until(() -> redeliveries.get() >= 2);
            }
            // the replicator stopped: whatever upload its last try opened was aborted on the way out
            assertThat(s3.listMultipartUploads(r -> r.bucket(AwsTestEnvironment.TARGET_BUCKET)).uploads())
                    .as("incomplete uploads left in DR").isEmpty();
            assertThat(s3.listObjectsV2(r -> r.bucket(AwsTestEnvironment.TARGET_BUCKET).prefix(key)).contents())
                    .isEmpty();
        }
    }
}
