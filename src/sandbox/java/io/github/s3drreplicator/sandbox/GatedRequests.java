package io.github.s3drreplicator.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import io.vertx.core.Future;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyRequest;
import io.vertx.httpproxy.ProxyResponse;

/**
 * The last step before the store: a request passes the {@link BucketGate} of each bucket it reads (its own, and a
 * copy's source) and keeps its passes until the store answers. Last, so that it takes its passes after any key lock
 * it waits for: the proxy holds a gate under a key's lock. Deletes do not pass: they read nothing, and the proxy
 * holds a gate while it answers one.
 */
record GatedRequests(BucketGate gate) implements ProxyInterceptor {

    @Override
    public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
        ProxyRequest request = context.request();
        List<String> buckets = buckets(request);
        if (buckets.isEmpty()) {
            return context.sendRequest();
        }
        List<BucketGate.Lease> passes = new ArrayList<>(buckets.size());
        Future<Void> passed = Future.succeededFuture();
        for (String bucket : buckets) {
            passed = passed.compose(ignored -> gate.pass(bucket).map(pass -> {
                passes.add(pass);
                return null;
            }));
        }
        return passed.compose(ignored -> context.sendRequest())
                .onComplete(answered -> passes.forEach(BucketGate.Lease::release));
    }

    /** The buckets a request reads, in order; none for a delete, or a request to no bucket. */
    private static List<String> buckets(ProxyRequest request) {
        String method = request.getMethod().name();
        S3Path path;
        try {
            path = S3Path.parse(request.getURI());
        } catch (IllegalArgumentException badlyEncoded) {
            return List.of();
        }
        if (path.bucket() == null || "DELETE".equals(method) || ("POST".equals(method) && path.has("delete"))) {
            return List.of();
        }
        TreeSet<String> buckets = new TreeSet<>();
        buckets.add(path.bucket());
        String copySource = S3Path.copySourceBucket(request.headers().get("x-amz-copy-source"));
        if (copySource != null) {
            buckets.add(copySource);
        }
        return List.copyOf(buckets);
    }
}
