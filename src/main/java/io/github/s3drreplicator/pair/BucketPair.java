package io.github.s3drreplicator.pair;

/**
 * One replication: the objects of a source bucket whose keys have the prefix and the suffix go to a DR bucket, as an
 * S3 notification filter or replication rule would select them.
 *
 * @param name         how configuration and logs call it ({@code default} for the single-pair properties)
 * @param prefix       keys must start with this ({@code ""} for all)
 * @param suffix       keys must end with this ({@code ""} for all)
 * @param storageClass the DR copies' storage class, or {@code null} for the bucket's default
 * @param kmsKeyId     the SSE-KMS key of the DR copies, or {@code null} for the bucket's default encryption
 * @param deleteDelayDays for {@link DeleteMode#DELAYED}: after how many days the DR bucket's lifecycle rule expires
 *                     a copy whose source was deleted
 */
public record BucketPair(String name, String sourceBucket, String sourceRegion, String prefix, String suffix,
                         String targetBucket, String targetRegion, String storageClass, String kmsKeyId,
                         DeleteMode deleteMode, int deleteDelayDays) {

    public BucketPair {
        if (sourceRegion == null || targetRegion == null) {
            throw new IllegalArgumentException("bucket pair '" + name + "' needs a source and a target region");
        }
    }

    /**
     * Whether the pair replicates this key: its prefix and suffix select it. Every key is the user's: the replicator
     * keeps nothing of its own in a bucket it mirrors (its state is in {@code replicator.state.bucket}).
     */
    public boolean selects(String key) {
        return key.startsWith(prefix) && key.endsWith(suffix);
    }

    /** Where S3 requests for the DR bucket go: the registry name of the S3 client for its region. */
    public String targetClient() {
        return clientName(targetRegion);
    }

    /** The same pair the other way round, DR to production: for a restore. */
    public BucketPair reversed() {
        return new BucketPair(name + "-reversed", targetBucket, targetRegion, prefix, suffix, sourceBucket,
                sourceRegion, null, null, DeleteMode.MIRROR, deleteDelayDays);
    }

    /** The registry name of the S3 client for a region, as the routes refer to it. */
    public static String clientName(String region) {
        return "s3Client-" + region;
    }

    @Override
    public String toString() {
        return name + " (" + sourceBucket + "/" + prefix + "*" + suffix + " -> " + targetBucket + " in " + targetRegion
                + ")";
    }
}
