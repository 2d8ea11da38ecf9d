package io.github.s3drreplicator.sandbox;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.HttpProxy;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyRequest;
import io.vertx.httpproxy.ProxyResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sandbox's public S3 port: a streaming reverse proxy in front of the S3 server. Before a request reaches the
 * server, the proxy counts it, answers it as S3 would during an outage of its bucket's region or when it was signed
 * for another region, and serves the control endpoints. Writes take their key's lock, have their conditions
 * ({@code If-Match}, {@code If-None-Match}) judged, and are published as event notifications once they succeed;
 * reads of an object's bytes share the lock until their answer has gone through ({@link KeyLocks}).
 * What the server does not keep as S3 does, the proxy keeps beside it: how each object was uploaded in parts, to
 * answer reads of one part ({@link Multiparts}), and each delete marker's own version id and date
 * ({@link VersionedDeletes}). Bodies stream through; only the small bodies that name keys, regions or parts
 * (DeleteObjects, CompleteMultipartUpload, PutObjectTagging, browser-form POST uploads, CreateBucket) and the
 * answers to DeleteObjects and ListObjectVersions are read whole. A request a test asked to hold ({@link Holds})
 * waits before anything else is done for it, or has its answer wait once it is made.
 */
final class NotifyingS3Proxy implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NotifyingS3Proxy.class);
    private static final String WRITE = "sandbox.write";
    private static final String KEYS = "sandbox.keys";
    private static final String CREATED_BUCKET = "sandbox.created-bucket";
    private static final String DELETED_BUCKET = "sandbox.deleted-bucket";
    private static final String HEAD_BUCKET = "sandbox.head-bucket";
    private static final String DELETE_ERRORS = "sandbox.delete-errors";
    private static final String UPLOADED_PART = "sandbox.uploaded-part";
    private static final String ABORTED_UPLOAD = "sandbox.aborted-upload";
    private static final String VERSIONS_LISTED = "sandbox.versions-listed";
    private static final String OBJECT_READ = "sandbox.object-read";
    private static final String HOLDS = "sandbox.holds";
    private static final String READ = "sandbox.read";
    private static final String INTERNAL = "sandbox.internal";
    // a browser-form upload larger than this still works, but earns no event
    private static final long MAX_FORM_BYTES = 16L * 1024 * 1024;
    private static final String XMLNS = "http://s3.amazonaws.com/doc/2006-03-01/";

    /** Marks the sandbox's own requests, which faults, outages, region checks and counts never touch. */
    static final String INTERNAL_HEADER = "x-sandbox-internal";
    static final String BUCKET_REGION_HEADER = "x-amz-bucket-region";

    /**
     * What the proxy works with besides its ports.
     *
     * @param publisher      where successful writes are reported; {@code null} when notifications are off
     * @param enforceRegions whether requests signed for another region than their bucket's are refused
     * @param held           the requests a {@link OutageMode#TIMEOUT} outage holds
     * @param holds          the requests tests asked to hold ({@link Sandbox#hold})
     */
    record Parts(S3EventPublisher publisher, Faults faults, BucketRegions regions, boolean enforceRegions,
                 Outages outages, RequestCounts counts, HeldRequests held, Holds holds, ControlEndpoints control) {
    }

    private final HttpServer server;

    private NotifyingS3Proxy(HttpServer server) {
        this.server = server;
    }

    static NotifyingS3Proxy start(Vertx vertx, String host, int port, int originPort, Parts parts) {
        // keys of up to 1024 bytes, percent-encoded three times over, must fit in the request line and headers
        HttpClient client = vertx.createHttpClient(new HttpClientOptions()
                .setMaxPoolSize(100)
                .setMaxInitialLineLength(64 * 1024)
                .setMaxHeaderSize(64 * 1024));
        HttpProxy proxy = HttpProxy.reverseProxy(client).origin(originPort, "127.0.0.1");
        Origin origin = new Origin(client, originPort);
        KeyLocks locks = new KeyLocks();
        PartLayouts layouts = new PartLayouts();
        BucketGate gate = new BucketGate();
        proxy.addInterceptor(new Interceptor(vertx, origin, parts, locks, new Multiparts(origin, layouts),
                new VersionedDeletes(origin, new DeleteMarkers(), gate)));
        proxy.addInterceptor(new GatedRequests(gate));
        HttpServer server = vertx.createHttpServer(new HttpServerOptions()
                .setHost(host)
                .setPort(port)
                .setHandle100ContinueAutomatically(true)
                // S3 speaks HTTP/1.1 without TLS: no cleartext HTTP/2 upgrade either
                .setHttp2ClearTextEnabled(false)
                .setMaxInitialLineLength(64 * 1024)
                .setMaxHeaderSize(64 * 1024));
        try {
            server.requestHandler(new Front(proxy, parts)::handle)
                    .listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        return new NotifyingS3Proxy(server);
    }

    @Override
    public void close() throws Exception {
        server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** What every request meets first: control endpoints, counting, outages, regions. */
    private record Front(HttpProxy proxy, Parts parts) {

        void handle(HttpServerRequest request) {
            String uri = request.uri();
            if (ControlEndpoints.isControl(uri)) {
                parts.control().handle(request);
                return;
            }
            if (request.headers().contains(INTERNAL_HEADER)) {
                proxy.handle(request);
                return;
            }
            S3Path path;
            try {
                path = S3Path.parse(uri);
            } catch (IllegalArgumentException badlyEncoded) {
                proxy.handle(request);
                return;
            }
            String method = request.method().name();
            String operation = S3Operations.of(method, path, request.headers()::get);
            parts.counts().count(RequestCounts.S3, operation);

            Optional<Outage> outage = parts.outages().s3(regionsTouched(path, request.headers()));
            if (outage.isPresent()) {
                fail(request, outage.get());
                return;
            }
            if (parts.enforceRegions()) {
                Optional<RegionCheck.WrongRegion> wrong = RegionCheck.judge(method, path,
                        SigningRegion.of(request.getHeader("Authorization"), path.parameter("X-Amz-Credential")),
                        parts.regions()::of);
                if (wrong.isPresent()) {
                    // clients that follow S3's answer do it once per bucket; one that does not fails on it: say so
                    LOG.info("Wrong region: {} on {} signed for {}, the bucket is in {}: answered {}", operation,
                            path.bucket(), wrong.get().signedRegion(), wrong.get().bucketRegion(),
                            wrong.get().status());
                    ProxyAnswers.answer(request, wrong.get().status(),
                            Map.of(BUCKET_REGION_HEADER, wrong.get().bucketRegion()), S3Errors.XML,
                            S3Errors.wrongRegion(wrong.get()));
                    return;
                }
            }
            Optional<String> location = path.key() == null && "GET".equals(method) && path.has("location")
                    ? parts.regions().of(path.bucket()) : Optional.empty();
            if (location.isPresent()) {
                // S3 writes us-east-1 as an empty constraint; the store behind writes "null"
                String region = location.get();
                ProxyAnswers.answer(request, 200, Map.of(), S3Errors.XML,
                        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + (BucketRegions.DEFAULT_REGION.equals(region)
                                ? "<LocationConstraint xmlns=\"" + XMLNS + "\"/>"
                                : "<LocationConstraint xmlns=\"" + XMLNS + "\">" + region + "</LocationConstraint>"));
                return;
            }
            proxy.handle(request);
        }

        /** The regions of the buckets a request reads or writes: its own, and a copy's source. */
        private List<String> regionsTouched(S3Path path, MultiMap headers) {
            List<String> regions = new ArrayList<>(2);
            parts.regions().of(path.bucket()).ifPresent(regions::add);
            parts.regions().of(S3Path.copySourceBucket(headers.get("x-amz-copy-source"))).ifPresent(regions::add);
            return regions;
        }

        private void fail(HttpServerRequest request, Outage outage) {
            switch (outage.mode()) {
                case CUT -> request.connection().close();
                case TIMEOUT -> parts.held().hold(request, outage);
                default -> ProxyAnswers.answer(request, 503, Map.of(), S3Errors.XML, S3Errors.serviceUnavailable());
            }
        }
    }

    private record Interceptor(Vertx vertx, Origin origin, Parts parts, KeyLocks locks, Multiparts multiparts,
                               VersionedDeletes deletes) implements ProxyInterceptor {

        @Override
        public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
            ProxyRequest request = context.request();
            // answered by this server already; the origin must not wait for a second go-ahead
            request.headers().remove("Expect");
            request.setURI(withPlainSlashes(request.getURI()));
            boolean internal = request.headers().contains(INTERNAL_HEADER);
            request.headers().remove(INTERNAL_HEADER);
            if (internal) {
                context.set(INTERNAL, Boolean.TRUE);
                return serve(context);
            }
            // before any fault, lock or gate: what a held request meets is decided at its release
            return heldBack(context, null).compose(released -> faulted(context));
        }

        private Future<ProxyResponse> faulted(ProxyContext context) {
            ProxyRequest request = context.request();
            Faults faults = parts.faults();
            if (!faults.anyS3Fault()) {
                return serve(context);
            }
            Future<Void> latency = faults.s3LatencyMs() > 0
                    ? vertx.timer(faults.s3LatencyMs()).mapEmpty() : Future.succeededFuture();
            return latency.compose(ready -> {
                boolean partCopy = request.getMethod().name().equals("PUT")
                        && request.getURI().contains("partNumber=")
                        && request.headers().contains("x-amz-copy-source");
                Faults.S3Fault fault = faults.nextS3Fault(partCopy);
                return fault == null ? serve(context)
                        : ProxyAnswers.instead(request, fault.status, S3Errors.XML, fault.xml());
            });
        }

        private Future<ProxyResponse> serve(ProxyContext context) {
            ProxyRequest request = context.request();
            S3Path path;
            try {
                path = S3Path.parse(request.getURI());
            } catch (IllegalArgumentException badlyEncoded) {
                return context.sendRequest();
            }
            String method = request.getMethod().name();
            if (path.bucket() != null && path.key() == null && path.subresources().isEmpty()
                    && !"POST".equals(method)) {
                return onBucket(context, method, path);
            }
            if (TagCounts.readsAnObject(method, path)) {
                context.set(OBJECT_READ, path);
            }
            if (path.key() != null && (Multiparts.isPartRead(method, path)
                    || "GetObject".equals(S3Operations.of(method, path, request.headers()::get)))) {
                return readBytes(context, method, path);
            }
            if ("GET".equals(method) && path.key() == null && path.has("versions")) {
                context.set(VERSIONS_LISTED, path.bucket());
                return context.sendRequest();
            }
            Optional<UploadedPart> part = UploadedPart.of(method, path, request.headers()::get);
            if (part.isPresent()) {
                context.set(UPLOADED_PART, part.get());
                return context.sendRequest();
            }
            if ("DELETE".equals(method) && path.key() != null && path.has("uploadId")) {
                context.set(ABORTED_UPLOAD, path.parameter("uploadId"));
                return context.sendRequest();
            }
            if ("DELETE".equals(method) && path.key() != null && path.subresources().equals(Set.of("versionId"))) {
                return deleteVersion(context, path);
            }
            Optional<S3Write> tagging = S3Write.tagging(method, path);
            if (tagging.isPresent()) {
                context.set(WRITE, tagging.get());
                context.set(KEYS, List.of(path.key()));
            }
            if ("PUT".equals(method) && path.key() != null && path.has("tagging")) {
                return putTagging(context);
            }
            if (tagging.isPresent()) {
                return context.sendRequest();
            }
            Optional<S3Write> found = S3Write.of(method, request.getURI(), request.headers()::get);
            if (found.isEmpty()) {
                return context.sendRequest();
            }
            S3Write write = found.get();
            context.set(WRITE, write);
            if (!write.isBatch()) {
                context.set(KEYS, List.of(write.key()));
                return writeKey(context, write, path);
            }
            if (S3Write.POST.equals(write.eventName())) {
                return postUpload(context, write);
            }
            return deleteObjects(context, write);
        }

        /**
         * A read of an object's bytes (GetObject, of a range or a part; a HeadObject of a part), under the key's lock
         * shared with other reads until its answer has gone through: the store sends the body from the object's file
         * after the headers, and writes that file in place, so a write meanwhile would cut the body short of the
         * length its headers said (the client then waits for the rest until it gives up) or mix two objects.
         */
        private Future<ProxyResponse> readBytes(ProxyContext context, String method, S3Path path) {
            return locks.share(path.bucket(), path.key()).compose(lease -> {
                context.set(READ, lease);
                Future<ProxyResponse> answer = Multiparts.isPartRead(method, path) ? multiparts.read(context, path)
                        : context.sendRequest();
                // without an answer from the store nothing reads its file; with one, it is released once sent
                return answer.onFailure(failed -> lease.release());
            });
        }

        /**
         * Holds a request back if a {@link Hold} takes it: a {@code hold} until released, here, before anything is
         * locked; a {@code late} one is only noted, for its answer to wait. A DeleteObjects batch is looked at once
         * its keys are read.
         *
         * @param batch the keys of a DeleteObjects batch, once read; {@code null} before
         */
        private Future<Void> heldBack(ProxyContext context, List<String> batch) {
            if (!parts.holds().any() || context.get(INTERNAL, Boolean.class) != null) {
                return Future.succeededFuture();
            }
            ProxyRequest request = context.request();
            S3Path path;
            try {
                path = S3Path.parse(request.getURI());
            } catch (IllegalArgumentException badlyEncoded) {
                return Future.succeededFuture();
            }
            String operation = S3Operations.of(request.getMethod().name(), path, request.headers()::get);
            if ("DeleteObjects".equals(operation) != (batch != null)) {
                return Future.succeededFuture();
            }
            RequestTarget target = RequestTarget.of(operation, path, request.headers().get("x-amz-copy-source"));
            List<Hold> taking = parts.holds().taking(batch == null ? target : target.withKeys(batch));
            if (taking.isEmpty()) {
                return Future.succeededFuture();
            }
            context.set(HOLDS, taking);
            List<Future<Void>> held = taking.stream().filter(hold -> hold.rule().mode() == HoldMode.HOLD)
                    .map(hold -> hold.detain(request.proxiedRequest())).toList();
            return Future.all(held).mapEmpty();
        }

        /**
         * Lets a made answer wait for the {@code late} holds that took its request; nothing is locked by then. The
         * body of a read is read whole first, and the key's lock let go, so that writes of the key go on meanwhile
         * and the answer is still the object as it was.
         *
         * @param read the key's lock a read of an object's bytes shares, or {@code null}
         */
        private static Future<Void> answerHeldBack(ProxyContext context, List<Hold> taking, Lease read) {
            List<Hold> late = taking == null ? List.of()
                    : taking.stream().filter(hold -> hold.rule().mode() == HoldMode.LATE).toList();
            if (late.isEmpty()) {
                return Future.succeededFuture();
            }
            Future<Void> made = Future.succeededFuture();
            if (read != null && context.request().getMethod() != HttpMethod.HEAD) {
                made = ProxyAnswers.whole(context.response()).map(body -> {
                    ProxyAnswers.replaceBody(context.response(), body);
                    return null;
                });
            }
            return made.compose(ignored -> {
                if (read != null) {
                    read.release();
                }
                return Future.all(late.stream().map(hold -> hold.detain(context.request().proxiedRequest()))
                        .toList()).mapEmpty();
            });
        }

        /** A write of the key its path names, noting under the key's lock what the answer changes. */
        private Future<ProxyResponse> writeKey(ProxyContext context, S3Write write, S3Path path) {
            ProxyRequest request = context.request();
            switch (write.eventName()) {
                case S3Write.COMPLETE_MULTIPART_UPLOAD:
                    // the parts it lists make the object's layout
                    return readWhole(request).compose(body -> {
                        request.setBody(Body.body(body));
                        List<Integer> numbers = null;
                        try {
                            numbers = MultipartBodies.completedParts(body.getBytes());
                        } catch (IllegalArgumentException e) {
                            LOG.debug("A completion the store will refuse: {}", e.getMessage());
                        }
                        List<Integer> listed = numbers;
                        return writeOne(context, write, () -> multiparts.complete(context, write,
                                path.parameter("uploadId"), listed));
                    });
                case S3Write.DELETE:
                    return writeOne(context, write, () -> context.sendRequest().compose(response -> {
                        multiparts.deleted(write.bucket(), write.key(), null, response);
                        return deletes.deleted(write.bucket(), write.key(), null, response);
                    }));
                default:
                    String copySource = request.headers().get("x-amz-copy-source");
                    return writeOne(context, write, () -> context.sendRequest().map(response -> {
                        multiparts.replaced(write.bucket(), write.key(), response, copySource);
                        return response;
                    }));
            }
        }

        /** CreateBucket and DeleteBucket, which change the regions known; HeadBucket, which names its region. */
        private Future<ProxyResponse> onBucket(ProxyContext context, String method, S3Path path) {
            ProxyRequest request = context.request();
            switch (method) {
                case "PUT":
                    return readWhole(request).compose(body -> {
                        request.setBody(Body.body(body));
                        try {
                            context.set(CREATED_BUCKET, new CreatedBucket(path.bucket(),
                                    RequestBodies.locationConstraint(body.getBytes()).orElse(null)));
                        } catch (IllegalArgumentException e) {
                            LOG.debug("CreateBucket with a body the store will refuse: {}", e.getMessage());
                        }
                        return context.sendRequest();
                    });
                case "DELETE":
                    context.set(DELETED_BUCKET, path.bucket());
                    return context.sendRequest();
                case "HEAD":
                    context.set(HEAD_BUCKET, path.bucket());
                    return context.sendRequest();
                default:
                    return context.sendRequest();
            }
        }

        private record CreatedBucket(String bucket, String region) {
        }

        /**
         * One key's write: under its lock, its conditions judged against the key's object now.
         *
         * @param send sends the request on and notes what its answer changed, still under the lock
         */
        private Future<ProxyResponse> writeOne(ProxyContext context, S3Write write,
                                               Supplier<Future<ProxyResponse>> send) {
            ProxyRequest request = context.request();
            WriteConditions conditions = S3Write.DELETE.equals(write.eventName())
                    ? WriteConditions.ofDelete(request.headers()::get)
                    : WriteConditions.ofWrite(request.headers()::get);
            String rawPath = rawPath(request.getURI());
            return locks.lock(write.bucket(), write.key()).compose(lease -> {
                Future<ProxyResponse> answer = judge(conditions, rawPath).compose(verdict -> {
                    if (verdict instanceof WriteConditions.Proceed) {
                        // judged here, under the key's lock: the store behind must not judge again, differently
                        request.headers().remove(WriteConditions.IF_MATCH);
                        request.headers().remove(WriteConditions.IF_NONE_MATCH);
                        return send.get();
                    }
                    return refuse(request, verdict, write.key());
                });
                answer.onComplete(done -> lease.release());
                return answer;
            });
        }

        /**
         * PutObjectTagging. An empty tag set removes the object's tags, as S3 takes it; the store throws on one
         * (500), so it is asked to delete the tags instead, and the answer is PutObjectTagging's.
         */
        private Future<ProxyResponse> putTagging(ProxyContext context) {
            ProxyRequest request = context.request();
            return readWhole(request).compose(body -> {
                if (!RequestBodies.emptyTagging(body.getBytes())) {
                    request.setBody(Body.body(body));
                    return context.sendRequest();
                }
                request.setMethod(HttpMethod.DELETE);
                request.setBody(null);
                List<String> bodyHeaders = request.headers().names().stream()
                        .filter(name -> name.equalsIgnoreCase("Content-MD5") || name.equalsIgnoreCase("Content-Type")
                                || name.equalsIgnoreCase("Content-Encoding")
                                || name.toLowerCase().startsWith("x-amz-checksum-")
                                || name.equalsIgnoreCase("x-amz-sdk-checksum-algorithm")
                                || name.equalsIgnoreCase("x-amz-decoded-content-length")
                                || name.equalsIgnoreCase("x-amz-trailer"))
                        .toList();
                bodyHeaders.forEach(request.headers()::remove);
                return context.sendRequest().map(response -> {
                    if (response.getStatusCode() == 204) {
                        response.setStatusCode(200);
                    }
                    return response;
                });
            });
        }

        /** A DeleteObject of one version, under the key's lock like any delete. */
        private Future<ProxyResponse> deleteVersion(ProxyContext context, S3Path path) {
            return locks.lock(path.bucket(), path.key()).compose(lease -> {
                String versionId = path.parameter("versionId");
                Future<ProxyResponse> answer = context.sendRequest().compose(response -> {
                    multiparts.deleted(path.bucket(), path.key(), versionId, response);
                    return deletes.deleted(path.bucket(), path.key(), versionId, response);
                });
                answer.onComplete(done -> lease.release());
                return answer;
            });
        }

        private Future<WriteConditions.Verdict> judge(WriteConditions conditions, String rawPath) {
            return conditions.any() ? currentETag(rawPath).map(conditions::judge)
                    : Future.succeededFuture(WriteConditions.PROCEED);
        }

        private static Future<ProxyResponse> refuse(ProxyRequest request, WriteConditions.Verdict verdict,
                                                    String key) {
            if (verdict instanceof WriteConditions.PreconditionFailed failed) {
                return ProxyAnswers.instead(request, 412, S3Errors.XML, S3Errors.preconditionFailed(failed.condition()));
            }
            if (verdict instanceof WriteConditions.NotImplemented unsupported) {
                return ProxyAnswers.instead(request, 501, S3Errors.XML, S3Errors.notImplemented(unsupported.header()));
            }
            return ProxyAnswers.instead(request, 404, S3Errors.XML, S3Errors.noSuchKey(key));
        }

        /** The ETag of the object stored at this path now, asked of the store directly; empty if there is none. */
        private Future<Optional<String>> currentETag(String rawPath) {
            return origin.send(HttpMethod.HEAD, rawPath).compose(answer -> switch (answer.status()) {
                case 200 -> Future.succeededFuture(Optional.ofNullable(answer.header("ETag")));
                case 404 -> Future.succeededFuture(Optional.<String>empty());
                default -> Future.failedFuture(new IllegalStateException("HEAD " + rawPath + " answered "
                        + answer.status()));
            });
        }

        /** A browser-form upload: its key is in the body, so the lock is taken once the body was read. */
        private Future<ProxyResponse> postUpload(ProxyContext context, S3Write write) {
            ProxyRequest request = context.request();
            String length = request.headers().get("Content-Length");
            if (length == null || Long.parseLong(length) > MAX_FORM_BYTES) {
                LOG.warn("POST upload of unknown or large size: stored, but no event is published for it");
                return context.sendRequest();
            }
            return readWhole(request).compose(body -> {
                request.setBody(Body.body(body));
                Optional<String> key = Optional.empty();
                try {
                    key = RequestBodies.postObjectKey(body.getBytes(), request.headers().get("Content-Type"));
                } catch (IllegalArgumentException e) {
                    LOG.warn("No event for a request whose body names no keys: {}", e.getMessage());
                }
                if (key.isEmpty()) {
                    return context.sendRequest();
                }
                String posted = key.get();
                context.set(KEYS, List.of(posted));
                return locks.lock(write.bucket(), posted).compose(lease -> {
                    Future<ProxyResponse> answer = context.sendRequest().map(response -> {
                        multiparts.replaced(write.bucket(), posted, response, null);
                        return response;
                    });
                    answer.onComplete(done -> lease.release());
                    return answer;
                });
            });
        }

        /**
         * A DeleteObjects batch: every key's lock, then each object's {@code <ETag>} judged as an {@code If-Match};
         * the objects whose condition fails are left out of what the store is asked and reported as errors in the
         * answer, as S3 reports them.
         */
        private Future<ProxyResponse> deleteObjects(ProxyContext context, S3Write write) {
            ProxyRequest request = context.request();
            return readWhole(request).compose(body -> {
                request.setBody(Body.body(body));
                RequestBodies.DeleteRequest batch;
                try {
                    batch = RequestBodies.deleteObjects(body.getBytes());
                } catch (IllegalArgumentException e) {
                    LOG.warn("No event for a request whose body names no keys: {}", e.getMessage());
                    return context.sendRequest();
                }
                context.set(KEYS, batch.keys());
                return heldBack(context, batch.keys()).compose(released -> locks.lockAll(write.bucket(),
                        batch.keys())).compose(lease -> {
                    Future<ProxyResponse> answer = judgeEach(write.bucket(), batch).compose(errors -> {
                        List<RequestBodies.DeleteEntry> sent = batch.objects().stream()
                                .filter(entry -> !errors.containsKey(entry)).toList();
                        return (errors.isEmpty() ? context.sendRequest() : deleteSome(context, batch, errors))
                                .compose(response -> {
                                    if (sent.isEmpty()) {
                                        return Future.succeededFuture(response);
                                    }
                                    multiparts.deletedAll(write.bucket(), sent, response);
                                    return deletes.deletedAll(write.bucket(), sent, response);
                                });
                    });
                    answer.onComplete(done -> lease.release());
                    return answer;
                });
            });
        }

        /** The objects of a batch whose condition fails, with the error S3 reports for each. */
        private Future<Map<RequestBodies.DeleteEntry, String>> judgeEach(String bucket,
                                                                          RequestBodies.DeleteRequest batch) {
            Map<RequestBodies.DeleteEntry, String> errors = new LinkedHashMap<>();
            Future<Void> all = Future.succeededFuture();
            for (RequestBodies.DeleteEntry entry : batch.objects()) {
                if (entry.eTag() == null) {
                    continue;
                }
                WriteConditions condition = new WriteConditions(entry.eTag(), null);
                all = all.compose(ignored -> currentETag(Origin.objectPath(bucket, entry.key())).map(eTag -> {
                    WriteConditions.Verdict verdict = condition.judge(eTag);
                    if (verdict instanceof WriteConditions.PreconditionFailed) {
                        errors.put(entry, S3Errors.deleteError(entry.key(), "PreconditionFailed",
                                S3Errors.PRECONDITION_FAILED_MESSAGE));
                    } else if (verdict instanceof WriteConditions.NoSuchKey) {
                        errors.put(entry, S3Errors.deleteError(entry.key(), "NoSuchKey",
                                "The specified key does not exist."));
                    }
                    return null;
                }));
            }
            return all.map(ignored -> errors);
        }

        private Future<ProxyResponse> deleteSome(ProxyContext context, RequestBodies.DeleteRequest batch,
                                                 Map<RequestBodies.DeleteEntry, String> errors) {
            ProxyRequest request = context.request();
            List<RequestBodies.DeleteEntry> kept = batch.objects().stream().filter(e -> !errors.containsKey(e))
                    .toList();
            context.set(KEYS, kept.stream().map(RequestBodies.DeleteEntry::key).toList());
            List<String> errorElements = List.copyOf(errors.values());
            if (kept.isEmpty()) {
                return Future.succeededFuture(request.response().setStatusCode(200)
                        .putHeader("Content-Type", S3Errors.XML)
                        .setBody(Body.body(Buffer.buffer(RequestBodies.deleteResult(null, errorElements)))));
            }
            context.set(DELETE_ERRORS, errorElements);
            // the body changes, so its checksums no longer hold
            List<String> checksums = request.headers().names().stream()
                    .filter(name -> name.equalsIgnoreCase("Content-MD5")
                            || name.toLowerCase().startsWith("x-amz-checksum-")
                            || name.equalsIgnoreCase("x-amz-sdk-checksum-algorithm"))
                    .toList();
            checksums.forEach(request.headers()::remove);
            request.setBody(Body.body(Buffer.buffer(batch.xml(kept))));
            return context.sendRequest();
        }

        @Override
        public Future<Void> handleProxyResponse(ProxyContext context) {
            ProxyResponse response = context.response();
            int status = response.getStatusCode();
            boolean success = status >= 200 && status < 300;
            CreatedBucket created = context.get(CREATED_BUCKET, CreatedBucket.class);
            if (created != null && success) {
                parts.regions().put(created.bucket(), created.region());
            }
            String deleted = context.get(DELETED_BUCKET, String.class);
            if (deleted != null && success) {
                parts.regions().forget(deleted);
            }
            String headed = context.get(HEAD_BUCKET, String.class);
            if (headed != null && !response.headers().contains(BUCKET_REGION_HEADER)) {
                parts.regions().of(headed).ifPresent(region -> response.putHeader(BUCKET_REGION_HEADER, region));
            }
            UploadedPart part = context.get(UPLOADED_PART, UploadedPart.class);
            if (part != null) {
                multiparts.partAnswered(part, status);
            }
            String aborted = context.get(ABORTED_UPLOAD, String.class);
            if (aborted != null) {
                multiparts.abortAnswered(aborted, status);
            }
            multiparts.answered(context);
            @SuppressWarnings("unchecked")
            List<String> deleteErrors = context.get(DELETE_ERRORS, List.class);
            String listed = context.get(VERSIONS_LISTED, String.class);
            S3Path objectRead = context.get(OBJECT_READ, S3Path.class);
            Future<Void> ready = deleteErrors != null && status == 200 ? withDeleteErrors(response, deleteErrors)
                    : listed != null ? deletes.listed(listed, response)
                    : objectRead != null ? new TagCounts(origin).add(response, objectRead)
                    : Future.succeededFuture();
            S3Write write = context.get(WRITE, S3Write.class);
            @SuppressWarnings("unchecked")
            List<String> keys = context.get(KEYS, List.class);
            @SuppressWarnings("unchecked")
            List<Hold> holds = context.get(HOLDS, List.class);
            Lease read = context.get(READ, Lease.class);
            return ready.compose(ignored -> {
                // the write is done: S3 would notify it whenever (or whether) its answer reaches the client
                if (parts.publisher() != null && write != null && keys != null && success) {
                    parts.publisher().published(write, keys);
                }
                return answerHeldBack(context, holds, read);
            }).compose(ignored -> context.sendResponse()).onComplete(sent -> {
                // the body has gone through (or the client went away): the store's file may change now
                if (read != null) {
                    read.release();
                }
            }).onSuccess(sent -> {
                if (holds != null) {
                    holds.forEach(Hold::countAnswered);
                }
            });
        }

        /** Adds the errors of the objects left out to the store's DeleteObjects answer. */
        private static Future<Void> withDeleteErrors(ProxyResponse response, List<String> errors) {
            return ProxyAnswers.whole(response).map(whole -> {
                ProxyAnswers.replaceBody(response, RequestBodies.deleteResult(whole.toString(StandardCharsets.UTF_8),
                        errors).getBytes(StandardCharsets.UTF_8));
                return null;
            });
        }

        /**
         * The AWS SDK for Java 2 sends the {@code //} of a key as {@code /%2F}, which S3 reads as {@code //} but
         * S3Mock's plain-HTTP connector refuses: send it as S3 would read it.
         */
        static String withPlainSlashes(String uri) {
            int q = uri.indexOf('?');
            String path = q < 0 ? uri : uri.substring(0, q);
            String fixed = path.replace("%2F", "/").replace("%2f", "/");
            return q < 0 ? fixed : fixed + uri.substring(q);
        }

        private static String rawPath(String uri) {
            int q = uri.indexOf('?');
            return q < 0 ? uri : uri.substring(0, q);
        }

        private static Future<Buffer> readWhole(ProxyRequest request) {
            HttpServerRequest incoming = request.proxiedRequest();
            Future<Buffer> body = incoming.body();
            incoming.resume();
            return body;
        }
    }
}
