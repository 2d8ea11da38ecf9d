package io.github.s3drreplicator.sandbox;

import java.util.Comparator;
import java.util.List;

import com.adobe.testing.s3mock.dto.ListVersionsResult;
import com.adobe.testing.s3mock.dto.S3Object;
import com.adobe.testing.s3mock.service.BucketService;
import com.adobe.testing.s3mock.store.BucketStore;
import com.adobe.testing.s3mock.store.ObjectStore;

/**
 * S3Mock's bucket service, listing objects as S3 does: ListObjects and ListObjectsV2 leave out a key whose latest
 * entry is a delete marker (S3Mock lists it, with the ETag of the version the marker hides). ListObjectVersions, which
 * S3Mock builds on that listing, still sees every key.
 */
class LiveKeysBucketService extends BucketService {

    private final BucketStore bucketStore;
    private final ObjectStore objectStore;
    private final ThreadLocal<Boolean> listingVersions = new ThreadLocal<>();

    LiveKeysBucketService(BucketStore bucketStore, ObjectStore objectStore) {
        super(bucketStore, objectStore);
        this.bucketStore = bucketStore;
        this.objectStore = objectStore;
    }

    /** S3Mock lists versions from its object listing: there, every key with any entry must be listed. */
    @Override
    public ListVersionsResult listVersions(String bucketName, String prefix, String delimiter, String encodingType,
                                           Integer maxKeys, String keyMarker, String versionIdMarker) {
        listingVersions.set(true);
        try {
            return super.listVersions(bucketName, prefix, delimiter, encodingType, maxKeys, keyMarker,
                    versionIdMarker);
        } finally {
            listingVersions.remove();
        }
    }

    @Override
    public List<S3Object> getS3Objects(String bucketName, String prefix) {
        if (Boolean.TRUE.equals(listingVersions.get())) {
            return super.getS3Objects(bucketName, prefix);
        }
        var bucket = bucketStore.getBucketMetadata(bucketName);
        return bucketStore.lookupIdsInBucket(prefix, bucketName).stream()
                .map(id -> objectStore.getS3ObjectMetadata(bucket, id, null))
                .filter(metadata -> metadata != null && !metadata.deleteMarker())
                .map(S3Object::from)
                // listed by key, as S3 (and S3Mock) lists them
                .sorted(Comparator.comparing(S3Object::key))
                .toList();
    }
}
