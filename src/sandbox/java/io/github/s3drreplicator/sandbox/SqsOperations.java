package io.github.s3drreplicator.sandbox;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import io.vertx.core.buffer.Buffer;

/**
 * Names an SQS request by its operation: the {@code X-Amz-Target} header of the JSON protocol
 * ({@code AmazonSQS.ReceiveMessage}), or the {@code Action} parameter of the query protocol, in the URL or in a
 * form body.
 */
final class SqsOperations {

    static final String UNKNOWN = "Unknown";
    static final String JSON_CONTENT_TYPE = "application/x-amz-json-1.0";

    private SqsOperations() {
    }

    /** From the JSON protocol's target header; empty for a query protocol request. */
    static Optional<String> fromTarget(String target) {
        if (target == null || target.isBlank()) {
            return Optional.empty();
        }
        int dot = target.lastIndexOf('.');
        return Optional.of(dot < 0 ? target.trim() : target.substring(dot + 1).trim());
    }

    /** The {@code Action} of a query protocol request, from the URL's query string or the form body. */
    static String fromQuery(String rawQueryOrForm) {
        if (rawQueryOrForm == null) {
            return UNKNOWN;
        }
        for (String pair : rawQueryOrForm.split("&")) {
            if (pair.startsWith("Action=")) {
                return java.net.URLDecoder.decode(pair.substring("Action=".length()), StandardCharsets.UTF_8);
            }
        }
        return UNKNOWN;
    }

    /** Whether a request without a target header carries its parameters in a form body that must be read. */
    static boolean formBody(String contentType) {
        return contentType != null && contentType.toLowerCase().startsWith("application/x-www-form-urlencoded");
    }

    static String fromForm(Buffer body) {
        return fromQuery(body.toString(StandardCharsets.UTF_8));
    }
}
