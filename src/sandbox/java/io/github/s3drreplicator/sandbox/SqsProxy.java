package io.github.s3drreplicator.sandbox;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
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
import io.vertx.httpproxy.ProxyResponse;

/**
 * The sandbox's public SQS port: a streaming reverse proxy in front of ElasticMQ that counts requests by operation,
 * answers for SQS while it is down on purpose (503, cut connections, held requests, or no port at all), and fails
 * a share of ReceiveMessage calls when asked to.
 */
final class SqsProxy implements AutoCloseable {

    private static final String JSON_UNAVAILABLE = "{\"__type\":\"com.amazonaws.sqs#ServiceUnavailable\","
            + "\"message\":\"Service is unable to handle request.\"}";
    private static final String QUERY_UNAVAILABLE = "<?xml version=\"1.0\"?><ErrorResponse><Error><Type>Receiver</Type>"
            + "<Code>ServiceUnavailable</Code><Message>Service is unable to handle request.</Message></Error>"
            + "<RequestId>%s</RequestId></ErrorResponse>";

    private final Vertx vertx;
    private final HttpServerOptions options;
    private final HttpProxy proxy;
    private final Faults faults;
    private final Outages outages;
    private final RequestCounts counts;
    private final HeldRequests held;
    // query protocol bodies already read to count their action, until the proxy sends them on
    private final Map<HttpServerRequest, Buffer> readBodies = new ConcurrentHashMap<>();
    // the server listening now; null while SQS refuses connections
    private HttpServer server;

    private SqsProxy(Vertx vertx, String host, int port, int originPort, Faults faults, Outages outages,
                     RequestCounts counts, HeldRequests held) {
        this.vertx = vertx;
        this.options = new HttpServerOptions().setHost(host).setPort(port).setHttp2ClearTextEnabled(false);
        // Vert.x keeps 5 connections per origin by default: every long poll holds one for its wait, so two replicas'
        // pollers would leave none for their other requests
        this.proxy = HttpProxy.reverseProxy(vertx.createHttpClient(new HttpClientOptions().setMaxPoolSize(200)))
                .origin(originPort, host);
        this.faults = faults;
        this.outages = outages;
        this.counts = counts;
        this.held = held;
        proxy.addInterceptor(new Interceptor());
    }

    static SqsProxy start(Vertx vertx, String host, int port, int originPort, Faults faults, Outages outages,
                          RequestCounts counts, HeldRequests held) {
        SqsProxy sqsProxy = new SqsProxy(vertx, host, port, originPort, faults, outages, counts, held);
        try {
            sqsProxy.listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        return sqsProxy;
    }

    /** Listens, or stops listening, as the SQS outage in effect now wants. */
    Future<Void> follow(Optional<Outage> outage) {
        boolean refuse = outage.map(o -> o.mode() == OutageMode.REFUSE).orElse(false);
        return refuse ? stopListening() : listen();
    }

    private synchronized Future<Void> listen() {
        if (server != null) {
            return Future.succeededFuture();
        }
        HttpServer listening = vertx.createHttpServer(options).requestHandler(this::handle);
        server = listening;
        return listening.listen().<Void>mapEmpty().onFailure(failed -> {
            synchronized (this) {
                if (server == listening) {
                    server = null;
                }
            }
        });
    }

    private synchronized Future<Void> stopListening() {
        if (server == null) {
            return Future.succeededFuture();
        }
        HttpServer closing = server;
        server = null;
        // closing the server closes its open connections too: kept-alive clients are refused like new ones
        return closing.close();
    }

    private void handle(HttpServerRequest request) {
        Optional<String> operation = SqsOperations.fromTarget(request.getHeader("X-Amz-Target"));
        if (operation.isEmpty() && SqsOperations.formBody(request.getHeader("Content-Type"))) {
            // the query protocol names its action in the form body: small, read whole, then sent on as read
            request.body().onSuccess(body -> {
                count(SqsOperations.fromForm(body));
                serve(request, body);
            });
            return;
        }
        count(operation.orElseGet(() -> SqsOperations.fromQuery(request.query())));
        serve(request, null);
    }

    private void count(String operation) {
        counts.count(RequestCounts.SQS, operation);
    }

    private void serve(HttpServerRequest request, Buffer readBody) {
        Optional<Outage> outage = outages.sqs();
        if (outage.isPresent()) {
            switch (outage.get().mode()) {
                case CUT, REFUSE -> request.connection().close();
                case TIMEOUT -> held.hold(request, outage.get());
                default -> unavailable(request);
            }
            return;
        }
        if (readBody != null) {
            readBodies.put(request, readBody);
        }
        proxy.handle(request);
    }

    private static void unavailable(HttpServerRequest request) {
        boolean json = request.getHeader("X-Amz-Target") != null;
        if (json) {
            ProxyAnswers.answer(request, 503, Map.of("x-amzn-query-error", "ServiceUnavailable;Receiver"),
                    SqsOperations.JSON_CONTENT_TYPE, JSON_UNAVAILABLE);
        } else {
            ProxyAnswers.answer(request, 503, Map.of(), "text/xml",
                    String.format(QUERY_UNAVAILABLE, S3Errors.requestId()));
        }
    }

    private final class Interceptor implements ProxyInterceptor {

        @Override
        public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
            Buffer read = readBodies.remove(context.request().proxiedRequest());
            if (read != null) {
                context.request().setBody(Body.body(read));
            }
            String target = context.request().headers().get("X-Amz-Target");
            if (target != null && target.endsWith(".ReceiveMessage") && faults.nextSqsReceiveFails()) {
                return ProxyAnswers.instead(context.request(), 500, SqsOperations.JSON_CONTENT_TYPE,
                        "{\"__type\":\"com.amazonaws.sqs#InternalError\",\"message\":\"sandbox fault\"}");
            }
            return context.sendRequest();
        }
    }

    @Override
    public void close() throws Exception {
        stopListening().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
