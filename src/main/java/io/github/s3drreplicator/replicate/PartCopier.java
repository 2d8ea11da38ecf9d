package io.github.s3drreplicator.replicate;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import io.github.s3drreplicator.aws.S3Clients;
import io.github.s3drreplicator.pair.BucketPair;
import io.github.s3drreplicator.replicate.ReconcileStep.Copy;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.ChecksumType;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * Copies an object uploaded in parts the way it was uploaded: one UploadPartCopy per part of the source, of the same
 * size, all in flight at once. The copy then has the source's own ETag (S3's ETag of a multipart object is the digest
 * of its parts' digests), which is how DR knows it holds the source's bytes without reading them or adding metadata.
 * Every part is conditioned on the source's ETag, and the completion on the target as seen (If-Match, or
 * If-None-Match: *): should either change meanwhile, S3 refuses, the upload is aborted, and the key is looked at again.
 * Bytes never pass through this process. Each request goes to its bucket's region: the source's part sizes are asked
 * there, the parts are copied in the target's.
 */
public class PartCopier {

    private static final Logger LOG = LoggerFactory.getLogger(PartCopier.class);
    /** Up to this many parts, every part's size is asked; above, the first's, the rest taken as equal to it. */
    private static final int ASK_EVERY_PART_UP_TO = 32;

    private final S3Clients clients;

    public PartCopier(S3Clients clients) {
        this.clients = clients;
    }

    public CompleteMultipartUploadResponse copy(@ExchangeProperty(KeyReplication.PROPERTY) KeyReplication r) {
        Copy copy = r.getCopy();
        BucketPair pair = r.pair();
        ObjectState source = copy.source();
        List<long[]> ranges = ranges(clients.forRegion(regionOf(pair, copy.fromBucket())), copy.fromBucket(), r.key(),
                copy.sourceVersionId(), source, r.exactLayout());
        S3AsyncClient target = clients.asyncForRegion(pair.targetRegion());
        String uploadId = target.createMultipartUpload(create(r, copy)).join().uploadId();
        try {
            List<CompletableFuture<CompletedPart>> parts = new ArrayList<>();
            for (int i = 0; i < ranges.size(); i++) {
                int number = i + 1;
                long[] range = ranges.get(i);
                parts.add(target.uploadPartCopy(p -> p.sourceBucket(copy.fromBucket()).sourceKey(r.key())
                                .sourceVersionId(copy.sourceVersionId())
                                .copySourceIfMatch(quoted(source.eTag()))
                                .copySourceRange("bytes=" + range[0] + "-" + range[1])
                                .destinationBucket(pair.targetBucket()).destinationKey(r.key())
                                .uploadId(uploadId).partNumber(number))
                        .thenApply(done -> CompletedPart.builder().partNumber(number)
                                .eTag(done.copyPartResult().eTag())
                                .checksumCRC32(done.copyPartResult().checksumCRC32())
                                .checksumCRC32C(done.copyPartResult().checksumCRC32C())
                                .checksumCRC64NVME(done.copyPartResult().checksumCRC64NVME())
                                .build()));
            }
            CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).join();
            List<CompletedPart> completed = parts.stream().map(CompletableFuture::join).toList();
            return target.completeMultipartUpload(complete(r, copy, uploadId, completed)).join();
        } catch (CompletionException failed) {
            abort(target, pair.targetBucket(), r.key(), uploadId);
            // the AWS failure itself, so that it is told transient, permanent or a changed key like any other
            if (failed.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw failed;
        } catch (RuntimeException failed) {
            abort(target, pair.targetBucket(), r.key(), uploadId);
            throw failed;
        }
    }

