package io.github.s3drreplicator.sandbox;

import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Stream;

import com.adobe.testing.s3mock.dto.BucketInfo;
import com.adobe.testing.s3mock.dto.BucketLifecycleConfiguration;
import com.adobe.testing.s3mock.dto.LocationInfo;
import com.adobe.testing.s3mock.dto.ObjectLockConfiguration;
import com.adobe.testing.s3mock.dto.ObjectLockEnabled;
import com.adobe.testing.s3mock.dto.ObjectOwnership;
import com.adobe.testing.s3mock.dto.VersioningConfiguration;
import com.adobe.testing.s3mock.store.BucketMetadata;
import com.adobe.testing.s3mock.store.BucketStore;

/**
 * S3Mock's bucket store with each bucket's keys kept in memory. S3Mock keeps a bucket's every key in one metadata file,
 * reads that file several times for every request and writes it whole for every new or removed key, so a request cost
 * it time in proportion to the objects the bucket held: filling two buckets of 10,000 objects took the benchmark more
 * than ten minutes. Here the keys live in memory only; S3Mock's file keeps the rest of the bucket's metadata (its
 * configuration), which S3Mock still reads and writes itself. S3Mock 4.12 writes a configuration without the keys
 * (PutBucketVersioning on a bucket with objects lost them): here they are kept. S3Mock removes its folder when the
 * JVM exits; a sandbox killed and started again on a kept {@code sandbox.data-dir} finds its buckets empty.
 */
final class CachingBucketStore extends BucketStore {

    private final BucketStore store;
    /** Each bucket's metadata, its keys in a concurrent map: a listing may go on while keys are added. */
    private final Map<String, BucketMetadata> buckets = new HashMap<>();

    CachingBucketStore(BucketStore store) {
        // the fields of the class it extends stay unused: what it does not do itself goes to the store it wraps
        super(null, null, null, null);
        this.store = store;
    }

    @Override
    public synchronized BucketMetadata getBucketMetadata(String bucket) {
        BucketMetadata known = buckets.get(bucket);
        if (known == null) {
            // S3Mock's store throws IllegalStateException for a bucket that does not exist
            BucketMetadata read = store.getBucketMetadata(bucket);
            known = withKeys(read, new ConcurrentHashMap<>(read.objects()));
            buckets.put(bucket, known);
        }
        return known;
    }

    @Override
    public synchronized UUID addKeyToBucket(String key, String bucket) {
        return getBucketMetadata(bucket).addKey(key);
    }

    /**
     * Forgets a key, but only once its object is gone from the store. S3Mock 4.12 also forgets the key when an upload
     * in parts to it is aborted, or a copy or a completion onto it fails, while the object it held is still there:
     * the object would vanish from every read and listing, which S3 never does.
     */
    @Override
    public synchronized boolean removeFromBucket(String key, String bucket) {
        BucketMetadata metadata = getBucketMetadata(bucket);
        UUID id = metadata.getID(key);
        if (id != null && metadata.path() != null && Files.exists(metadata.path().resolve(id.toString()))) {
            return false;
        }
        return metadata.removeKey(key);
    }

    @Override
    public List<UUID> lookupIdsInBucket(String prefix, String bucket) {
        return entries(prefix, bucket).map(Map.Entry::getValue).toList();
    }

    @Override
    public List<String> lookupKeysInBucket(String prefix, String bucket) {
        return entries(prefix, bucket).map(Map.Entry::getKey).toList();
    }

    private Stream<Map.Entry<String, UUID>> entries(String prefix, String bucket) {
        String start = prefix == null ? "" : prefix;
        return getBucketMetadata(bucket).objects().entrySet().stream().filter(e -> e.getKey().startsWith(start));
    }

    @Override
    public boolean isBucketEmpty(String bucket) {
        return getBucketMetadata(bucket).objects().isEmpty();
    }

    @Override
    public boolean isObjectLockEnabled(String bucket) {
        ObjectLockConfiguration lock = getBucketMetadata(bucket).objectLockConfiguration();
        return lock != null && lock.objectLockEnabled() == ObjectLockEnabled.ENABLED;
    }

    @Override
    public boolean doesBucketExist(String bucket) {
        return store.doesBucketExist(bucket);
    }

    @Override
    public List<BucketMetadata> listBuckets() {
        return store.listBuckets();
    }

    @Override
    public synchronized BucketMetadata createBucket(String bucket, boolean objectLockEnabled,
                                                    ObjectOwnership ownership, String region, BucketInfo info,
                                                    LocationInfo location) {
        BucketMetadata created = store.createBucket(bucket, objectLockEnabled, ownership, region, info, location);
        buckets.remove(bucket);
        return created;
    }

    /** S3Mock's file holds no keys, so its own check would find every bucket empty. */
    @Override
    public synchronized boolean deleteBucket(String bucket) {
        if (!isBucketEmpty(bucket)) {
            return false;
        }
        boolean deleted = store.deleteBucket(bucket);
        buckets.remove(bucket);
        return deleted;
    }

    @Override
    public void storeObjectLockConfiguration(BucketMetadata metadata, ObjectLockConfiguration configuration) {
        configure(metadata, read -> store.storeObjectLockConfiguration(read, configuration));
    }

    @Override
    public void storeVersioningConfiguration(BucketMetadata metadata, VersioningConfiguration configuration) {
        configure(metadata, read -> store.storeVersioningConfiguration(read, configuration));
    }

    @Override
    public void storeBucketLifecycleConfiguration(BucketMetadata metadata,
                                                  BucketLifecycleConfiguration configuration) {
        configure(metadata, read -> store.storeBucketLifecycleConfiguration(read, configuration));
    }

    /** A configuration S3Mock writes to its file; the keys stay the ones in memory. */
    private synchronized void configure(BucketMetadata read, Consumer<BucketMetadata> write) {
        Map<String, UUID> keys = getBucketMetadata(read.name()).objects();
        write.accept(read);
        buckets.put(read.name(), withKeys(store.getBucketMetadata(read.name()), keys));
    }

    private static BucketMetadata withKeys(BucketMetadata m, Map<String, UUID> keys) {
        return new BucketMetadata(m.name(), m.creationDate(), m.versioningConfiguration(), m.objectLockConfiguration(),
                m.bucketLifecycleConfiguration(), m.objectOwnership(), m.path(), m.bucketRegion(), m.bucketInfo(),
                m.locationInfo(), keys);
    }
}
