package io.github.s3drreplicator.failure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.stream.Stream;

import io.github.s3drreplicator.event.InvalidEventException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.S3Exception;

class FailureClassifierTest {

    private final FailureClassifier classifier = new FailureClassifier();

    private static S3Exception s3Error(int status, String code) {
        return (S3Exception) S3Exception.builder()
                .statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(code).build())
                .build();
    }

    @Test
    void throttlingServerErrorsAndBrokenConnectionsAreTransient() {
        assertThat(classifier.isTransient(s3Error(503, "SlowDown"))).isTrue();
        assertThat(classifier.isTransient(s3Error(500, "InternalError"))).isTrue();
        assertThat(classifier.isTransient(SdkClientException.create("Unable to execute HTTP request"))).isTrue();
        assertThat(classifier.isTransient(new IOException("Connection reset"))).isTrue();
    }

    @Test
    void refusalsAndMissingBucketsArePermanent() {
        assertThat(classifier.isPermanent(s3Error(403, "AccessDenied"))).isTrue();
        assertThat(classifier.isPermanent(s3Error(404, "NoSuchBucket"))).isTrue();
        assertThat(classifier.isPermanent(new InvalidEventException("nope"))).isTrue();
    }

    @Test
    void reasonTypeIsTheAwsErrorCodeOrTheKindOfFailure() {
        assertThat(classifier.reasonType(s3Error(403, "AccessDenied"))).isEqualTo("AccessDenied");
        assertThat(classifier.reasonType(new InvalidEventException("nope"))).isEqualTo("invalid-event");
        assertThat(classifier.reasonType(new IllegalStateException())).isEqualTo("IllegalStateException");
    }

    static Stream<Arguments> outages() {
        return Stream.of(
                Arguments.of(s3Error(503, "ServiceUnavailable"), true),
                Arguments.of(s3Error(500, "InternalError"), true),
                Arguments.of(SdkClientException.create("Unable to execute HTTP request: Connection refused"), true),
                Arguments.of(new UncheckedIOException(new IOException("Connection reset")), true),
                Arguments.of(new RuntimeException("wrapped", s3Error(503, "ServiceUnavailable")), true),
                // S3 answering: asked to slow down, refusing, or naming the key changed
                Arguments.of(s3Error(503, "SlowDown"), false),
                Arguments.of(s3Error(429, "TooManyRequests"), false),
                Arguments.of(s3Error(403, "AccessDenied"), false),
                Arguments.of(s3Error(301, "PermanentRedirect"), false),
                Arguments.of(s3Error(412, "PreconditionFailed"), false),
                Arguments.of(new InvalidEventException("nope"), false));
    }

    @ParameterizedTest(name = "{0} -> outage {1}")
    @MethodSource("outages")
    void anOutageIsARegionNotAnsweringNeverThrottlingOrARefusal(Throwable failure, boolean outage) {
        assertThat(classifier.isOutage(failure)).isEqualTo(outage);
    }

    @Test
    void aConflictIsAWriteRefusedBecauseTheKeyChangedNeverAMissingBucket() {
        assertThat(classifier.isConflict(s3Error(412, "PreconditionFailed"))).isTrue();
        assertThat(classifier.isConflict(s3Error(409, "ConditionalRequestConflict"))).isTrue();
        assertThat(classifier.isConflict(s3Error(404, "NoSuchKey"))).isTrue();
        assertThat(classifier.isConflict(s3Error(404, "NoSuchBucket"))).isFalse();
        assertThat(classifier.isConflict(s3Error(409, "BucketAlreadyExists"))).isFalse();
        assertThat(classifier.isConflict(s3Error(503, "SlowDown"))).isFalse();
    }
}
