package io.github.s3drreplicator.iam;

/** One IAM action on one resource (an ARN): what a request needs a policy to allow. */
public record Permission(String action, String resource) {

    public static Permission bucket(String action, String bucket) {
        return new Permission(action, "arn:aws:s3:::" + bucket);
    }

    public static Permission object(String action, String bucket, String key) {
        return new Permission(action, "arn:aws:s3:::" + bucket + "/" + key);
    }

    public static Permission queue(String action, String region, String account, String queue) {
        return new Permission(action, "arn:aws:sqs:" + region + ":" + account + ":" + queue);
    }

    @Override
    public String toString() {
        return action + " on " + resource;
    }
}
