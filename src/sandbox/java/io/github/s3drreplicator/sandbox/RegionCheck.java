package io.github.s3drreplicator.sandbox;

import java.util.Optional;
import java.util.function.Function;

/**
 * What S3 answers a request signed for another region than its bucket's: a HEAD (HeadBucket, HeadObject), which
 * has no body to explain, gets {@code 301} with {@code x-amz-bucket-region}; anything else {@code 400
 * AuthorizationHeaderMalformed} naming the expected region, with the same header. The AWS SDKs' cross-region access
 * and botocore's region redirector retry in that region on either.
 *
 * <p>Always accepted: requests without a bucket (ListBuckets), unsigned ones, GetBucketLocation (the way to ask a
 * bucket's region from anywhere), and requests for buckets the sandbox does not know (S3 answers NoSuchBucket, not
 * a redirect, for a bucket that does not exist; creating one is judged by nobody here). A copy is judged by its
 * destination bucket only: its source may be in any region.
 */
final class RegionCheck {

    private RegionCheck() {
    }

    /** A refusal: the request must be sent again, signed for {@code bucketRegion}. */
    record WrongRegion(String signedRegion, String bucketRegion, boolean head) {

        int status() {
            return head ? 301 : 400;
        }

        String message() {
            return "The authorization header is malformed; the region '" + signedRegion + "' is wrong; expecting '"
                    + bucketRegion + "'";
        }
    }

    /**
     * @param signedRegion the region the request was signed for, if it was signed with SigV4
     * @param regionOf     the region of a bucket the sandbox knows
     */
    static Optional<WrongRegion> judge(String method, S3Path path, Optional<String> signedRegion,
                                       Function<String, Optional<String>> regionOf) {
        if (path.bucket() == null || signedRegion.isEmpty()
                || (path.key() == null && "GET".equals(method) && path.has("location"))) {
            return Optional.empty();
        }
        return regionOf.apply(path.bucket())
                .filter(bucketRegion -> !bucketRegion.equals(signedRegion.get()))
                .map(bucketRegion -> new WrongRegion(signedRegion.get(), bucketRegion, "HEAD".equals(method)));
    }
}
