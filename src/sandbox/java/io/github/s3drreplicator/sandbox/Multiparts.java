package io.github.s3drreplicator.sandbox;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyRequest;
import io.vertx.httpproxy.ProxyResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Objects uploaded in parts, as S3 keeps them: the proxy notes each part's size as it is uploaded and, when an upload
 * completes, the object's layout; HeadObject and GetObject for one part ({@code ?partNumber=N}), which the store
 * behind ignores (it answers the whole object), are answered from that layout: the part's size and bytes, the
 * object's ETag, {@code 206 Partial Content} with {@code Content-Range}, and {@code x-amz-mp-parts-count}.
 */
final class Multiparts {

    private static final Logger LOG = LoggerFactory.getLogger(Multiparts.class);
    private static final String PART_READ = "sandbox.part-read";
    private static final String VERSION_ID = "x-amz-version-id";

    private final Origin origin;
    private final PartLayouts layouts;

    Multiparts(Origin origin, PartLayouts layouts) {
        this.origin = origin;
        this.layouts = layouts;
    }

    /** Whether a request reads one part of an object: HeadObject or GetObject with {@code ?partNumber}. */
    static boolean isPartRead(String method, S3Path path) {
        return ("HEAD".equals(method) || "GET".equals(method)) && path.key() != null && path.has("partNumber")
                && Set.of("partNumber", "versionId").containsAll(path.subresources());
    }

    /** An UploadPart or UploadPartCopy was answered. */
    void partAnswered(UploadedPart part, int status) {
        if (status == 200) {
            layouts.partUploaded(part);
        }
    }

    void abortAnswered(String uploadId, int status) {
        if (status >= 200 && status < 300) {
            layouts.aborted(uploadId);
        }
    }

    /**
     * Sends a CompleteMultipartUpload on and records the object's layout if the store completes it. Called under the
     * key's lock, so that no other write to the key comes between the completion and its record. Parts whose size
     * the requests did not say are asked of the store first, while the upload still exists.
     *
     * @param numbers the parts the completion lists, or {@code null} if its body could not be read
     */
    Future<ProxyResponse> complete(ProxyContext context, S3Write write, String uploadId, List<Integer> numbers) {
        if (numbers == null) {
            return context.sendRequest();
        }
        Set<Integer> unknown = layouts.unknownSizes(uploadId, numbers);
        Future<Map<Integer, Long>> asked = unknown.isEmpty() ? Future.succeededFuture(Map.of())
                : origin.send(HttpMethod.GET, Origin.objectPath(write.bucket(), write.key()) + "?uploadId="
                        + Origin.encode(uploadId) + "&max-parts=" + PartRead.MAX_PART_NUMBER)
                .map(answer -> answer.status() == 200 ? MultipartBodies.listedPartSizes(answer.body().getBytes())
                        : Map.<Integer, Long>of())
                .otherwise(Map.of());
        return asked.compose(sizes -> context.sendRequest().map(response -> {
            if (response.getStatusCode() == 200) {
                VersionRef version = new VersionRef(write.bucket(), write.key(), response.headers().get(VERSION_ID));
                try {
                    layouts.completed(uploadId, version, numbers, sizes);
                } catch (IllegalArgumentException e) {
                    LOG.warn("No part layout for '{}' in {}: {}", write.key(), write.bucket(), e.getMessage());
                }
            }
            return response;
        }));
    }

    /**
     * A write (PutObject, CopyObject, a form upload) replaced the key's object: its layout, in a bucket that is not
     * versioned, is forgotten. A copy of an object onto itself is the same object to the store, which keeps it.
     *
     * @param copySource the request's {@code x-amz-copy-source}, or {@code null}
     */
    void replaced(String bucket, String key, ProxyResponse response, String copySource) {
        int status = response.getStatusCode();
        boolean ontoItself = S3Path.copySource(copySource)
                .filter(source -> source.bucket().equals(bucket) && source.key().equals(key)).isPresent();
        if (status >= 200 && status < 300 && !ontoItself) {
            layouts.forget(new VersionRef(bucket, key, response.headers().get(VERSION_ID)));
        }
    }

    /**
     * A DeleteObject was answered: the layout of what it removed is forgotten. Without a version id that is the
     * object of a bucket that is not versioned; in a versioned one a delete marker hides the versions, which keep
     * their layouts for reads by version id.
     */
    void deleted(String bucket, String key, String versionId, ProxyResponse response) {
        int status = response.getStatusCode();
        if (status >= 200 && status < 300) {
            layouts.forget(new VersionRef(bucket, key, versionId));
        }
    }

    /** A DeleteObjects batch was answered: as {@link #deleted} for each object the store was asked to delete. */
    void deletedAll(String bucket, List<RequestBodies.DeleteEntry> sent, ProxyResponse response) {
        if (response.getStatusCode() == 200) {
            sent.forEach(entry -> layouts.forget(new VersionRef(bucket, entry.key(), entry.versionId())));
        }
    }

