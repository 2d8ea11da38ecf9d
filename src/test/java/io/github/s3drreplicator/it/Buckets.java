package io.github.s3drreplicator.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/** Reads whole buckets back for comparison: keys, sizes and a digest of every byte. */
final class Buckets {

    private Buckets() {
    }

    /**
     * Key to SHA-256 of the content, for every object under the prefix. A listing is no snapshot: an object deleted
     * between the listing and its read (the replicator at work while a test waits) is left out, not an error.
     */
    static Map<String, String> contents(S3Client s3, String bucket, String prefix) {
        Map<String, String> answer = new TreeMap<>();
        for (S3Object object : s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix)).contents()) {
            try {
                answer.put(object.key(), sha256(s3, bucket, object.key()));
            } catch (NoSuchKeyException e) {
                // deleted since it was listed
            }
        }
        return answer;
    }

    static void assertMirrored(S3Client s3, String prefix) {
        Map<String, String> production = contents(s3, AwsTestEnvironment.SOURCE_BUCKET, prefix);
        Map<String, String> dr = contents(s3, AwsTestEnvironment.TARGET_BUCKET, prefix);
        assertThat(dr).as("DR under '%s', key for key and byte for byte", prefix).isEqualTo(production);
    }

    /** What {@link #contents} gives for an object holding this text. */
    static String sha256Of(String content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(content.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sha256(S3Client s3, String bucket, String key) {
        try (InputStream in = s3.getObject(r -> r.bucket(bucket).key(key))) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
