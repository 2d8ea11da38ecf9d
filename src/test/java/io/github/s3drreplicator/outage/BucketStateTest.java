package io.github.s3drreplicator.outage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.stream.Stream;

import io.github.s3drreplicator.failure.FailureClassifier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;

class BucketStateTest {

    private static S3Exception answer(int status, String code) {
        return (S3Exception) S3Exception.builder().statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).build()).build();
    }

    static Stream<Arguments> probes() {
        return Stream.of(
                Arguments.of(null, BucketState.AVAILABLE),
                // S3 in the region does not answer: an outage
                Arguments.of(answer(503, "ServiceUnavailable"), BucketState.UNAVAILABLE),
                Arguments.of(answer(500, "InternalError"), BucketState.UNAVAILABLE),
                Arguments.of(SdkClientException.create("Unable to execute HTTP request: Connection refused"),
                        BucketState.UNAVAILABLE),
                Arguments.of(ApiCallTimeoutException.create(3000), BucketState.UNAVAILABLE),
                Arguments.of(new UncheckedIOException(new IOException("Connection reset")), BucketState.UNAVAILABLE),
                // answers with a remedy of their own; a HEAD's answer has no error code
                Arguments.of(answer(403, "AccessDenied"), BucketState.ACCESS_DENIED),
                Arguments.of(answer(403, null), BucketState.ACCESS_DENIED),
                Arguments.of(NoSuchBucketException.builder().statusCode(404).build(), BucketState.NO_SUCH_BUCKET),
                Arguments.of(answer(404, null), BucketState.NO_SUCH_BUCKET),
                Arguments.of(new RuntimeException("wrapped", answer(403, "AccessDenied")), BucketState.ACCESS_DENIED),
                // S3 answering: throttled, or another request's trouble
                Arguments.of(answer(503, "SlowDown"), BucketState.AVAILABLE),
                Arguments.of(answer(400, "BadRequest"), BucketState.AVAILABLE));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("probes")
    void whatAProbesAnswerSaysOfTheBucket(Throwable failure, BucketState expected) {
        assertThat(BucketState.of(failure, new FailureClassifier())).isEqualTo(expected);
    }
}
