package io.github.s3drreplicator.sandbox;

import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.httpproxy.ProxyResponse;
import org.w3c.dom.NodeList;

/**
 * Deletes and delete markers as S3 makes them. In a versioned bucket, a delete without a version id makes a delete
 * marker: S3 names it (its own version id) in the DeleteObject and DeleteObjects answers, and lists it dated with the
 * delete, among the key's versions, newest first. The store behind names the version the marker hides, or nothing,
 * and dates the marker with that version; the proxy finds the marker it made, notes when, and puts the answers
 * right. In a bucket that is not versioned a delete makes no marker, and the answer says none (the store says one).
 */
final class VersionedDeletes {

    static final String DELETE_MARKER = "x-amz-delete-marker";
    private static final String VERSION_ID = "x-amz-version-id";

    private final Origin origin;
    private final DeleteMarkers markers;
    private final BucketGate gate;

    VersionedDeletes(Origin origin, DeleteMarkers markers, BucketGate gate) {
        this.origin = origin;
        this.markers = markers;
        this.gate = gate;
    }

    /**
     * After the store answered a DeleteObject; under the key's lock, so that the latest delete marker of the key is
     * the one this delete made.
     *
     * @param versionId the version the request deleted, or {@code null} for a delete of the key
     */
    Future<ProxyResponse> deleted(String bucket, String key, String versionId, ProxyResponse response) {
        int status = response.getStatusCode();
        if (status < 200 || status >= 300) {
            return Future.succeededFuture(response);
        }
        if (versionId != null) {
            response.putHeader(VERSION_ID, versionId);
            if (markers.forget(new VersionRef(bucket, key, versionId))) {
                response.putHeader(DELETE_MARKER, "true");
            } else {
                response.headers().remove(DELETE_MARKER);
            }
            return Future.succeededFuture(response);
        }
        Instant at = Instant.now();
        return versioned(bucket).compose(versioned -> {
            if (!versioned) {
                response.headers().remove(DELETE_MARKER);
                return Future.succeededFuture(response);
            }
            return madeMarker(bucket, key, at).map(marker -> {
                response.headers().remove(VERSION_ID);
                marker.ifPresent(id -> {
                    response.putHeader(DELETE_MARKER, "true");
                    response.putHeader(VERSION_ID, id);
                });
                return response;
            });
        });
    }

    /**
     * After the store answered a DeleteObjects batch; under the locks of all its keys.
     *
     * @param sent the objects the store was asked to delete
     */
    Future<ProxyResponse> deletedAll(String bucket, List<RequestBodies.DeleteEntry> sent, ProxyResponse response) {
        if (response.getStatusCode() != 200 || sent.isEmpty()) {
            return Future.succeededFuture(response);
        }
        Instant at = Instant.now();
        Set<VersionRef> markersDeleted = new HashSet<>();
        Set<String> keys = new LinkedHashSet<>();
        for (RequestBodies.DeleteEntry entry : sent) {
            if (entry.versionId() == null) {
                keys.add(entry.key());
            } else {
                VersionRef version = new VersionRef(bucket, entry.key(), entry.versionId());
                if (markers.forget(version)) {
                    markersDeleted.add(version);
                }
            }
        }
        Map<String, String> madeByKey = new LinkedHashMap<>();
        Future<Void> looked = keys.isEmpty() ? Future.succeededFuture() : versioned(bucket).compose(versioned -> {
            Future<Void> each = Future.succeededFuture();
            for (String key : versioned ? keys : Set.<String>of()) {
                each = each.compose(ignored -> madeMarker(bucket, key, at).map(marker -> {
                    marker.ifPresent(id -> madeByKey.put(key, id));
                    return null;
                }));
            }
            return each;
        });
        return looked.compose(ignored -> {
            if (madeByKey.isEmpty() && markersDeleted.isEmpty()) {
                return Future.succeededFuture(response);
            }
            return ProxyAnswers.whole(response).map(body -> {
                ProxyAnswers.replaceBody(response, DeleteResults.withDeleteMarkers(body.getBytes(), bucket,
                        madeByKey, markersDeleted));
                return response;
            });
        });
    }

