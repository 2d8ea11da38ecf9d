package io.github.s3drreplicator.aws;

import java.util.Map;

import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * Names the account each bucket must belong to on every S3 request the replicator sends (ExpectedBucketOwner): a
 * bucket deleted and created again with the same name in another account answers 403 instead of receiving production
 * data, or handing out what it holds. For a server-side copy, the copy source's owner is named too
 * ({@code x-amz-source-expected-bucket-owner}).
 */
public final class ExpectedBucketOwners implements ExecutionInterceptor {

    static final String OWNER = "x-amz-expected-bucket-owner";
    static final String SOURCE_OWNER = "x-amz-source-expected-bucket-owner";

    private final Map<String, String> ownerOfBucket;

    /** @param ownerOfBucket bucket name to the 12-digit account that must own it; buckets not named are not checked */
    public ExpectedBucketOwners(Map<String, String> ownerOfBucket) {
        this.ownerOfBucket = Map.copyOf(ownerOfBucket);
    }

    @Override
    public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
        SdkRequest request = context.request();
        SdkHttpRequest http = context.httpRequest();
        String bucket = field(request, "Bucket");
        if (bucket == null) {
            bucket = field(request, "DestinationBucket");
        }
        String owner = bucket == null ? null : ownerOfBucket.get(bucket);
        String sourceBucket = field(request, "SourceBucket");
        String sourceOwner = sourceBucket == null ? null : ownerOfBucket.get(sourceBucket);
        if (owner == null && sourceOwner == null) {
            return http;
        }
        SdkHttpRequest.Builder named = http.toBuilder();
        if (owner != null && !http.firstMatchingHeader(OWNER).isPresent()) {
            named.putHeader(OWNER, owner);
        }
        if (sourceOwner != null && !http.firstMatchingHeader(SOURCE_OWNER).isPresent()) {
            named.putHeader(SOURCE_OWNER, sourceOwner);
        }
        return named.build();
    }

    private static String field(SdkRequest request, String name) {
        return request.getValueForField(name, String.class).orElse(null);
    }
}
