package io.github.s3drreplicator.replicate;

import java.util.concurrent.CompletionException;

import io.github.s3drreplicator.aws.S3Clients;
import org.apache.camel.ExchangeProperty;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;

/**
 * Copies large objects in parts, in parallel (UploadPartCopy), with the AWS SDK's own multipart copy: a single
 * CopyObject fails above 5 GiB and is slow well below that. The SDK aborts the upload when a part fails, so no
 * incomplete upload is left behind (a lifecycle rule on the DR bucket catches what a killed process leaves; see
 * docs/fidelity.md). Bytes never pass through this process: S3 copies them.
 */
public class MultipartCopier {

    private final S3Clients clients;

    public MultipartCopier(S3Clients clients) {
        this.clients = clients;
    }

    /** Copies into the pair's target bucket, with the multipart client of its region. */
    public CopyObjectResponse copy(CopyObjectRequest request,
                                   @ExchangeProperty("replicatorAction") ReconcileAction action) {
        try {
            return clients.multipartForRegion(action.pair().targetRegion()).copyObject(request).join();
        } catch (CompletionException e) {
            // the AWS failure itself, so that it is told transient or permanent like any other
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }
}
