package io.github.s3drreplicator.sandbox;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
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
 *   {@code service=s3} also {@code 403}, {@code service=sqs} also {@code refuse}; {@code mode=off} recovers)</li>
 *   <li>{@code DELETE /_sandbox/outage?service=s3&region=us-east-2} recovers; without parameters, everything</li>
 *   <li>{@code GET /_sandbox/outage}: {@code {"outages":[{"service":"s3","region":"us-east-2","mode":"503"}]}}</li>
 *   <li>{@code GET /_sandbox/requests}: {@code {"s3":{"HeadObject":12},"sqs":{"ReceiveMessage":40}}};
 *   {@code DELETE} resets them</li>
 *   <li>{@code POST /_sandbox/holds?operation=HeadObject&bucket=dr-bucket&key=a.txt&mode=hold} (or {@code late};
 *   optionally {@code copySourceBucket}, {@code occurrence=2} or {@code every}, {@code releaseAfterMs}) holds a
 *   request back and answers the hold with its {@code id}; {@code GET /_sandbox/holds} lists them,
 *   {@code GET /_sandbox/holds/{id}} one, {@code POST /_sandbox/holds/{id}/release} releases one,
 *   {@code DELETE /_sandbox/holds} releases and forgets them all</li>
 * </ul>
 * Answers are JSON; mistakes are {@code 400 {"error":"..."}}.
 */
final class ControlEndpoints {

    static final String PREFIX = "/_sandbox/";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d+");
    private static final Pattern ONE_HOLD = Pattern.compile(Pattern.quote(PREFIX) + "holds/([0-9]+)(/release)?");
    private static final Set<String> HOLD_PARAMETERS = Set.of("operation", "bucket", "key", "mode",
            "copySourceBucket", "occurrence", "releaseAfterMs");

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
        if (path.equals(PREFIX + "holds")) {
            if (method == HttpMethod.GET) {
                return Future.succeededFuture(holdsJson());
            }
            if (method == HttpMethod.POST) {
                return Future.succeededFuture(holdJson(control.hold(holdRule(request))).toString());
            }
            if (method == HttpMethod.DELETE) {
                control.releaseHolds();
                return Future.succeededFuture(holdsJson());
            }
            throw new MethodNotAllowed("GET, POST or DELETE");
        }
        Matcher one = ONE_HOLD.matcher(path);
        if (one.matches()) {
            Hold hold = control.holds().stream().filter(h -> h.id().equals(one.group(1))).findFirst()
                    .orElseThrow(() -> new NotFound("no hold " + one.group(1)));
            boolean release = one.group(2) != null;
            if (release && method == HttpMethod.POST) {
                hold.release();
            } else if (release || method != HttpMethod.GET) {
                throw new MethodNotAllowed(release ? "POST" : "GET");
            }
            return Future.succeededFuture(holdJson(hold).toString());
        }
        throw NotFound.endpoint(path);
    }

    /** A rule from the parameters of {@code POST /_sandbox/holds}; a parameter it does not know is a mistake. */
    private static HoldRule holdRule(HttpServerRequest request) {
        List<String> unknown = request.params().names().stream().filter(name -> !HOLD_PARAMETERS.contains(name))
                .sorted().toList();
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown parameters " + unknown + ": a hold takes "
                    + new TreeSet<>(HOLD_PARAMETERS));
        }
        String occurrence = request.getParam("occurrence", "1");
        String after = request.getParam("releaseAfterMs");
        HoldRule rule = new HoldRule(required(request, "operation"), required(request, "bucket"),
                required(request, "key"), request.getParam("copySourceBucket"), HoldRule.EVERY,
                HoldMode.of(request.getParam("mode", HoldMode.HOLD.label())),
                after == null ? null : Duration.ofMillis(number("releaseAfterMs", after)));
        return "every".equalsIgnoreCase(occurrence) ? rule : rule.occurrence((int) number("occurrence", occurrence));
    }

    private static long number(String name, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + name + "' is a number" + ("occurrence".equals(name)
                    ? " (1 for the first matching request) or every" : "") + ", not '" + value + "'");
        }
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

    private String holdsJson() {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode list = root.putArray("holds");
        control.holds().forEach(hold -> list.add(holdJson(hold)));
        return root.toString();
    }

    private static ObjectNode holdJson(Hold hold) {
        HoldRule rule = hold.rule();
        ObjectNode node = JSON.createObjectNode()
                .put("id", hold.id())
                .put("operation", rule.operation())
                .put("bucket", rule.bucket())
                .put("key", rule.key());
        if (rule.copySourceBucket() != null) {
            node.put("copySourceBucket", rule.copySourceBucket());
        }
        node.put("mode", rule.mode().label());
        if (rule.occurrence() == HoldRule.EVERY) {
            node.put("occurrence", "every");
        } else {
            node.put("occurrence", rule.occurrence());
        }
        if (rule.releaseAfter() != null) {
            node.put("releaseAfterMs", rule.releaseAfter().toMillis());
        }
        return node.put("waiting", hold.waiting())
                .put("held", hold.held())
                .put("answered", hold.answered())
                .put("released", hold.released());
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
        NotFound(String message) {
            super(message);
        }

        static NotFound endpoint(String path) {
            return new NotFound("no such control endpoint: " + path + " (there are " + List.of(PREFIX + "outage",
                    PREFIX + "requests", PREFIX + "holds") + ")");
        }
    }

    private static final class MethodNotAllowed extends RuntimeException {
        MethodNotAllowed(String allowed) {
            super("use " + allowed);
        }
    }
}
