package io.github.s3drreplicator.sandbox;

import java.util.Optional;

/**
 * The region a request was signed for with Signature Version 4: the third field of the credential scope
 * ({@code AKID/20261130/us-east-2/s3/aws4_request}) in the {@code Authorization} header, or in a presigned URL's
 * {@code X-Amz-Credential}. Nothing for unsigned requests and other signatures (version 2, SigV4a), which name no
 * single region.
 */
final class SigningRegion {

    private static final String SIGV4 = "AWS4-HMAC-SHA256";

    private SigningRegion() {
    }

    /**
     * @param authorization       the {@code Authorization} header, or {@code null}
     * @param presignedCredential the decoded {@code X-Amz-Credential} query parameter, or {@code null}
     */
    static Optional<String> of(String authorization, String presignedCredential) {
        if (authorization != null && authorization.trim().startsWith(SIGV4)) {
            int start = authorization.indexOf("Credential=");
            if (start < 0) {
                return Optional.empty();
            }
            int end = authorization.indexOf(',', start);
            return fromScope(authorization.substring(start + "Credential=".length(),
                    end < 0 ? authorization.length() : end).trim());
        }
        return presignedCredential == null ? Optional.empty() : fromScope(presignedCredential.trim());
    }

    private static Optional<String> fromScope(String credential) {
        // the access key id never holds a '/': count from the end, where the scope is fixed
        String[] fields = credential.split("/");
        if (fields.length < 5 || fields[fields.length - 3].isBlank()) {
            return Optional.empty();
        }
        return Optional.of(fields[fields.length - 3]);
    }
}
