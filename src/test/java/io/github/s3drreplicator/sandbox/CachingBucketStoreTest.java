package io.github.s3drreplicator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.format.DateTimeFormatter;

import com.adobe.testing.s3mock.dto.VersioningConfiguration;
import com.adobe.testing.s3mock.store.BucketMetadata;
import com.adobe.testing.s3mock.store.BucketStore;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** S3Mock's bucket store with the keys in memory, S3Mock's own store underneath for the rest. */
class CachingBucketStoreTest {

    private static final String BUCKET = "prod-bucket";

    @TempDir
    Path root;
    private CachingBucketStore store;

    @BeforeEach
    void createBucket() {
        store = new CachingBucketStore(new BucketStore(root.toFile(), DateTimeFormatter.ISO_LOCAL_DATE_TIME,
                "us-east-1", new ObjectMapper()));
        store.createBucket(BUCKET, false, null, "us-east-1", null, null);
    }

    @Test
    void keysAreAddedAndRemovedInMemoryAndLookedUpByPrefix() {
        store.addKeyToBucket("a.txt", BUCKET);
        store.addKeyToBucket("b/c.txt", BUCKET);
        store.addKeyToBucket("b/d.txt", BUCKET);
        store.removeFromBucket("b/d.txt", BUCKET);

        assertThat(store.lookupKeysInBucket("b/", BUCKET)).containsExactly("b/c.txt");
        assertThat(store.lookupKeysInBucket(null, BUCKET)).containsExactlyInAnyOrder("a.txt", "b/c.txt");
        assertThat(store.lookupIdsInBucket("a", BUCKET)).containsExactly(store.getBucketMetadata(BUCKET)
                .getID("a.txt"));
    }

    @Test
    void aKeyAddedTwiceKeepsItsId() {
        assertThat(store.addKeyToBucket("a.txt", BUCKET)).isEqualTo(store.addKeyToBucket("a.txt", BUCKET));
    }

    @Test
    void bucketsAreListedByS3Mock() {
        store.addKeyToBucket("a.txt", BUCKET);

        assertThat(store.listBuckets()).extracting(BucketMetadata::name).containsExactly(BUCKET);
    }

    @Test
    void aConfigurationWriteKeepsTheKeys() {
        store.addKeyToBucket("before.txt", BUCKET);
        BucketMetadata read = store.getBucketMetadata(BUCKET);
        store.addKeyToBucket("since.txt", BUCKET);

        store.storeVersioningConfiguration(read, new VersioningConfiguration(null,
                VersioningConfiguration.Status.ENABLED, null));

        BucketMetadata now = store.getBucketMetadata(BUCKET);
        assertThat(now.isVersioningEnabled()).isTrue();
        assertThat(now.objects()).containsOnlyKeys("before.txt", "since.txt");
    }

    @Test
    void anEmptiedBucketCanBeDeleted() {
        store.addKeyToBucket("a.txt", BUCKET);
        store.removeFromBucket("a.txt", BUCKET);

        assertThat(store.isBucketEmpty(BUCKET)).isTrue();
        assertThat(store.deleteBucket(BUCKET)).isTrue();
        assertThat(store.doesBucketExist(BUCKET)).isFalse();
    }

    @Test
    void aBucketWithKeysIsNotDeleted() {
        store.addKeyToBucket("a.txt", BUCKET);

        assertThat(store.isBucketEmpty(BUCKET)).isFalse();
        assertThat(store.deleteBucket(BUCKET)).isFalse();
        assertThat(store.doesBucketExist(BUCKET)).isTrue();
    }
}
