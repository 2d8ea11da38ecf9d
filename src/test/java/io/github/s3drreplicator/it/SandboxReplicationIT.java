package io.github.s3drreplicator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.Test;

/** The replication tests against the embedded sandbox, plus what only the sandbox run shows: management. */
class SandboxReplicationIT extends AbstractReplicationIT {

    @Override
    protected AwsTestEnvironment startEnvironment() throws Exception {
        return SandboxEnvironment.start(true);
    }

    @Test
    void healthEndpointsAnswerOnTheManagementPort() {
        HttpClient http = HttpClient.newHttpClient();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            for (String path : new String[] {"/observe/health", "/observe/health/live", "/observe/health/ready"}) {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create(replicator.managementUrl(path))).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).as(path).isEqualTo(200);
                assertThat(response.body()).as(path).contains("UP");
            }
        });
    }
}
