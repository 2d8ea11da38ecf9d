package io.github.s3drreplicator.failure;

import java.io.IOException;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.core.JacksonException;
import io.github.s3drreplicator.event.PermanentFailureException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkServiceException;

/**
 * Tells transient failures (worth a retry) from permanent ones (worth a dead letter). Throttling, 5xx answers,
 * timeouts and broken connections are transient; every other 4xx answer from AWS (AccessDenied, NoSuchBucket) is
 * permanent, because the same request will get the same answer.
 */
public class FailureClassifier {

    public boolean isTransient(Throwable failure) {
        if (failure instanceof PermanentFailureException) {
            return false;
        }
        if (failure instanceof SdkServiceException service) {
            return service.isThrottlingException() || service.statusCode() >= 500 || service.statusCode() == 408
                    || service.retryable();
        }
        if (failure instanceof SdkClientException) {
            // no answer from AWS at all: connection refused or reset, timeouts
            return true;
        }
        return failure instanceof IOException || failure instanceof UncheckedIOException;
    }

    /**
     * Whether the failure says a region's S3 does not answer (the failure anywhere in the cause chain): a 5xx answer
     * other than throttling, a refused or cut connection, a timeout. A 4xx answer is S3 answering; throttling (503
     * SlowDown and the like) is S3 asking to slow down, not an outage.
     */
    public boolean isOutage(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SdkServiceException service) {
                return service.statusCode() >= 500 && !isThrottling(service);
            }
            if (cause instanceof SdkClientException || cause instanceof IOException
                    || cause instanceof UncheckedIOException) {
                return true;
            }
        }
        return false;
    }

    private static boolean isThrottling(SdkServiceException service) {
        String code = service instanceof AwsServiceException aws && aws.awsErrorDetails() != null
                ? aws.awsErrorDetails().errorCode() : null;
        return service.statusCode() == 429 || (code != null && (code.equals("SlowDown") || code.contains("Throttl")
                || code.equals("RequestLimitExceeded") || code.equals("TooManyRequestsException")));
    }

    public boolean isPermanent(Throwable failure) {
        return !isTransient(failure);
    }

    /**
     * Whether a conditional write found its key changed since it was looked at: S3 refused it (412 Precondition
     * Failed, or 409 for a concurrent conditional write) or the object it names went away (404 NoSuchKey). No
     * failure, just a reason to look again. A missing bucket is none of these.
     */
    public boolean isConflict(Throwable failure) {
        if (failure instanceof AwsServiceException aws) {
            String code = aws.awsErrorDetails() == null ? null : aws.awsErrorDetails().errorCode();
            return aws.statusCode() == 412 || (aws.statusCode() == 409 && "ConditionalRequestConflict".equals(code))
                    || (aws.statusCode() == 404 && !"NoSuchBucket".equals(code) && !"NoSuchUpload".equals(code));
        }
        return false;
    }

    /** A short name for the failure: the AWS error code where there is one, else the exception's kind. */
    public String reasonType(Throwable failure) {
        if (failure instanceof PermanentFailureException permanent) {
            return permanent.reasonType();
        }
        if (failure instanceof JacksonException) {
            return "malformed-json";
        }
        if (failure instanceof AwsServiceException aws && aws.awsErrorDetails() != null
                && aws.awsErrorDetails().errorCode() != null) {
            return aws.awsErrorDetails().errorCode();
        }
        return failure.getClass().getSimpleName();
    }
}
