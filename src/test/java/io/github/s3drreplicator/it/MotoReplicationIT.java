package io.github.s3drreplicator.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * The replication tests against moto, whose S3 sends its own event notifications straight to the queue, plus what
 * only moto's quirks call for. Skipped where moto_server is not on the PATH.
 */
@EnabledIf(value = "io.github.s3drreplicator.it.MotoServer#available",
        disabledReason = "moto_server is not on the PATH")
class MotoReplicationIT extends AbstractReplicationIT {

    @Override
    protected AwsTestEnvironment startEnvironment() throws Exception {
        return MotoEnvironment.startOrSkip(getClass().getSimpleName(), MotoEnvironment.Delivery.DIRECT);
    }

    /**
     * An upload in parts with CRC32 checksums, as the AWS CLI and the transfer managers make them. moto's CopyObject
     * gives the copy the source's composite CRC32 as if it were its whole-object checksum (a moto bug): a reader asking
     * for checksums ({@code checksumMode(ENABLED)}) rejects DR's copy, so DR is read back as the SDK reads by default,
     * without asking. The replicator reads no bodies and trusts only checksums S3 calls FULL_OBJECT (moto's HeadObject
     * gives these no type at all), so it copies this object like any other.
     */
    @Test
    void multipartUploadWithCrc32ChecksumsIsMirroredByteForByte() {
        String prefix = "checksummed-" + UUID.randomUUID().toString().substring(0, 8) + "/";
        String key = prefix + "two parts.bin";
        String uploadId = s3.createMultipartUpload(r -> r.bucket(AwsTestEnvironment.SOURCE_BUCKET).key(key)
                .checksumAlgorithm(ChecksumAlgorithm.CRC32)).uploadId();
        Random random = new Random(7);
        List<CompletedPart> parts = new ArrayList<>();
        for (int size : new int[] {5 * 1024 * 1024, 1024 * 1024}) {
            byte[] bytes = new byte[size];
            random.nextBytes(bytes);
            int partNumber = parts.size() + 1;
            UploadPartResponse part = s3.uploadPart(r -> r.bucket(AwsTestEnvironment.SOURCE_BUCKET).key(key)
                    .uploadId(uploadId).partNumber(partNumber).checksumAlgorithm(ChecksumAlgorithm.CRC32),
                    RequestBody.fromBytes(bytes));
            parts.add(CompletedPart.builder().partNumber(partNumber).eTag(part.eTag())
                    .checksumCRC32(part.checksumCRC32()).build());
        }
        s3.completeMultipartUpload(r -> r.bucket(AwsTestEnvironment.SOURCE_BUCKET).key(key).uploadId(uploadId)
                .multipartUpload(u -> u.parts(parts)));

        awaitMirrored(prefix, 1);
        assertThat(deadLetters.all()).noneMatch(m -> m.body().contains(prefix));
    }
}
