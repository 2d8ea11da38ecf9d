package io.github.s3drreplicator.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.ListBucketsRequest;

class ExpectedBucketOwnersTest {

    private static final ExpectedBucketOwners OWNERS = new ExpectedBucketOwners(Map.of(
            "prod-bucket", "111111111111", "dr-bucket", "222222222222"));

    private static SdkHttpRequest sent(SdkRequest request) {
        SdkHttpRequest http = SdkHttpRequest.builder().method(SdkHttpMethod.PUT).protocol("https")
                .host("s3.amazonaws.com").build();
        return OWNERS.modifyHttpRequest(new Context.ModifyHttpRequest() {
            @Override
            public SdkHttpRequest httpRequest() {
                return http;
            }

            @Override
            public Optional<software.amazon.awssdk.core.sync.RequestBody> requestBody() {
                return Optional.empty();
            }

            @Override
            public Optional<software.amazon.awssdk.core.async.AsyncRequestBody> asyncRequestBody() {
                return Optional.empty();
            }

            @Override
            public SdkRequest request() {
                return request;
            }
        }, new ExecutionAttributes());
    }

    @Test
    void aRequestForABucketNamesTheAccountThatMustOwnIt() {
        SdkHttpRequest http = sent(DeleteObjectRequest.builder().bucket("dr-bucket").key("k").build());

        assertThat(http.firstMatchingHeader("x-amz-expected-bucket-owner")).contains("222222222222");
        assertThat(http.firstMatchingHeader("x-amz-source-expected-bucket-owner")).isEmpty();
    }

    @Test
    void aCopyNamesTheOwnersOfBothItsBuckets() {
        SdkHttpRequest http = sent(CopyObjectRequest.builder().sourceBucket("prod-bucket").sourceKey("k")
                .destinationBucket("dr-bucket").destinationKey("k").build());

        assertThat(http.firstMatchingHeader("x-amz-expected-bucket-owner")).contains("222222222222");
        assertThat(http.firstMatchingHeader("x-amz-source-expected-bucket-owner")).contains("111111111111");
    }

    @Test
    void bucketsNotNamedAndRequestsWithoutABucketGoAsTheyAre() {
        assertThat(sent(DeleteObjectRequest.builder().bucket("other").key("k").build()).headers()).isEmpty();
        assertThat(sent(ListBucketsRequest.builder().build()).headers()).isEmpty();
    }
}
