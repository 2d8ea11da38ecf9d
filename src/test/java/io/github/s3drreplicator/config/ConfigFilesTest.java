package io.github.s3drreplicator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** config/'s JSON files are JSON as shipped, and still what the AWS CLI takes once config/README.md filled them in. */
class ConfigFilesTest {

    @Test
    void everyJsonFileInConfigIsValidJsonAsShipped() {
        assertThat(ConfigFiles.jsonFiles()).hasSizeGreaterThan(15)
                .contains(ConfigFiles.CONFIG.resolve("state-bucket-policy.json"));
        for (Path file : ConfigFiles.jsonFiles()) {
            assertThatCode(() -> new ObjectMapper().readTree(file.toFile())).as("%s", file)
                    .doesNotThrowAnyException();
        }
    }

    @Test
    void theSourceBucketNotifiesCreationsRemovalsTagChangesAndLifecycleExpirations() {
        JsonNode events = ConfigFiles.read("bucket-notification-configuration.json")
                .at("/QueueConfigurations/0/Events");

        assertThat(events).extracting(JsonNode::asText).containsExactly("s3:ObjectCreated:*", "s3:ObjectRemoved:*",
                "s3:ObjectTagging:*", "s3:LifecycleExpiration:*");
    }

    @Test
    void filledInEveryFileStaysJsonAndDayCountsBecomeNumbers() throws Exception {
        for (Path path : ConfigFiles.jsonFiles()) {
            String file = ConfigFiles.CONFIG.relativize(path).toString();
            Map<String, String> values = new HashMap<>();
            ConfigFiles.placeholders(file).forEach(name -> values.put(name, name.endsWith("_DAYS") ? "30" : "x"));
            JsonNode filled = new ObjectMapper().readTree(ConfigFiles.fill(file, values));
            assertThat(filled.toString()).as(file).doesNotContain("${");
            filled.findValues("Days").forEach(days -> assertThat(days.isInt()).as("Days in %s", file).isTrue());
            filled.findValues("NoncurrentDays")
                    .forEach(days -> assertThat(days.isInt()).as("NoncurrentDays in %s", file).isTrue());
        }
        List<String> resources = new ArrayList<>();
        new ObjectMapper().readTree(ConfigFiles.fill("state-bucket-policy.json", Map.of("STATE_BUCKET",
                        "s3-dr-replicator-state", "ACCOUNT_ID", "123456789012", "ROLE_NAME", "s3-dr-replicator")))
                .findValues("Resource").forEach(resource -> {
                    if (resource.isTextual()) {
                        resources.add(resource.asText());
                    }
                    resource.forEach(element -> resources.add(element.asText()));
                });
        assertThat(resources).as("state-bucket-policy.json filled in names the state bucket alone").isNotEmpty()
                .allMatch(resource -> resource.equals("arn:aws:s3:::s3-dr-replicator-state")
                        || resource.equals("arn:aws:s3:::s3-dr-replicator-state/*"));
        assertThat(new ObjectMapper().readTree(ConfigFiles.fill("dr-bucket-lifecycle-delayed-deletes.json",
                Map.of("DELETE_DELAY_DAYS", "7"))).at("/Rules/1")).hasToString(
                "{\"ID\":\"expire-copies-deleted-in-production-after-7-days\",\"Status\":\"Enabled\","
                        + "\"Filter\":{\"Tag\":{\"Key\":\"replicator-delete-after-days\",\"Value\":\"7\"}},"
                        + "\"Expiration\":{\"Days\":7}}");
    }
}
