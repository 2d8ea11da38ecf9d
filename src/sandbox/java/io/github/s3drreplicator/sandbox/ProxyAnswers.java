package io.github.s3drreplicator.sandbox;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.ProxyRequest;
import io.vertx.httpproxy.ProxyResponse;

/** How the sandbox's proxies answer a request themselves, instead of passing it to the server behind them. */
final class ProxyAnswers {

    private ProxyAnswers() {
    }

    /** The given answer, once the request body was read to its end (the client is still sending it). */
    static Future<ProxyResponse> instead(ProxyRequest request, int status, String contentType, String body) {
        HttpServerRequest incoming = request.proxiedRequest();
        incoming.handler(ignored -> { });
        Future<Void> end = incoming.end();
        incoming.resume();
        return end.map(read -> request.response()
                .setStatusCode(status)
                .putHeader("Content-Type", contentType)
                .setBody(Body.body(Buffer.buffer(body))));
    }
}
