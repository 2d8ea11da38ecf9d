package io.github.s3drreplicator.sandbox;

/**
 * One version of one key, as the sandbox keeps facts about it.
 *
 * @param versionId the store's version id; {@code null} in a bucket that is not versioned (S3 says "null")
 */
record VersionRef(String bucket, String key, String versionId) {

    VersionRef {
        if ("null".equals(versionId) || (versionId != null && versionId.isEmpty())) {
            versionId = null;
        }
    }
}
