package io.github.s3drreplicator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.time.Duration;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Objects never pass through the heap: the built jar with its own sandbox runs in 256 MiB of heap and replicates an
 * object that would not fit in it, uploaded in parts of 16 MiB and so copied in its parts. CI uses 96 MiB; the promise
 * of the project, 1 GiB, runs with {@code -Dlarge.object.mib=1024} (docs/fidelity.md).
 */
class LargeObjectHeapIT {

    private static final long MIB = 1024 * 1024;
    private static final long SIZE_MIB = Long.getLong("large.object.mib", 96);

    @Test
    void anObjectLargerThanTheHeapIsReplicatedByteForByte() throws Exception {
        int s3Port = SandboxEnvironment.freePort();
        int sqsPort = SandboxEnvironment.freePort();
        try (ReplicatorProcess process = ReplicatorProcess.startWithSandbox("large-object", s3Port, sqsPort, Map.of());
             S3Client s3 = AwsTestEnvironment.s3Client("http://127.0.0.1:" + s3Port)) {
            long size = SIZE_MIB * MIB;
            Random seed = new Random(42);
            Uploads.inParts(s3, AwsTestEnvironment.SOURCE_BUCKET, "large/object.bin", size, 16 * MIB, upload -> upload,
                    length -> {
                        long partSeed = seed.nextLong();
                        return RequestBody.fromContentProvider(() -> new GeneratedBytes(length, partSeed), length,
                                "application/octet-stream");
                    });

            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                    .untilAsserted(() -> Buckets.assertMirrored(s3, "large/"));

            assertThat(process.log()).doesNotContain("OutOfMemoryError");
            assertThat(process.terminate(Duration.ofSeconds(60))).isIn(0, 143);
        }
    }

    /** Pseudo-random bytes made as they are read: the test's own heap holds none of the object either. */
    private static final class GeneratedBytes extends InputStream {
        private final Random random;
        private final byte[] block = new byte[64 * 1024];
        private long remaining;
        private int position = block.length;

        GeneratedBytes(long size, long seed) {
            this.remaining = size;
            this.random = new Random(seed);
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] target, int offset, int length) {
            if (remaining == 0) {
                return -1;
            }
            if (position == block.length) {
                random.nextBytes(block);
                position = 0;
            }
            int n = (int) Math.min(Math.min(length, block.length - position), remaining);
            System.arraycopy(block, position, target, offset, n);
            position += n;
            remaining -= n;
            return n;
        }
    }
}
