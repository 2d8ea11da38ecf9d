package io.github.s3drreplicator.it;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;

/** Objects uploaded in parts, as the AWS CLI and the SDKs' transfer managers upload large files. */
final class Uploads {

    private Uploads() {
    }

    /**
     * Uploads {@code size} bytes in parts of {@code partSize} (the last one shorter), each part's body made by
     * {@code part} from its length; returns the object's ETag.
     */
    static String inParts(S3Client s3, String bucket, String key, long size, long partSize,
                          java.util.function.UnaryOperator<CreateMultipartUploadRequest.Builder> options,
                          LongFunction<RequestBody> part) {
        String uploadId = s3.createMultipartUpload(options.apply(CreateMultipartUploadRequest.builder()
                .bucket(bucket).key(key)).build()).uploadId();
        List<CompletedPart> parts = new ArrayList<>();
        long offset = 0;
        for (int number = 1; offset < size; number++) {
            long length = Math.min(partSize, size - offset);
            int partNumber = number;
            String eTag = s3.uploadPart(r -> r.bucket(bucket).key(key).uploadId(uploadId).partNumber(partNumber)
                    .contentLength(length), part.apply(length)).eTag();
            parts.add(CompletedPart.builder().partNumber(partNumber).eTag(eTag).build());
            offset += length;
        }
        return s3.completeMultipartUpload(r -> r.bucket(bucket).key(key).uploadId(uploadId)
                .multipartUpload(u -> u.parts(parts))).eTag();
    }

    /** Random bytes, a part at a time. */
    static String inParts(S3Client s3, String bucket, String key, long size, long partSize) {
        java.util.Random random = new java.util.Random(key.hashCode());
        return inParts(s3, bucket, key, size, partSize, b -> b, length -> {
            byte[] bytes = new byte[(int) length];
            random.nextBytes(bytes);
            return RequestBody.fromBytes(bytes);
        });
    }
}
