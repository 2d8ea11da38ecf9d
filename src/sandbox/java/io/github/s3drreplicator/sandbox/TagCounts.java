package io.github.s3drreplicator.sandbox;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.httpproxy.ProxyResponse;

/**
 * S3 says how many tags an object has when the object is read ({@code x-amz-tagging-count} on HeadObject and
 * GetObject, only where there are some); S3Mock says nothing. The proxy asks the store for the object's tags and adds
 * the header to the answer, as S3 would give it.
 */
final class TagCounts {

    static final String HEADER = "x-amz-tagging-count";
    private static final Pattern TAG = Pattern.compile("<Tag>");

    private final Origin origin;

    TagCounts(Origin origin) {
        this.origin = origin;
    }

    /** Whether a request reads an object itself (HeadObject, GetObject, of its current or a given version). */
    static boolean readsAnObject(String method, S3Path path) {
        return ("GET".equals(method) || "HEAD".equals(method)) && path.bucket() != null && path.key() != null
                && path.subresources().stream().allMatch("versionId"::equals);
    }

    /** Adds the count to a successful answer that lacks it; the answer is sent as it is if the store cannot say. */
    Future<Void> add(ProxyResponse response, S3Path path) {
        int status = response.getStatusCode();
        if (status < 200 || status >= 300 || response.headers().contains(HEADER)) {
            return Future.succeededFuture();
        }
        String uri = Origin.objectPath(path.bucket(), path.key()) + "?tagging"
                + (path.has("versionId") ? "&versionId=" + Origin.encode(path.parameter("versionId")) : "");
        return origin.send(HttpMethod.GET, uri).map(answer -> {
            if (answer.status() == 200) {
                int count = count(answer.body().toString(StandardCharsets.UTF_8));
                if (count > 0) {
                    response.putHeader(HEADER, String.valueOf(count));
                }
            }
            return (Void) null;
        }).otherwise((Void) null);
    }

    /** How many tags a GetObjectTagging answer holds. */
    static int count(String tagging) {
        Matcher matcher = TAG.matcher(tagging);
        int count = 0;
        while (matcher.find()) {
            count++;
        }
        return count;
    }
}
