package io.github.s3drreplicator.sandbox;

import java.util.Map;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.streams.ReadStream;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.ProxyRequest;
import io.vertx.httpproxy.ProxyResponse;

/** How the sandbox's proxies answer a request themselves, instead of passing it to the server behind them. */
final class ProxyAnswers {

    private ProxyAnswers() {
    }

    /** The given answer, once the request body was read to its end (the client is still sending it). */
    static Future<ProxyResponse> instead(ProxyRequest request, int status, String contentType, String body) {
        return drained(request.proxiedRequest()).map(read -> request.response()
                .setStatusCode(status)
                .putHeader("Content-Type", contentType)
                .putHeader("x-amz-request-id", S3Errors.requestId())
                .setBody(Body.body(Buffer.buffer(body))));
    }

    /**
     * Answers a request before it reaches any proxy, once its body was read and dropped (never kept: it may be
     * large). A HEAD's answer has headers only, as HTTP wants.
     *
     * @param body {@code null} for none
     */
    static void answer(HttpServerRequest request, int status, Map<String, String> headers, String contentType,
                       String body) {
        drained(request).onComplete(read -> {
            HttpServerResponse response = request.response().setStatusCode(status);
            headers.forEach(response::putHeader);
            response.putHeader("x-amz-request-id", S3Errors.requestId());
            if (body == null || request.method() == HttpMethod.HEAD) {
                response.end();
            } else {
                response.putHeader("Content-Type", contentType).end(body);
            }
        });
    }

    /** The whole body of an answer from the server behind (a small XML document), read once. */
    static Future<Buffer> whole(ProxyResponse response) {
        ReadStream<Buffer> stream = response.getBody().stream();
        Buffer whole = Buffer.buffer();
        Promise<Buffer> read = Promise.promise();
        stream.handler(whole::appendBuffer);
        stream.exceptionHandler(read::tryFail);
        stream.endHandler(end -> read.tryComplete(whole));
        stream.resume();
        return read.future();
    }

    /** Replaces an answer's body with this one, its length said anew. */
    static void replaceBody(ProxyResponse response, byte[] body) {
        replaceBody(response, Buffer.buffer(body));
    }

    static void replaceBody(ProxyResponse response, Buffer body) {
        response.headers().remove("Content-Length");
        response.setBody(Body.body(body));
    }

    private static Future<Void> drained(HttpServerRequest incoming) {
        if (incoming.isEnded()) {
            // read already (a query protocol form, to name its action)
            return Future.succeededFuture();
        }
        incoming.handler(ignored -> { });
        Future<Void> end = incoming.end();
        incoming.resume();
        return end;
    }
}