    /** Dates the delete markers of a ListObjectVersions answer and lists each key's entries newest first. */
    Future<Void> listed(String bucket, ProxyResponse response) {
        if (response.getStatusCode() != 200) {
            return Future.succeededFuture();
        }
        return ProxyAnswers.whole(response).map(body -> {
            ProxyAnswers.replaceBody(response, VersionListings.rewritten(body.getBytes(), bucket, markers::madeAt));
            return null;
        });
    }

    /**
     * The delete marker a delete just made, noted as made now. The store makes one only over an object or an earlier
     * marker; S3 makes one whatever the key holds, so for a key that held nothing the proxy makes it here.
     */
    private Future<Optional<String>> madeMarker(String bucket, String key, Instant at) {
        return latestMarker(bucket, key).compose(latest -> {
            // a marker already dated is an earlier delete's: the store made none, as the key held nothing
            Optional<String> made = latest.filter(id -> markers.madeAt(new VersionRef(bucket, key, id)).isEmpty());
            return made.isPresent() ? Future.succeededFuture(made) : markerOverNothing(bucket, key);
        }).map(made -> {
            made.ifPresent(id -> markers.made(new VersionRef(bucket, key, id), at));
            return made;
        });
    }

    /**
     * Makes a delete marker for a key that holds nothing, as the store makes one: over a placeholder object, whose
     * version is removed again at once. Nobody sees the placeholder: the bucket's gate is held meanwhile.
     */
    private Future<Optional<String>> markerOverNothing(String bucket, String key) {
        String path = Origin.objectPath(bucket, key);
        return gate.hold(bucket).compose(lease -> origin.send(HttpMethod.PUT, path)
                .compose(placeholder -> succeeded(placeholder, "placeholder"))
                .compose(placeholder -> {
                    // in a versioned bucket the store names the placeholder's version
                    String version = placeholder.header(VERSION_ID);
                    return origin.send(HttpMethod.DELETE, path)
                            .compose(marked -> succeeded(marked, "delete over the placeholder"))
                            .compose(marked -> origin.send(HttpMethod.DELETE,
                                    path + "?versionId=" + Origin.encode(version)))
                            .compose(removed -> succeeded(removed, "delete of the placeholder's version"))
                            .compose(removed -> latestMarker(bucket, key));
                })
                .onComplete(done -> lease.release()));
    }

    /** The answer, if the store did what was asked; else a failure that names the step, for the client's answer. */
    private static Future<Origin.Answer> succeeded(Origin.Answer answer, String step) {
        return answer.status() >= 200 && answer.status() < 300 ? Future.succeededFuture(answer)
                : Future.failedFuture(new IllegalStateException("a delete marker over nothing: the store refused the "
                        + step + " (" + answer.status() + ")"));
    }

    /** The version id of the key's latest entry if it is a delete marker; empty if not, or unreadable. */
    private Future<Optional<String>> latestMarker(String bucket, String key) {
        return origin.send(HttpMethod.GET, "/" + Origin.encode(bucket) + "?versions&prefix=" + Origin.encode(key))
                .map(listing -> listing.status() != 200 ? Optional.<String>empty()
                        : VersionListings.latestDeleteMarker(listing.body().getBytes(), key));
    }

    /** Whether versioning is enabled on the bucket, as the store says now. */
    private Future<Boolean> versioned(String bucket) {
        return origin.send(HttpMethod.GET, "/" + Origin.encode(bucket) + "?versioning").map(answer -> {
            if (answer.status() != 200) {
                return false;
            }
            NodeList status = Xml.parse(answer.body().getBytes(), "VersioningConfiguration")
                    .getElementsByTagNameNS("*", "Status");
            return status.getLength() > 0 && "Enabled".equals(status.item(0).getTextContent().trim());
        });
    }
}
