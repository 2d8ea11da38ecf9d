package io.github.s3drreplicator.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.Tag;

/**
 * What an object carries besides its bytes, as any S3 client reads it back: user metadata, content headers, the
 * website redirect, and its tags. Two objects with equal properties are the same to a user of either.
 */
record ObjectProperties(Map<String, String> metadata, String contentType, String cacheControl,
                        String contentDisposition, String contentEncoding, String contentLanguage, Instant expires,
                        String websiteRedirect, Map<String, String> tags) {

    /** The object's properties, or {@code null} when the key holds nothing. */
    static ObjectProperties of(S3Client s3, String bucket, String key) {
        HeadObjectResponse head;
        try {
            head = s3.headObject(r -> r.bucket(bucket).key(key));
        } catch (NoSuchKeyException gone) {
            return null;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return null;
            }
            throw e;
        }
        Map<String, String> tags;
        try {
            tags = s3.getObjectTagging(r -> r.bucket(bucket).key(key)).tagSet().stream()
                    .collect(Collectors.toMap(Tag::key, Tag::value, (a, b) -> b, TreeMap::new));
        } catch (NoSuchKeyException gone) {
            return null;
        }
        return new ObjectProperties(new TreeMap<>(head.metadata()), blankless(head.contentType()),
                blankless(head.cacheControl()), blankless(head.contentDisposition()),
                blankless(head.contentEncoding()), blankless(head.contentLanguage()), head.expires(),
                blankless(head.websiteRedirectLocation()), tags);
    }

    /** DR's copy of the key carries exactly what production's object carries. */
    static void assertMirrored(S3Client s3, String key) {
        assertThat(of(s3, AwsTestEnvironment.TARGET_BUCKET, key))
                .as("DR's properties of '%s'", key)
                .isEqualTo(of(s3, AwsTestEnvironment.SOURCE_BUCKET, key));
    }

    private static String blankless(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
