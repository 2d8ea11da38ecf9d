package io.github.s3drreplicator.sandbox;

import java.util.List;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;

/**
 * The sandbox's switches, under the reserved path {@value #PREFIX} of the public S3 port (no bucket can be named
 * {@code _sandbox}: S3 bucket names have no underscores):
 * <ul>
 *   <li>{@code POST /_sandbox/outage?service=s3&region=us-east-2&mode=503} (or {@code cut}, {@code timeout};
 *   {@code service=sqs} also {@code refuse}; {@code mode=off} recovers)</li>
 *   <li>{@code DELETE /_sandbox/outage?service=s3&region=us-east-2} recovers; without parameters, everything</li>
 *   <li>{@code GET /_sandbox/outage}: {@code {"outages":[{"service":"s3","region":"us-east-2","mode":"503"}]}}</li>
 *   <li>{@code GET /_sandbox/requests}: {@code {"s3":{"HeadObject":12},"sqs":{"ReceiveMessage":40}}};
 *   {@code DELETE} resets them</li>
 * </ul>
 * Answers are JSON; mistakes are {@code 400 {"error":"..."}}.
 */
final class ControlEndpoints {

    static final String PREFIX = "/_sandbox/";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d+");

    private final SandboxControl control;
    private final String sqsRegion;

    /** @param sqsRegion the region of the sandbox's queues (the source region) */
    ControlEndpoints(SandboxControl control, String sqsRegion) {
        this.control = control;
        this.sqsRegion = sqsRegion;
    }

    static boolean isControl(String uri) {
        return uri.startsWith(PREFIX) || uri.equals("/_sandbox") || uri.startsWith("/_sandbox?");
    }

    void handle(HttpServerRequest request) {
        // read whatever body came along before answering, so that the connection stays usable
        request.body().onComplete(ignored -> {
            try {
                route(request).onComplete(done -> {
                    if (done.succeeded()) {
                        answer(request, 200, done.result());
                    } else {
                        fail(request, done.cause());
                    }
                });
            } catch (RuntimeException e) {
                fail(request, e);
            }
        });
    }

    private Future<String> route(HttpServerRequest request) {
        String path = request.path();
        HttpMethod method = request.method();
        if (path.equals(PREFIX + "outage")) {
            if (method == HttpMethod.GET) {
                return Future.succeededFuture(outagesJson());
            }
            if (method == HttpMethod.POST) {
                String mode = required(request, "mode");
                String service = required(request, "service");
                String region = region(service, request.getParam("region"));
                Future<Void> change = "off".equalsIgnoreCase(mode)
                        ? control.recover(service, region)
                        : control.outage(new Outage(service, region, OutageMode.of(mode)));
                return change.map(ignored -> outagesJson());
            }
            if (method == HttpMethod.DELETE) {
                String service = request.getParam("service");
                Future<Void> change = service == null ? control.recoverAll()
                        : control.recover(service, region(service, request.getParam("region")));
                return change.map(ignored -> outagesJson());
            }
            throw new MethodNotAllowed("GET, POST or DELETE");
        }
        if (path.equals(PREFIX + "requests")) {
            if (method == HttpMethod.DELETE) {
                control.resetRequestCounts();
            } else if (method != HttpMethod.GET) {
                throw new MethodNotAllowed("GET or DELETE");
            }
            return Future.succeededFuture(countsJson());
        }
        throw new NotFound(path);
    }

    private String region(String service, String region) {
        if (Outage.S3.equals(service)) {
            if (region == null || !REGION.matcher(region).matches()) {
                throw new IllegalArgumentException("an S3 outage needs a region, such as region=us-east-2");
            }
            return region;
        }
        if (Outage.SQS.equals(service)) {
            if (region != null && !region.equals(sqsRegion)) {
                throw new IllegalArgumentException("the sandbox's SQS is in " + sqsRegion + " only");
            }
            return null;
        }
        throw new IllegalArgumentException("unknown service '" + service + "': s3 or sqs");
    }

    private static String required(HttpServerRequest request, String name) {
        String value = request.getParam(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("missing parameter '" + name + "'");
        }
        return value;
    }

    private String outagesJson() {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode list = root.putArray("outages");
        for (Outage outage : control.outages()) {
            ObjectNode node = list.addObject().put("service", outage.service());
            if (outage.region() != null) {
                node.put("region", outage.region());
            }
            node.put("mode", outage.mode().label());
        }
        return root.toString();
    }

    private String countsJson() {
        ObjectNode root = JSON.createObjectNode();
        control.requestCounts().forEach((service, operations) -> {
            ObjectNode node = root.putObject(service);
            operations.forEach(node::put);
        });
        return root.toString();
    }

    private static void fail(HttpServerRequest request, Throwable cause) {
        int status = cause instanceof NotFound ? 404 : cause instanceof MethodNotAllowed ? 405
                : cause instanceof IllegalArgumentException ? 400 : 500;
        answer(request, status, JSON.createObjectNode().put("error", String.valueOf(cause.getMessage())).toString());
    }

    private static void answer(HttpServerRequest request, int status, String json) {
        request.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(json + "\n");
    }

    private static final class NotFound extends RuntimeException {
        NotFound(String path) {
            super("no such control endpoint: " + path + " (there are " + List.of(PREFIX + "outage", PREFIX + "requests")
                    + ")");
        }
    }

    private static final class MethodNotAllowed extends RuntimeException {
        MethodNotAllowed(String allowed) {
            super("use " + allowed);
        }
    }
}