    /**
     * Answers a HeadObject or GetObject of one part. Called under the key's lock that reads share ({@link KeyLocks}),
     * so that no write changes the object between the look at it, the store's answer for the part's bytes as a range,
     * and that answer's end.
     */
    Future<ProxyResponse> read(ProxyContext context, S3Path path) {
        ProxyRequest request = context.request();
        String parameter = path.parameter("partNumber");
        OptionalInt number = PartRead.number(parameter);
        if (number.isEmpty()) {
            return ProxyAnswers.instead(request, 400, S3Errors.XML, S3Errors.invalidArgument(
                    "Part number must be an integer between 1 and 10000, inclusive", "partNumber", parameter));
        }
        if (request.headers().contains("Range")) {
            return ProxyAnswers.instead(request, 400, S3Errors.XML,
                    S3Errors.invalidRequest("Cannot specify both Range header and partNumber query parameter"));
        }
        String uri = request.getURI();
        String rawPath = uri.substring(0, uri.indexOf('?'));
        String versionId = path.parameter("versionId");
        String head = versionId == null ? rawPath : rawPath + "?versionId=" + Origin.encode(versionId);
        return origin.send(HttpMethod.HEAD, head).compose(object -> {
            // the store's own answer for a key it cannot show (404, a delete marker...), without the part
            request.setURI(S3Path.withoutParameter(uri, "partNumber"));
            if (object.status() != 200) {
                return context.sendRequest();
            }
            long size = Long.parseLong(object.header("Content-Length"));
            String objectVersion = object.header(VERSION_ID);
            PartRead read = PartRead.judge(number.getAsInt(), object.header("ETag"), size,
                    layouts.of(new VersionRef(path.bucket(), path.key(), objectVersion)));
            if (read instanceof PartRead.NotSatisfiable beyond) {
                return ProxyAnswers.instead(request, 416, S3Errors.XML,
                        S3Errors.invalidPartNumber(beyond.requested(), beyond.actual()));
            }
            if (read instanceof PartRead.LayoutUnknown unknown) {
                LOG.warn("Part {} of '{}' in {} asked: the object was uploaded in {} parts the sandbox did not"
                        + " see (before it started?), so it cannot tell their sizes", number.getAsInt(),
                        path.key(), path.bucket(), unknown.partsCount());
                return ProxyAnswers.instead(request, 501, S3Errors.XML, S3Errors.notImplementedHere(
                        "The sandbox does not know the parts of this object: it was uploaded where the sandbox"
                                + " could not see its parts"));
            }
            PartRead.Bytes bytes = (PartRead.Bytes) read;
            if (bytes.length() > 0) {
                request.headers().set("Range", "bytes=" + bytes.start() + "-" + (bytes.start() + bytes.length() - 1));
            }
            context.set(PART_READ, new Served(bytes, objectVersion, checksums(object.headers())));
            return context.sendRequest();
        });
    }

    /** A part read sent on as a range: what S3 answers with it. */
    private record Served(PartRead.Bytes bytes, String versionId, MultiMap checksums) {
    }

    /**
     * Makes the store's answer to a part read S3's: {@code 206} with the part's {@code Content-Length} and
     * {@code Content-Range} (also for a HEAD, which the store answers for the whole object), the parts count, the
     * version, and whole-object checksums only where the part is the whole object.
     */
    void answered(ProxyContext context) {
        Served served = context.get(PART_READ, Served.class);
        ProxyResponse response = context.response();
        int status = response.getStatusCode();
        if (served == null || (status != 200 && status != 206)) {
            return;
        }
        PartRead.Bytes bytes = served.bytes();
        if (bytes.contentRange() != null) {
            response.setStatusCode(206);
            response.putHeader("Content-Range", bytes.contentRange());
        }
        if (context.request().getMethod() == HttpMethod.HEAD) {
            response.setBody(Body.body(response.getBody().stream(), bytes.length()));
        }
        if (bytes.partsCount() != null) {
            response.putHeader("x-amz-mp-parts-count", Integer.toString(bytes.partsCount()));
        }
        if (served.versionId() != null && !response.headers().contains(VERSION_ID)) {
            response.putHeader(VERSION_ID, served.versionId());
        }
        List<String> checksums = response.headers().names().stream()
                .filter(name -> name.toLowerCase().startsWith("x-amz-checksum-")).toList();
        checksums.forEach(response.headers()::remove);
        String mode = context.request().headers().get("x-amz-checksum-mode");
        if (bytes.whole() && "ENABLED".equalsIgnoreCase(mode)) {
            served.checksums().forEach(response::putHeader);
        }
    }

    private static MultiMap checksums(MultiMap headers) {
        MultiMap checksums = MultiMap.caseInsensitiveMultiMap();
        headers.forEach((name, value) -> {
            if (name.toLowerCase().startsWith("x-amz-checksum-")) {
                checksums.add(name, value);
            }
        });
        return checksums;
    }
}
