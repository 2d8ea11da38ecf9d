package io.github.s3drreplicator.sandbox;

import java.util.Collections;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.vertx.core.http.HttpServerRequest;

/**
 * Requests held without an answer by a {@link OutageMode#TIMEOUT} outage. Their bodies are read and dropped, so that
 * a client giving up (closing the connection) is noticed and forgotten at once; the outage's recovery and the
 * sandbox's end close the connections of those still waiting, without an answer, so that they try again.
 */
final class HeldRequests {

    private static final class Held {
        final HttpServerRequest request;
        final String target;

        Held(HttpServerRequest request, String target) {
            this.request = request;
            this.target = target;
        }
    }

    private final Set<Held> held = Collections.newSetFromMap(new ConcurrentHashMap<>());

    void hold(HttpServerRequest request, Outage outage) {
        Held entry = new Held(request, outage.target());
        held.add(entry);
        request.response().closeHandler(closed -> held.remove(entry));
        request.exceptionHandler(ignored -> { });
        request.handler(ignored -> { });
    }

    /** Closes the connections held by the outage of this target ({@code s3:us-east-2}, {@code sqs}). */
    void release(String target) {
        held.removeIf(entry -> {
            if (entry.target.equals(target)) {
                entry.request.connection().close();
                return true;
            }
            return false;
        });
    }

    void releaseAll() {
        held.removeIf(entry -> {
            entry.request.connection().close();
            return true;
        });
    }

    int size() {
        return held.size();
    }
}
