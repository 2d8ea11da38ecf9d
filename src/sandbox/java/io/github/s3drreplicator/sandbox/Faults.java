package io.github.s3drreplicator.sandbox;

import java.util.concurrent.ThreadLocalRandom;

/**
 * How the sandbox misbehaves on purpose, to show that the replicator copes: all off by default. Each is set with a
 * {@code -Dsandbox.faults.*} property of the same name.
 *
 * @param s3SlowdownRate      share of S3 requests answered 503 SlowDown (0 to 1)
 * @param s3InternalErrorRate share of S3 requests answered 500 InternalError
 * @param s3LatencyMs         latency added to every S3 request
 * @param sqsReceiveErrorRate share of SQS ReceiveMessage calls answered 500
 * @param duplicateRate       share of event notifications sent twice
 * @param shuffleWindowMs     each notification is held back a random time up to this, so they arrive out of order
 * @param partCopyErrorRate   share of UploadPartCopy requests (the parts of a multipart copy) answered 500
 */
public record Faults(double s3SlowdownRate, double s3InternalErrorRate, long s3LatencyMs, double sqsReceiveErrorRate,
                     double duplicateRate, long shuffleWindowMs, double partCopyErrorRate) {

    public static final Faults NONE = new Faults(0, 0, 0, 0, 0, 0, 0);

    public Faults(double s3SlowdownRate, double s3InternalErrorRate, long s3LatencyMs, double sqsReceiveErrorRate,
                  double duplicateRate, long shuffleWindowMs) {
        this(s3SlowdownRate, s3InternalErrorRate, s3LatencyMs, sqsReceiveErrorRate, duplicateRate, shuffleWindowMs, 0);
    }

    public static Faults fromSystemProperties() {
        return new Faults(
                Double.parseDouble(System.getProperty("sandbox.faults.s3-slowdown-rate", "0")),
                Double.parseDouble(System.getProperty("sandbox.faults.s3-internal-error-rate", "0")),
                Long.getLong("sandbox.faults.s3-latency-ms", 0),
                Double.parseDouble(System.getProperty("sandbox.faults.sqs-receive-error-rate", "0")),
                Double.parseDouble(System.getProperty("sandbox.faults.duplicate-rate", "0")),
                Long.getLong("sandbox.faults.shuffle-window-ms", 0),
                Double.parseDouble(System.getProperty("sandbox.faults.part-copy-error-rate", "0")));
    }

    /** The S3 error to answer instead of serving the request, or {@code null} to serve it. */
    S3Fault nextS3Fault(boolean partCopy) {
        if (partCopy && ThreadLocalRandom.current().nextDouble() < partCopyErrorRate) {
            return S3Fault.INTERNAL_ERROR;
        }
        double roll = ThreadLocalRandom.current().nextDouble();
        if (roll < s3SlowdownRate) {
            return S3Fault.SLOW_DOWN;
        }
        if (roll < s3SlowdownRate + s3InternalErrorRate) {
            return S3Fault.INTERNAL_ERROR;
        }
        return null;
    }

    boolean nextSqsReceiveFails() {
        return ThreadLocalRandom.current().nextDouble() < sqsReceiveErrorRate;
    }

    boolean nextNotificationDuplicated() {
        return ThreadLocalRandom.current().nextDouble() < duplicateRate;
    }

    long nextNotificationDelayMs() {
        return shuffleWindowMs <= 0 ? 0 : ThreadLocalRandom.current().nextLong(shuffleWindowMs + 1);
    }

    boolean anyS3Fault() {
        return s3SlowdownRate > 0 || s3InternalErrorRate > 0 || s3LatencyMs > 0 || partCopyErrorRate > 0;
    }

    enum S3Fault {
        SLOW_DOWN(503, "SlowDown", "Please reduce your request rate."),
        INTERNAL_ERROR(500, "InternalError", "We encountered an internal error. Please try again.");

        final int status;
        final String code;
        final String message;

        S3Fault(int status, String code, String message) {
            this.status = status;
            this.code = code;
            this.message = message;
        }

        String xml() {
            return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + code + "</Code><Message>" + message
                    + "</Message><RequestId>sandbox-fault</RequestId></Error>";
        }
    }
}
