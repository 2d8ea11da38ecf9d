package io.github.s3drreplicator.sandbox;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientOptions;
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
 * The sandbox's public S3 port: a streaming reverse proxy in front of the S3 server that watches for successful
 * writes and has them published as event notifications, as S3 does. Bodies stream through; only the small bodies
 * that name keys (DeleteObjects, browser-form POST uploads) are read whole.
 */
final class NotifyingS3Proxy implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NotifyingS3Proxy.class);
    private static final String WRITE = "sandbox.write";
    private static final String KEYS = "sandbox.keys";
    // a browser-form upload larger than this still works, but earns no event
    private static final long MAX_FORM_BYTES = 16L * 1024 * 1024;

    private final Vertx vertx;
    private final HttpServer server;

    private NotifyingS3Proxy(Vertx vertx, HttpServer server) {
        this.vertx = vertx;
        this.server = server;
    }

    /** Marks the sandbox's own requests, which faults never hit. */
    static final String INTERNAL_HEADER = "x-sandbox-internal";

    static NotifyingS3Proxy start(String host, int port, int originPort, S3EventPublisher publisher, Faults faults) {
        Vertx vertx = Vertx.vertx();
        // keys of up to 1024 bytes, percent-encoded three times over, must fit in the request line and headers
        HttpProxy proxy = HttpProxy.reverseProxy(vertx.createHttpClient(new HttpClientOptions()
                        .setMaxPoolSize(100)
                        .setMaxInitialLineLength(64 * 1024)
                        .setMaxHeaderSize(64 * 1024)))
                .origin(originPort, "127.0.0.1");
        proxy.addInterceptor(new Interceptor(vertx, publisher, faults));
        HttpServer server = vertx.createHttpServer(new HttpServerOptions()
                .setHost(host)
                .setPort(port)
                .setHandle100ContinueAutomatically(true)
                .setMaxInitialLineLength(64 * 1024)
                .setMaxHeaderSize(64 * 1024));
        try {
            server.requestHandler(proxy).listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            vertx.close();
            throw new IllegalStateException("cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        return new NotifyingS3Proxy(vertx, server);
    }

    @Override
    public void close() throws Exception {
        server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private record Interceptor(Vertx vertx, S3EventPublisher publisher, Faults faults) implements ProxyInterceptor {

        @Override
        public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
            ProxyRequest request = context.request();
            // answered by this server already; the origin must not wait for a second go-ahead
            request.headers().remove("Expect");
            request.setURI(withPlainSlashes(request.getURI()));
            boolean internal = request.headers().contains(INTERNAL_HEADER);
            request.headers().remove(INTERNAL_HEADER);
            if (internal || !faults.anyS3Fault()) {
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
                        : ProxyAnswers.instead(request, fault.status, "application/xml", fault.xml());
            });
        }

        private Future<ProxyResponse> serve(ProxyContext context) {
            ProxyRequest request = context.request();
            Optional<S3Write> found = classify(request);
            if (found.isEmpty()) {
                return context.sendRequest();
            }
            S3Write write = found.get();
            context.set(WRITE, write);
            if (!write.isBatch()) {
                context.set(KEYS, List.of(write.key()));
                return context.sendRequest();
            }
            boolean post = S3Write.POST.equals(write.eventName());
            String length = request.headers().get("Content-Length");
            if (post
                    && (length == null || Long.parseLong(length) > MAX_FORM_BYTES)) {
                LOG.warn("POST upload of unknown or large size: stored, but no event is published for it");
                return context.sendRequest();
            }
            return readWhole(request).compose(body -> {
                request.setBody(Body.body(body));
                try {
                    context.set(KEYS, post
                            ? RequestBodies.postObjectKey(body.getBytes(), request.headers().get("Content-Type"))
                                    .map(List::of).orElse(List.of())
                            : RequestBodies.deleteObjectsKeys(body.getBytes()));
                } catch (IllegalArgumentException e) {
                    LOG.warn("No event for a request whose body names no keys: {}", e.getMessage());
                }
                return context.sendRequest();
            });
        }

        @Override
        public Future<Void> handleProxyResponse(ProxyContext context) {
            int status = context.response().getStatusCode();
            S3Write write = context.get(WRITE, S3Write.class);
            @SuppressWarnings("unchecked")
            List<String> keys = context.get(KEYS, List.class);
            return context.sendResponse().onSuccess(done -> {
                if (publisher != null && write != null && keys != null && status >= 200 && status < 300) {
                    publisher.published(write, keys);
                }
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

        private static Optional<S3Write> classify(ProxyRequest request) {
            try {
                return S3Write.of(request.getMethod().name(), request.getURI(), request.headers()::get);
            } catch (IllegalArgumentException notAKey) {
                return Optional.empty();
            }
        }

        private static Future<Buffer> readWhole(ProxyRequest request) {
            HttpServerRequest incoming = request.proxiedRequest();
            Future<Buffer> body = incoming.body();
            incoming.resume();
            return body;
        }
    }
}
