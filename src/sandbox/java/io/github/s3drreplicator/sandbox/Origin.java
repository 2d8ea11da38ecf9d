package io.github.s3drreplicator.sandbox;

import java.nio.charset.StandardCharsets;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

/**
 * The proxy's own requests to the S3 server behind it, which clients never see: to read a key's current ETag, a
 * bucket's versioning, a key's versions or an upload's parts. Their answers are small and read whole.
 */
final class Origin {

    /** An answer, its body read. */
    record Answer(int status, MultiMap headers, Buffer body) {

        String header(String name) {
            return headers.get(name);
        }
    }

    private final HttpClient client;
    private final int port;

    Origin(HttpClient client, int port) {
        this.client = client;
        this.port = port;
    }

    /** @param uri path and query as the store reads them ({@link #objectPath}, {@link #encode}) */
    Future<Answer> send(HttpMethod method, String uri) {
        return client.request(new RequestOptions().setMethod(method).setHost("127.0.0.1").setPort(port).setURI(uri))
                .compose(request -> request.send())
                .compose(response -> response.body()
                        .map(body -> new Answer(response.statusCode(), response.headers(), body)));
    }

    /** The path of an object as the store reads it: UTF-8, percent-encoded but for {@code /}. */
    static String objectPath(String bucket, String key) {
        return "/" + encode(bucket) + "/" + encode(key).replace("%2F", "/");
    }

    /** A path segment or query value, percent-encoded: everything but unreserved characters. */
    static String encode(String text) {
        StringBuilder out = new StringBuilder(text.length() * 3);
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            boolean unreserved = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == '~';
            if (unreserved) {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return out.toString();
    }
}
