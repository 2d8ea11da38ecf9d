package io.github.s3drreplicator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import org.apache.camel.support.ScheduledPollConsumer;
import org.junit.jupiter.api.Test;

/**
 * A pod is ready once its queue consumer polls, not once its first long poll returns: with production's 20 s long
 * polling on an empty queue, readiness is up well before the first poll ends.
 */
class ReadinessIT {

    @Test
    void readinessIsUpOnceTheConsumerPollsNotWhenItsFirstLongPollReturns() throws Exception {
        try (SandboxEnvironment environment = SandboxEnvironment.start(true);
             RunningReplicator replicator = RunningReplicator.start(environment,
                     Map.of("replicator.sqs.wait-time-seconds", "20"))) {
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest ready = HttpRequest.newBuilder(URI.create(replicator.managementUrl(
                    "/observe/health/ready?exposureLevel=full"))).build();

            // the first long poll began about a second after the routes started, and ends 20 s later
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                    .until(() -> http.send(ready, HttpResponse.BodyHandlers.ofString()).statusCode() == 200);

            ScheduledPollConsumer consumer = (ScheduledPollConsumer) replicator.context()
                    .getRoute("consume-s3-events").getConsumer();
            assertThat(consumer.isFirstPollDone()).as("the first long poll is still under way").isFalse();
            String body = http.send(ready, HttpResponse.BodyHandlers.ofString()).body();
            assertThat(body).contains("queue-consumer").doesNotContain("consumer:consume-s3-events");
        }
    }
}