    /**
     * The byte ranges of the source's parts. S3 says each part's size (HeadObject with a part number); for objects of
     * many parts the first part's size is taken for all but the last, as every common uploader makes them, and a copy
     * whose ETag then differs is made again with every part asked ({@code exact}).
     *
     * @param versionId the source's version whose parts these are, or {@code null} for its current one
     */
    static List<long[]> ranges(S3Client s3, String bucket, String key, String versionId, ObjectState source,
                               boolean exact) {
        int count = source.parts();
        long size = source.size();
        List<Long> sizes = new ArrayList<>();
        // no If-Match on these: some stores compare it with the part's own ETag; the part copies carry the condition
        HeadObjectResponse first = s3.headObject(h -> h.bucket(bucket).key(key).versionId(versionId).partNumber(1));
        long partSize = first.contentLength();
        if (!exact && count > ASK_EVERY_PART_UP_TO && partSize * (count - 1) < size && partSize * count >= size) {
            for (int i = 1; i < count; i++) {
                sizes.add(partSize);
            }
            sizes.add(size - partSize * (count - 1));
        } else {
            sizes.add(partSize);
            for (int number = 2; number <= count; number++) {
                int part = number;
                sizes.add(s3.headObject(h -> h.bucket(bucket).key(key).versionId(versionId).partNumber(part))
                        .contentLength());
            }
        }
        List<long[]> ranges = new ArrayList<>();
        long start = 0;
        for (long length : sizes) {
            ranges.add(new long[] {start, start + length - 1});
            start += length;
        }
        if (start != size) {
            throw new IllegalStateException("the parts of '" + key + "' add up to " + start + " bytes, not "
                    + size + ": S3 answered part sizes that do not fit the object");
        }
        return ranges;
    }

    private static CreateMultipartUploadRequest create(KeyReplication r, Copy copy) {
        ObjectState source = copy.source();
        ObjectState.Headers headers = source.headers();
        BucketPair pair = r.pair();
        CreateMultipartUploadRequest.Builder create = CreateMultipartUploadRequest.builder()
                .bucket(pair.targetBucket())
                .key(r.key())
                .metadata(copy.metadata() == null ? source.metadata() : copy.metadata())
                .contentType(headers.contentType())
                .cacheControl(headers.cacheControl())
                .contentDisposition(headers.contentDisposition())
                .contentEncoding(headers.contentEncoding())
                .contentLanguage(headers.contentLanguage())
                .expires(headers.expires())
                .websiteRedirectLocation(headers.websiteRedirect())
                .tagging(S3Requests.tagging(copy.tags() == null ? java.util.Map.of() : copy.tags()))
                .storageClass(copy.purpose() == Copy.Purpose.RESTORE ? null : pair.storageClass());
        if (pair.kmsKeyId() != null && copy.purpose() != Copy.Purpose.RESTORE) {
            create.serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId(pair.kmsKeyId());
        }
        if (source.checksum() != null) {
            // the copy gets the source's whole-object checksum, which S3 checks when the upload completes
            create.checksumAlgorithm(ChecksumAlgorithm.fromValue(source.checksum().algorithm()))
                    .checksumType(ChecksumType.FULL_OBJECT);
        }
        return create.build();
    }

    private static CompleteMultipartUploadRequest complete(KeyReplication r, Copy copy, String uploadId,
                                                           List<CompletedPart> parts) {
        ObjectState source = copy.source();
        CompleteMultipartUploadRequest.Builder complete = CompleteMultipartUploadRequest.builder()
                .bucket(r.pair().targetBucket())
                .key(r.key())
                .uploadId(uploadId)
                .multipartUpload(m -> m.parts(parts))
                .ifMatch(copy.destination().ifMatchHeader())
                .ifNoneMatch(copy.destination().ifNoneMatch());
        if (source.checksum() != null) {
            complete.checksumType(ChecksumType.FULL_OBJECT);
            switch (source.checksum().algorithm()) {
                case "CRC64NVME" -> complete.checksumCRC64NVME(source.checksum().value());
                case "CRC32C" -> complete.checksumCRC32C(source.checksum().value());
                case "CRC32" -> complete.checksumCRC32(source.checksum().value());
                default -> { }
            }
        }
        return complete.build();
    }

    private static void abort(S3AsyncClient s3, String bucket, String key, String uploadId) {
        try {
            s3.abortMultipartUpload(a -> a.bucket(bucket).key(key).uploadId(uploadId)).join();
        } catch (RuntimeException e) {
            // a lifecycle rule on the DR bucket removes what is left (config/dr-bucket-lifecycle.json)
            LOG.warn("Could not abort the copy in parts of '{}' ({}): {}", key, uploadId, e.getMessage());
        }
    }

    private static String regionOf(BucketPair pair, String bucket) {
        return bucket.equals(pair.sourceBucket()) ? pair.sourceRegion() : pair.targetRegion();
    }

    static String quoted(String eTag) {
        return eTag == null ? null : "\"" + eTag + "\"";
    }
}
