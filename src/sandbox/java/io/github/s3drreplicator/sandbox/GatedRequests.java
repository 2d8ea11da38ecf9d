package io.github.s3drreplicator.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import io.vertx.core.Future;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyRequest;
import io.vertx.httpproxy.ProxyResponse;

/**
 * The last step before the store: a request passes the {@link BucketGate} of each bucket it reads (its own, and a
 * copy's source) and keeps its passes until the store answers. Last, so that it takes its passes after any key lock
 * it waits for: the proxy holds a gate under a key's lock. DeleteObject and DeleteObjects do not pass: they read
 * nothing, and the proxy holds a gate while it answers one. A request keeps its passes until its answer's head
 * arrives, so a slow upload holds up a gate's holder, and the requests behind it, for as long as it takes.
 */
record GatedRequests(BucketGate gate) implements ProxyInterceptor {

    @Override
    public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
        ProxyRequest request = context.request();
        List<String> buckets = bucketsRead(request.getMethod().name(), request.getURI(),
                request.headers().get("x-amz-copy-source"));
        if (buckets.isEmpty()) {
            return context.sendRequest();
        }
        List<Lease> passes = new ArrayList<>(buckets.size());
        Future<Void> passed = Future.succeededFuture();
        for (String bucket : buckets) {
            passed = passed.compose(ignored -> gate.pass(bucket).map(pass -> {
                passes.add(pass);
                return null;
            }));
        }
        return passed.compose(ignored -> context.sendRequest())
                .onComplete(answered -> passes.forEach(Lease::release));
    }

    /**
     * The buckets a request reads, in order: its own, and a copy's source. None for DeleteObject and DeleteObjects,
     * which read nothing and which the proxy answers while it holds a gate, or for a request to no bucket.
     */
    static List<String> bucketsRead(String method, String uri, String copySource) {
        S3Path path;
        try {
            path = S3Path.parse(uri);
        } catch (IllegalArgumentException badlyEncoded) {
            return List.of();
        }
        boolean deleteObject = "DELETE".equals(method) && path.key() != null
                && Set.of("versionId").containsAll(path.subresources());
        boolean deleteObjects = "POST".equals(method) && path.key() == null && path.has("delete");
        if (path.bucket() == null || deleteObject || deleteObjects) {
            return List.of();
        }
        TreeSet<String> buckets = new TreeSet<>();
        buckets.add(path.bucket());
        String source = S3Path.copySourceBucket(copySource);
        if (source != null) {
            buckets.add(source);
        }
        return List.copyOf(buckets);
    }
}
