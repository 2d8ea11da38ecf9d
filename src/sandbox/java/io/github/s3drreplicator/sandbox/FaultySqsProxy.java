package io.github.s3drreplicator.sandbox;

import java.util.concurrent.TimeUnit;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.httpproxy.HttpProxy;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyResponse;

/**
 * Stands on the sandbox's public SQS port in front of ElasticMQ when SQS is to fail on purpose: a share of
 * ReceiveMessage calls (AWS JSON protocol) is answered with a 500 instead of messages.
 */
final class FaultySqsProxy implements AutoCloseable {

    private final Vertx vertx;
    private final HttpServer server;

    private FaultySqsProxy(Vertx vertx, HttpServer server) {
        this.vertx = vertx;
        this.server = server;
    }

    static FaultySqsProxy start(String host, int port, int originPort, Faults faults) {
        Vertx vertx = Vertx.vertx();
        HttpProxy proxy = HttpProxy.reverseProxy(vertx.createHttpClient()).origin(originPort, host);
        proxy.addInterceptor(new ProxyInterceptor() {
            @Override
            public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
                String target = context.request().headers().get("X-Amz-Target");
                if (target != null && target.endsWith(".ReceiveMessage") && faults.nextSqsReceiveFails()) {
                    return ProxyAnswers.instead(context.request(), 500, "application/x-amz-json-1.0",
                            "{\"__type\":\"com.amazonaws.sqs#InternalError\",\"message\":\"sandbox fault\"}");
                }
                return context.sendRequest();
            }
        });
        HttpServer server = vertx.createHttpServer(new HttpServerOptions().setHost(host).setPort(port));
        try {
            server.requestHandler(proxy).listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            vertx.close();
            throw new IllegalStateException("cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        return new FaultySqsProxy(vertx, server);
    }

    @Override
    public void close() throws Exception {
        server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
