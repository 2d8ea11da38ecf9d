package io.github.s3drreplicator.sandbox;

import java.util.function.Function;

/**
 * The event notifications the sandbox sends, for a tool that sends them itself: the benchmark fills a queue with
 * thousands at once, which the sandbox's publisher, one thread asking each object's size and ETag, would take minutes
 * to send. Shaped exactly as the sandbox's (and S3's) own.
 */
public final class EventNotifications {

    private final S3EventNotifications notifications;

    /** @param regionOf the region of a bucket, which a notification names */
    public EventNotifications(Function<String, String> regionOf) {
        this.notifications = new S3EventNotifications(regionOf);
    }

    /** {@code ObjectCreated:Put} of an object of this size and ETag. */
    public String created(String bucket, String key, long size, String eTag) {
        return notifications.notification("ObjectCreated:Put", bucket, key, size, eTag.replace("\"", ""));
    }

    /** {@code ObjectRemoved:Delete}. */
    public String removed(String bucket, String key) {
        return notifications.notification("ObjectRemoved:Delete", bucket, key, null, null);
    }
}
