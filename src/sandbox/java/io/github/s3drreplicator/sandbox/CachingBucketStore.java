package io.github.s3drreplicator.sandbox;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
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
 * S3Mock's bucket store with each bucket's list of keys kept in memory. S3Mock keeps a bucket's every key in one
 * metadata file, reads that file several times for every request and writes it whole for every new or removed key, so
 * a request cost it time in proportion to the objects the bucket held: filling two buckets of 10,000 objects took the
 * benchmark more than ten minutes. Here a key is added to or removed from the list in memory, and the file is written
 * only before one of S3Mock's own methods reads it (listing or deleting buckets, writing a bucket's configuration).
 * S3Mock removes its folder when it stops, so nothing else reads the file.
 */
final class CachingBucketStore extends BucketStore {

    private final BucketStore store;
    /** Each bucket's metadata as last read, its keys in a concurrent map: a listing may go on while keys are added. */
    private final Map<String, BucketMetadata> buckets = new HashMap<>();
    /** Buckets whose file is behind the keys in memory. */
    private final Set<String> unwritten = new HashSet<>();

    CachingBucketStore(BucketStore store) {
        // the fields of the class it extends stay unused: what it does not do itself goes to the store it wraps
        super(null, null, null, null);
        this.store = store;
    }

    @Override
    public synchronized BucketMetadata getBucketMetadata(String bucket) {
        BucketMetadata known = buckets.get(bucket);
        if (known == null) {
            BucketMetadata m = store.getBucketMetadata(bucket);
            if (m == null) {
                return null;
            }
            known = new BucketMetadata(m.name(), m.creationDate(), m.versioningConfiguration(),
                    m.objectLockConfiguration(), m.bucketLifecycleConfiguration(), m.objectOwnership(), m.path(),
                    m.bucketRegion(), m.bucketInfo(), m.locationInfo(), new ConcurrentHashMap<>(m.objects()));
            buckets.put(bucket, known);
        }
        return known;
    }

    @Override
    public synchronized UUID addKeyToBucket(String key, String bucket) {
        UUID id = getBucketMetadata(bucket).addKey(key);
        unwritten.add(bucket);
        return id;
    }

    @Override
    public synchronized boolean removeFromBucket(String key, String bucket) {
        boolean removed = getBucketMetadata(bucket).removeKey(key);
        unwritten.add(bucket);
        return removed;
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
        BucketMetadata metadata = getBucketMetadata(bucket);
        if (metadata == null) {
            throw new IllegalStateException("Requested Bucket does not exist: " + bucket);
        }
        return metadata.objects().isEmpty();
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
    public synchronized List<BucketMetadata> listBuckets() {
        flush();
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

    @Override
    public synchronized void storeObjectLockConfiguration(BucketMetadata metadata,
                                                          ObjectLockConfiguration configuration) {
        store.storeObjectLockConfiguration(current(metadata), configuration);
        buckets.remove(metadata.name());
    }

    @Override
    public synchronized void storeVersioningConfiguration(BucketMetadata metadata,
                                                          VersioningConfiguration configuration) {
        store.storeVersioningConfiguration(current(metadata), configuration);
        buckets.remove(metadata.name());
    }

    @Override
    public synchronized void storeBucketLifecycleConfiguration(BucketMetadata metadata,
                                                               BucketLifecycleConfiguration configuration) {
        store.storeBucketLifecycleConfiguration(current(metadata), configuration);
        buckets.remove(metadata.name());
    }

    @Override
    public synchronized boolean deleteBucket(String bucket) {
        flush();
        boolean deleted = store.deleteBucket(bucket);
        buckets.remove(bucket);
        return deleted;
    }

    /** Writes the files that are behind the keys in memory. */
    private synchronized void flush() {
        for (String bucket : unwritten) {
            BucketMetadata metadata = buckets.get(bucket);
            if (metadata == null) {
                continue;
            }
            // S3Mock's one public way to write a bucket's whole metadata, its keys included
            store.storeBucketLifecycleConfiguration(metadata, metadata.bucketLifecycleConfiguration());
        }
        unwritten.clear();
    }

    /** The configuration a caller read, with the keys the bucket holds now (which a configuration write keeps). */
    private BucketMetadata current(BucketMetadata read) {
        unwritten.remove(read.name());
        return new BucketMetadata(read.name(), read.creationDate(), read.versioningConfiguration(),
                read.objectLockConfiguration(), read.bucketLifecycleConfiguration(), read.objectOwnership(),
                read.path(), read.bucketRegion(), read.bucketInfo(), read.locationInfo(),
                getBucketMetadata(read.name()).objects());
    }
}
