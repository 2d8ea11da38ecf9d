package io.github.s3drreplicator.sandbox;

import java.util.Objects;

/**
 * A service of the sandbox down on purpose: S3 in one region (every bucket there), or SQS (the sandbox's queues,
 * which are in the source region).
 *
 * @param service {@value #S3} or {@value #SQS}
 * @param region  for S3, the region whose buckets are down; {@code null} for SQS
 */
public record Outage(String service, String region, OutageMode mode) {

    public static final String S3 = "s3";
    public static final String SQS = "sqs";

    public Outage {
        Objects.requireNonNull(mode, "mode");
        if (S3.equals(service)) {
            if (region == null || region.isBlank()) {
                throw new IllegalArgumentException("an S3 outage needs a region");
            }
            if (mode == OutageMode.REFUSE) {
                throw new IllegalArgumentException("S3 cannot refuse connections for one region only: use 503, cut or"
                        + " timeout");
            }
        } else if (SQS.equals(service)) {
            if (mode == OutageMode.ACCESS_DENIED) {
                throw new IllegalArgumentException("SQS has no access-denied outage here: use 503, cut, timeout or"
                        + " refuse");
            }
            region = null;
        } else {
            throw new IllegalArgumentException("unknown service '" + service + "': s3 or sqs");
        }
    }

    public static Outage s3(String region, OutageMode mode) {
        return new Outage(S3, region, mode);
    }

    public static Outage sqs(OutageMode mode) {
        return new Outage(SQS, null, mode);
    }

    /** What is down: {@code s3:us-east-2}, {@code sqs}. */
    String target() {
        return target(service, region);
    }

    static String target(String service, String region) {
        return S3.equals(service) ? S3 + ":" + region : service;
    }
}
