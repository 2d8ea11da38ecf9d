package io.github.s3drreplicator.failure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;

import io.github.s3drreplicator.event.InvalidEventException;
import org.junit.jupiter.api.Test;
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
}
